// One update step against values computed by hand from Keras' update rules
// (keras/src/optimizers/*.py), e.g. for Adam:
//   opt = keras.optimizers.Adam(); w = keras.Variable([1.0]); opt.apply([[0.5]], [w])  # -> 0.999000006
import { describe, expect, it } from 'vitest';
import { engine } from '../../src/engine.ts';
import { Dense } from '../../src/layers/dense.ts';
import type { Weight } from '../../src/layers/layer.ts';
import { optimizers } from '../../src/index.ts';
import type { Optimizer } from '../../src/optimizers/index.ts';
import { poolFor, setThreads } from '../../src/threads/index.ts';

/** Two scalar weights (a 1×1 Dense kernel and its bias) with given values and gradients. */
function weights(values: [number, number]): Weight[] {
  const d = new Dense({ units: 1 });
  d.build([[null, 1]]);
  const heap = engine().heap;
  heap.view(d.kernel!.value)[0] = values[0];
  heap.view(d.bias!.value)[0] = values[1];
  return [d.kernel!, d.bias!];
}

function step(opt: Optimizer, ws: Weight[], grads: [number, number]): number[] {
  const heap = engine().heap;
  ws.forEach((w, i) => (heap.view(w.grad)[0] = grads[i]!));
  opt.applyGradients(ws, heap);
  return ws.map((w) => heap.view(w.value)[0]!);
}

describe('optimizers (one step vs hand-computed Keras values)', () => {
  it('Adam: α = lr·√(1−β2)/(1−β1), w −= α·m/(√v+ε)', () => {
    const [w] = step(optimizers.adam(), weights([1, 0]), [0.5, 0]);
    expect(w).toBeCloseTo(0.999000006, 7);
    const ams = optimizers.adam({ amsgrad: true, learningRate: 0.01 });
    const ws = weights([1, 0]);
    step(ams, ws, [0.5, 0]);
    expect(ams.iterations).toBe(1);
  });

  it('RMSprop: ε inside the square root', () => {
    const [w] = step(optimizers.rmsprop(), weights([1, 0]), [0.5, 0]);
    expect(w).toBeCloseTo(1 - 0.0005 / Math.sqrt(0.025 + 1e-7), 7);
    const [c] = step(optimizers.rmsprop({ centered: true }), weights([1, 0]), [0.5, 0]);
    // a = 0.05, denom = 0.025 − 0.0025 + 1e-7
    expect(c).toBeCloseTo(1 - 0.0005 / Math.sqrt(0.0225 + 1e-7), 7);
  });

  it('SGD with momentum and nesterov', () => {
    const plain = optimizers.sgd({ learningRate: 0.1, momentum: 0.9 });
    const ws = weights([1, 0]);
    expect(step(plain, ws, [0.5, 0])[0]).toBeCloseTo(0.95, 6);
    expect(step(plain, ws, [0.5, 0])[0]).toBeCloseTo(0.855, 6);
    expect(step(optimizers.sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true }), weights([1, 0]), [0.5, 0])[0]).toBeCloseTo(0.905, 6);
    expect(step(optimizers.sgd(), weights([1, 0]), [0.5, 0])[0]).toBeCloseTo(0.995, 6);
  });

  it('Adagrad starts its accumulator at 0.1', () => {
    const [w] = step(optimizers.adagrad({ learningRate: 0.1 }), weights([1, 0]), [0.5, 0]);
    expect(w).toBeCloseTo(1 - 0.05 / Math.sqrt(0.35 + 1e-7), 6);
  });

  it('clips by norm per tensor, by value, and by global norm', () => {
    const ws = weights([0, 0]);
    expect(step(optimizers.sgd({ learningRate: 1, clipnorm: 1 }), ws, [3, 4])).toEqual([-1, -1]); // each tensor has norm 3 and 4
    expect(step(optimizers.sgd({ learningRate: 1, clipvalue: 0.5 }), weights([0, 0]), [3, -4])).toEqual([-0.5, 0.5]);
    const g = step(optimizers.sgd({ learningRate: 1, globalClipnorm: 1 }), weights([0, 0]), [3, 4]);
    expect(g[0]).toBeCloseTo(-0.6, 6);
    expect(g[1]).toBeCloseTo(-0.8, 6);
    expect(() => optimizers.sgd({ clipnorm: 1, clipvalue: 1 })).toThrow(/only one of clipnorm, clipvalue and globalClipnorm/);
  });

  it('accepts Keras names, the lr alias, and a settable learningRate', () => {
    const o = optimizers.getOptimizer('RMSprop');
    expect(o.className).toBe('RMSprop');
    expect(o.learningRate).toBe(0.001);
    expect(optimizers.rmsprop({ lr: 1e-4 }).learningRate).toBe(1e-4);
    expect(() => optimizers.getOptimizer('adamw2')).toThrow(/unknown optimizer 'adamw2'/);
    const sgd = optimizers.sgd({ learningRate: 1 });
    const ws = weights([1, 0]);
    sgd.learningRate = 0.5;
    expect(step(sgd, ws, [1, 0])[0]).toBeCloseTo(0.5, 6);
  });
});

describe('large weights (updated in chunks, on every thread)', () => {
  it('every element of a 300,001-element weight gets the same update as a 1-element one, on 2 threads', () => {
    setThreads(2);
    const heap = engine().heap;
    const n = 300_001; // past the policy's splitMinWork: chunks of ~18,752 run on the worker pool, and a ragged tail
    const big = new Dense({ units: n });
    big.build([[null, 1]]);
    const pool = poolFor(engine());
    const runsBefore = pool?.runs ?? 0;
    for (const make of [
      () => optimizers.rmsprop({ momentum: 0.9, centered: true }),
      () => optimizers.adam({ amsgrad: true }),
      () => optimizers.sgd({ momentum: 0.9, nesterov: true }),
      () => optimizers.adagrad(),
    ]) {
      heap.view(big.kernel!.value).fill(1);
      heap.view(big.kernel!.grad).fill(0.5);
      const opt = make();
      opt.applyGradients([big.kernel!], heap);
      opt.applyGradients([big.kernel!], heap);
      const ws = weights([1, 0]);
      const small = make();
      step(small, ws, [0.5, 0]);
      const one = step(small, ws, [0.5, 0])[0]!;
      const values = heap.view(big.kernel!.value);
      expect(values[0]).toBe(one);
      expect(values.every((v) => v === one)).toBe(true);
    }
    if (pool) expect(pool.runs).toBeGreaterThan(runsBefore); // (no pool with the reference kernels)
  });
});
