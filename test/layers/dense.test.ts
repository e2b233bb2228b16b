import { describe, expect, it } from 'vitest';
import { engine } from '../../src/engine.ts';
import { layers } from '../../src/index.ts';
import { Random } from '../../src/random.ts';
import { tensor } from '../../src/tensor.ts';
import { gradCheck, putInHeap } from './gradcheck.ts';

const ctx = { training: false, rng: new Random(1) };

function randomInput(shape: number[], seed: number): Float32Array {
  const rng = new Random(seed);
  return new Float32Array(shape.reduce((a, b) => a * b, 1)).map(() => rng.uniform(-1, 1));
}

describe('Dense', () => {
  it('computes x·W + b on the last axis of a rank-3 input', () => {
    // keras.layers.Dense(2, kernel_initializer=Constant(...)) applied to a (1, 2, 3) input
    const d = layers.dense({ units: 2 });
    d.build([[null, 2, 3]]);
    d.setWeights([tensor([[1, 2], [3, 4], [5, 6]]), tensor([0.5, -0.5])]);
    const x = putInHeap(new Float32Array([1, 0, 0, 1, 1, 1]), [1, 2, 3]);
    const y = d.forward([x], ctx)[0]!;
    expect(y.shape).toEqual([1, 2, 2]);
    expect([...engine().heap.view(y.buf)]).toEqual([1.5, 1.5, 9.5, 11.5]);
  });

  for (const activation of ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'hard_sigmoid', 'elu', 'selu', 'softplus']) {
    it(`has correct gradients with ${activation}`, () => {
      const d = layers.dense({ units: 3, activation });
      const x = putInHeap(randomInput([2, 4, 5], 3), [2, 4, 5]);
      const { maxInputError, maxWeightError } = gradCheck(d, x);
      expect(maxInputError).toBeLessThan(2e-2);
      expect(maxWeightError).toBeLessThan(2e-2);
    });
  }

  it('counts in·u + u params and names itself like Keras', () => {
    const d = layers.dense({ units: 32, name: 'my_dense' });
    d.build([[null, 10]]);
    expect(d.countParams()).toBe(10 * 32 + 32);
    expect(d.name).toBe('my_dense');
    expect(() => layers.dense({ units: 0 })).toThrow(/units must be a positive integer/);
    expect(() => layers.dense({ units: 1, activation: 'swishy' })).toThrow(/unknown activation 'swishy'/);
  });

  it('rejects input of the wrong width', () => {
    const d = layers.dense({ units: 2 });
    d.build([[null, 3]]);
    expect(() => d.forward([putInHeap(new Float32Array(4), [1, 4])], ctx)).toThrow(/last dimension 3, got shape \[1,4\]/);
  });
});

describe('Activation layer', () => {
  it('applies softmax over the last axis, with correct gradients', () => {
    const a = layers.activation({ activation: 'softmax' });
    const x = putInHeap(new Float32Array([1, 2, 3, 0, 0, 0]), [2, 3]);
    a.build([[null, 3]]);
    const y = engine().heap.view(a.forward([x], ctx)[0]!.buf);
    expect(y[0]! + y[1]! + y[2]!).toBeCloseTo(1, 6);
    expect(y[3]).toBeCloseTo(1 / 3, 6);
    const g = gradCheck(layers.activation({ activation: 'tanh' }), putInHeap(randomInput([3, 4], 5), [3, 4]));
    expect(g.maxInputError).toBeLessThan(1e-2);
  });
});

describe('Flatten', () => {
  it('reshapes [B, T, D] to [B, T·D] and passes gradients through', () => {
    const f = layers.flatten();
    expect(f.computeOutputShape([[null, 20, 8]])).toEqual([[null, 160]]);
    expect(() => f.computeOutputShape([[null, null, 8]])).toThrow(/not fully defined/);
    const g = gradCheck(f, putInHeap(randomInput([2, 3, 4], 2), [2, 3, 4]));
    expect(g.maxInputError).toBeLessThan(1e-3);
  });
});

describe('Dropout', () => {
  it('drops about rate of the values and scales the rest by 1/(1−rate), only in training', () => {
    const d = layers.dropout({ rate: 0.25 });
    d.build([[null, 1000]]);
    const x = putInHeap(new Float32Array(4000).fill(1), [4, 1000]);
    const y = engine().heap.view(d.forward([x], { training: true, rng: new Random(3) })[0]!.buf).slice();
    const zeros = y.filter((v) => v === 0).length;
    expect(zeros / 4000).toBeGreaterThan(0.2);
    expect(zeros / 4000).toBeLessThan(0.3);
    expect(y.filter((v) => v !== 0).every((v) => Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
    expect(d.forward([x], ctx)[0]).toBe(x);
    // same seed, same mask
    const y2 = engine().heap.view(d.forward([x], { training: true, rng: new Random(3) })[0]!.buf).slice();
    expect(y2).toEqual(y);
    expect(() => layers.dropout({ rate: 1 })).toThrow(/rate must be in \[0, 1\)/);
  });
});
