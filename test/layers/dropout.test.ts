import { describe, expect, it } from 'vitest';
import { engine } from '../../src/engine.ts';
import { layers } from '../../src/index.ts';
import { Random } from '../../src/random.ts';
import { tensor } from '../../src/tensor.ts';
import { layerTest, toActivation } from './layer-test.ts';

const ctx = { training: false, rng: new Random(1) };

describe('Dropout', () => {
  it('drops about rate of the values and scales the rest by 1/(1−rate), only in training', () => {
    const d = layers.dropout({ rate: 0.25 });
    d.build([[null, 1000]]);
    const x = toActivation(tensor(new Float32Array(4000).fill(1), [4, 1000]));
    const y = engine()
      .heap.view(d.forward([x], { training: true, rng: new Random(3) })[0]!.buf)
      .slice();
    const zeros = y.filter((v) => v === 0).length;
    expect(zeros / 4000).toBeGreaterThan(0.2);
    expect(zeros / 4000).toBeLessThan(0.3);
    expect(y.filter((v) => v !== 0).every((v) => Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
    expect(d.forward([x], ctx)[0]).toBe(x);
    // same seed, same mask
    const y2 = engine()
      .heap.view(d.forward([x], { training: true, rng: new Random(3) })[0]!.buf)
      .slice();
    expect(y2).toEqual(y);
    expect(() => layers.dropout({ rate: 1 })).toThrow(/rate must be in \[0, 1\)/);
  });
});

layerTest('Dropout', {
  make: () => layers.dropout({ rate: 0.5 }),
  inputs: () => [tensor([[1, 2, 3, 4]])],
  outputShapes: [[1, 4]],
  weights: { trainable: 0, params: 0 },
  golden: { outputs: [[1, 2, 3, 4]], tol: 0 }, // the identity outside training
  gradients: { training: true, tol: { atol: 1e-3, rtol: 1e-3 } },
});
