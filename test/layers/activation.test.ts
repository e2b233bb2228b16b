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
