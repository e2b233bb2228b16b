// Golden values from the Keras docs (keras.io/api/losses), e.g.
//   keras.losses.binary_crossentropy([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])  # [0.916, 0.714]
import { describe, expect, it } from 'vitest';
import {
  BinaryCrossentropy,
  binaryCrossentropy,
  CategoricalCrossentropy,
  categoricalCrossentropy,
  getLoss,
  lossFromConfig,
  meanAbsoluteError,
  meanSquaredError,
  SparseCategoricalCrossentropy,
  sparseCategoricalCrossentropy,
  type CrossentropyOptions,
  type Loss,
} from '../src/losses.ts';
import { getMetric } from '../src/metrics.ts';
import kerasLosses from './fixtures/keras/losses.json' with { type: 'json' };

const f = (a: number[]): Float32Array => Float32Array.from(a);

function value(loss: Loss, pred: number[], target: number[], batch: number, depth: number, sampleWeight: number[] | null = null): number {
  return loss.compute({
    pred: f(pred),
    target: f(target),
    grad: null,
    batch,
    depth,
    sampleWeight: sampleWeight ? f(sampleWeight) : null,
    fused: false,
  });
}

describe('losses', () => {
  it('match Keras golden values', () => {
    expect(value(binaryCrossentropy, [0.6, 0.4, 0.4, 0.6], [0, 1, 0, 0], 2, 2)).toBeCloseTo((0.916 + 0.714) / 2, 3);
    expect(value(categoricalCrossentropy, [0.05, 0.95, 0, 0.1, 0.8, 0.1], [0, 1, 0, 0, 0, 1], 2, 3)).toBeCloseTo((0.0513 + 2.303) / 2, 3);
    expect(value(sparseCategoricalCrossentropy, [0.05, 0.95, 0, 0.1, 0.8, 0.1], [1, 2], 2, 3)).toBeCloseTo((0.0513 + 2.303) / 2, 3);
    expect(value(meanSquaredError, [1, 1, 1, 0], [0, 1, 0, 0], 2, 2)).toBeCloseTo(0.5, 6);
    expect(value(meanAbsoluteError, [1, 1, 1, 0], [0, 1, 0, 0], 2, 2)).toBeCloseTo(0.5, 6);
    // clipping: log(0) never happens
    expect(value(binaryCrossentropy, [0], [1], 1, 1)).toBeCloseTo(-Math.log(1e-7 + 1e-7), 3);
    // sample weights scale samples, and the sum is divided by the batch size
    expect(value(meanSquaredError, [1, 1, 1, 0], [0, 1, 0, 0], 2, 2, [1, 0])).toBeCloseTo(0.25, 6);
  });

  it('names: Keras spellings and aliases', () => {
    expect(getLoss('mse')).toBe(meanSquaredError);
    expect(getLoss('meanAbsoluteError')).toBe(meanAbsoluteError);
    expect(getLoss('sparse_categorical_crossentropy').sparse).toBe(true);
    expect(() => getLoss('nope')).toThrow(/unknown loss 'nope'/);
  });

  it('writes dLoss/dPrediction (checked by finite differences)', () => {
    const cases: Array<[Loss, number[], number[], number]> = [
      [meanSquaredError, [0.3, -0.2, 0.9, 0.1], [0, 1, 0.5, 0], 2],
      [meanAbsoluteError, [0.3, -0.2, 0.9, 0.1], [0, 1, 0.5, 0], 2],
      [binaryCrossentropy, [0.3, 0.2, 0.9, 0.6], [0, 1, 1, 0], 2],
      [categoricalCrossentropy, [0.2, 0.3, 0.5, 0.6, 0.1, 0.3], [0, 1, 0, 1, 0, 0], 3],
      [sparseCategoricalCrossentropy, [0.2, 0.3, 0.5, 0.6, 0.1, 0.3], [1, 0], 3],
    ];
    for (const [loss, pred, target, depth] of cases) {
      const grad = new Float32Array(pred.length);
      const batch = pred.length / depth;
      loss.compute({ pred: f(pred), target: f(target), grad, batch, depth, sampleWeight: null, fused: false });
      pred.forEach((_, i) => {
        const up = [...pred];
        const down = [...pred];
        up[i]! += 1e-3;
        down[i]! -= 1e-3;
        const numeric = (value(loss, up, target, batch, depth) - value(loss, down, target, batch, depth)) / 2e-3;
        expect(grad[i]!, `${loss.name} [${i}]`).toBeCloseTo(numeric, 2);
      });
    }
  });

  it('fused gradients are p − t scaled by the batch, for sigmoid and softmax outputs', () => {
    const grad = new Float32Array(3);
    sparseCategoricalCrossentropy.compute({
      pred: f([0.2, 0.3, 0.5]),
      target: f([2]),
      grad,
      batch: 1,
      depth: 3,
      sampleWeight: null,
      fused: true,
    });
    expect([...grad].map((v) => +v.toFixed(6))).toEqual([0.2, 0.3, -0.5]);
    binaryCrossentropy.compute({ pred: f([0.7, 0.1]), target: f([1, 0]), grad, batch: 2, depth: 1, sampleWeight: null, fused: true });
    expect(grad[0]).toBeCloseTo(-0.15, 6);
    expect(grad[1]).toBeCloseTo(0.05, 6);
    expect(() =>
      sparseCategoricalCrossentropy.compute({
        pred: f([0.5, 0.5]),
        target: f([2]),
        grad: null,
        batch: 1,
        depth: 2,
        sampleWeight: null,
        fused: false,
      }),
    ).toThrow(/class id 2 is outside \[0, 2\)/);
  });
});

