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

describe('Flatten', () => {
  it('reshapes [B, T, D] to [B, T·D] and passes gradients through', () => {
    const f = layers.flatten();
    expect(f.computeOutputShape([[null, 20, 8]])).toEqual([[null, 160]]);
    expect(() => f.computeOutputShape([[null, null, 8]])).toThrow(/not fully defined/);
    const g = gradCheck(f, putInHeap(randomInput([2, 3, 4], 2), [2, 3, 4]));
    expect(g.maxInputError).toBeLessThan(1e-3);
  });
});
