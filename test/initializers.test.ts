import { describe, expect, it } from 'vitest';
import { getInitializer, glorotUniform, orthogonal } from '../src/initializers.ts';
import { Random } from '../src/random.ts';

describe('initializers', () => {
  it('glorot_uniform stays within sqrt(6/(fanIn+fanOut))', () => {
    const w = glorotUniform()(32 * 128, [32, 128], new Random(1));
    const limit = Math.sqrt(6 / (32 + 128));
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(limit * 0.9);
  });
  it('orthogonal (u, 4u) has orthonormal rows across all gate blocks', () => {
    for (const [r, c] of [
      [8, 32],
      [32, 8],
      [5, 5],
    ] as const) {
      const w = orthogonal()(r * c, [r, c], new Random(2));
      const [outer, inner] = r <= c ? [r, c] : [c, r];
      for (let i = 0; i < outer; i++) {
        for (let j = 0; j < outer; j++) {
          let dot = 0;
          for (let k = 0; k < inner; k++) dot += r <= c ? w[i * c + k]! * w[j * c + k]! : w[k * c + i]! * w[k * c + j]!;
          expect(dot).toBeCloseTo(i === j ? 1 : 0, 5);
        }
      }
    }
  });
  it('is deterministic for a seed and accepts Keras and tfjs names', () => {
    const a = getInitializer('glorotUniform')(10, [2, 5], new Random(3));
    const b = getInitializer('glorot_uniform')(10, [2, 5], new Random(3));
    expect(a).toEqual(b);
    expect(getInitializer({ className: 'Constant', config: { value: 0.03 } })(2, [2], new Random())[1]).toBeCloseTo(0.03);
    expect(() => getInitializer('bogus')).toThrow(/unknown initializer 'bogus'/);
  });
});