// Keras 3 golden values and jax.grad gradients: test/fixtures/keras/losses.json (fixtures-src/keras/make_loss_fixtures.py)

const FACTORIES: Record<string, (o: CrossentropyOptions) => Loss> = {
  binary_crossentropy: BinaryCrossentropy,
  categorical_crossentropy: CategoricalCrossentropy,
  sparse_categorical_crossentropy: SparseCategoricalCrossentropy,
};

function valueAndGrad(loss: Loss, pred: Float32Array, target: Float32Array, batch: number, depth: number): [number, Float32Array] {
  const grad = new Float32Array(pred.length);
  const v = loss.compute({ pred, target, grad, batch, depth, sampleWeight: null, fused: false });
  return [v, grad];
}

describe('cross-entropies: fromLogits and Keras 3 formulas (golden values from Keras 3)', () => {
  for (const c of kerasLosses.cases) {
    it(`${c.name}: value and gradient match Keras ${kerasLosses.keras_version} (jax.grad)`, () => {
      const loss = FACTORIES[c.loss]!({ fromLogits: c.from_logits, kerasVersion: 3 });
      const [batch, depth] = c.pred_shape as [number, number];
      const [v, grad] = valueAndGrad(loss, f(c.pred), f(c.target), batch, depth);
      expect(Math.abs(v - c.value)).toBeLessThan(1e-5 * Math.max(1, Math.abs(c.value)));
      grad.forEach((g, i) => expect(Math.abs(g - c.grad[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(c.grad[i]!))));
    });
  }

  it('fromLogits gradients equal a central finite difference', () => {
    const logits = [1.3, -2.1, 0.4, 3.2, -0.7, 0.1];
    for (const [loss, target] of [
      [BinaryCrossentropy({ fromLogits: true }), [1, 0, 1, 0, 0, 1]],
      [CategoricalCrossentropy({ fromLogits: true }), [0, 1, 0, 0.2, 0.3, 0.5]],
      [SparseCategoricalCrossentropy({ fromLogits: true }), [2, 0]],
    ] as const) {
      const [, grad] = valueAndGrad(loss, f(logits), f([...target]), 2, 3);
      const at = (x: number[]): number =>
        loss.compute({
          pred: Float64Array.from(x) as unknown as Float32Array,
          target: f([...target]),
          grad: null,
          batch: 2,
          depth: 3,
          sampleWeight: null,
          fused: false,
        });
      logits.forEach((_, i) => {
        const h = 1e-4;
        const up = logits.map((v, j) => (j === i ? v + h : v));
        const down = logits.map((v, j) => (j === i ? v - h : v));
        expect(grad[i]!).toBeCloseTo((at(up) - at(down)) / (2 * h), 5);
      });
      expect(loss.fusesWith).toBe(null); // a linear output layer: nothing to fuse with
    }
  });

  it('tf.keras 2 formulas stay the default: log(clip(p) + 1e-7), sparse rows taken as they are', () => {
    expect(value(binaryCrossentropy, [0], [1], 1, 1)).toBeCloseTo(15.4249, 4);
    expect(value(getLoss('binary_crossentropy'), [0], [1], 1, 1)).toBeCloseTo(15.4249, 4);
    expect(value(BinaryCrossentropy({ kerasVersion: 3 }), [0], [1], 1, 1)).toBeCloseTo(16.1181, 4);
    expect(value(getLoss('binary_crossentropy', 3), [0], [1], 1, 1)).toBeCloseTo(16.1181, 4);
    // a row summing to 2: Keras 2 takes −log 0.5, Keras 3 −log(0.5 / 2)
    expect(value(sparseCategoricalCrossentropy, [0.5, 1.5], [0], 1, 2)).toBeCloseTo(-Math.log(0.5), 6);
    expect(value(getLoss('sparseCategoricalCrossentropy', 3), [0.5, 1.5], [0], 1, 2)).toBeCloseTo(-Math.log(0.25), 6);
    // a loss built with its own kerasVersion keeps it; one without takes compile's
    expect(getLoss(BinaryCrossentropy({ kerasVersion: 2 }), 3).options?.kerasVersion).toBe(2);
    expect(getLoss(BinaryCrossentropy({ fromLogits: true }), 3).options).toEqual({ fromLogits: true, kerasVersion: 3 });
    expect(getLoss(meanSquaredError, 3)).toBe(meanSquaredError);
  });

  it('Keras 2 sparse gradient without normalisation equals a finite difference', () => {
    const p = [0.2, 0.5, 0.1];
    for (const version of [2, 3] as const) {
      const loss = SparseCategoricalCrossentropy({ kerasVersion: version });
      const [, grad] = valueAndGrad(loss, f(p), f([1]), 1, 3);
      const at = (x: number[]): number =>
        loss.compute({
          pred: Float64Array.from(x) as unknown as Float32Array,
          target: f([1]),
          grad: null,
          batch: 1,
          depth: 3,
          sampleWeight: null,
          fused: false,
        });
      p.forEach((_, i) => {
        const h = 1e-5;
        expect(grad[i]!).toBeCloseTo(
          (at(p.map((v, j) => (j === i ? v + h : v))) - at(p.map((v, j) => (j === i ? v - h : v)))) / (2 * h),
          3,
        );
      });
    }
  });

  it('options are checked and restored from their saved form', () => {
    expect(() => BinaryCrossentropy({ kerasVersion: 4 as 3 })).toThrow(/kerasVersion must be 2 or 3, got 4/);
    expect(() => BinaryCrossentropy({ fromLogits: 'yes' as unknown as boolean })).toThrow(/fromLogits must be true or false/);
    expect(() => lossFromConfig('mse', { fromLogits: true })).toThrow(/'mse' takes no options/);
    expect(lossFromConfig('categorical_crossentropy', { fromLogits: true }).options).toEqual({ fromLogits: true });
  });

  it("'accuracy' on binary_crossentropy with 3 units: binary in tf.keras 2, categorical in Keras 3", () => {
    const pred = f([0.9, 0.8, 0.1]);
    const target = f([0, 1, 0]); // argmax differs (categorical 0), thresholds agree on 2 of 3 (binary 2/3)
    const [binary] = getMetric('accuracy', binaryCrossentropy, 3).compute(pred, target, 1, 3, null);
    const [categorical] = getMetric('accuracy', binaryCrossentropy, 3, 3).compute(pred, target, 1, 3, null);
    expect(binary).toBeCloseTo(2 / 3, 6);
    expect(categorical).toBe(0);
    expect(getMetric('accuracy', BinaryCrossentropy({ kerasVersion: 3 }), 3).compute(pred, target, 1, 3, null)[0]).toBe(0);
    expect(getMetric('accuracy', binaryCrossentropy, 1, 3).compute(f([0.9]), f([1]), 1, 1, null)[0]).toBe(1);
  });
});
