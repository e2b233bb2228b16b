// Golden values from the Keras docs (keras.io/api/losses), e.g.
//   keras.losses.binary_crossentropy([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])  # [0.916, 0.714]
import { describe, expect, it } from 'vitest';
import { binaryCrossentropy, categoricalCrossentropy, getLoss, meanAbsoluteError, meanSquaredError, sparseCategoricalCrossentropy, type Loss } from '../src/losses.ts';

const f = (a: number[]): Float32Array => Float32Array.from(a);

function value(loss: Loss, pred: number[], target: number[], batch: number, depth: number, sampleWeight: number[] | null = null): number {
  return loss.compute({ pred: f(pred), target: f(target), grad: null, batch, depth, sampleWeight: sampleWeight ? f(sampleWeight) : null, fused: false });
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
    sparseCategoricalCrossentropy.compute({ pred: f([0.2, 0.3, 0.5]), target: f([2]), grad, batch: 1, depth: 3, sampleWeight: null, fused: true });
    expect([...grad].map((v) => +v.toFixed(6))).toEqual([0.2, 0.3, -0.5]);
    binaryCrossentropy.compute({ pred: f([0.7, 0.1]), target: f([1, 0]), grad, batch: 2, depth: 1, sampleWeight: null, fused: true });
    expect(grad[0]).toBeCloseTo(-0.15, 6);
    expect(grad[1]).toBeCloseTo(0.05, 6);
    expect(() => sparseCategoricalCrossentropy.compute({ pred: f([0.5, 0.5]), target: f([2]), grad: null, batch: 1, depth: 2, sampleWeight: null, fused: false })).toThrow(
      /class id 2 is outside \[0, 2\)/,
    );
  });
});
