import { describe, expect, it } from 'vitest';
import { layers } from '../../src/index.ts';
import { tensor } from '../../src/tensor.ts';
import { checkGradients, layerTest, randomTensor } from './layer-test.ts';

describe('Flatten', () => {
  it('reshapes [B, T, D] to [B, T·D] and passes gradients through', () => {
    const f = layers.flatten();
    expect(f.computeOutputShape([[null, 20, 8]])).toEqual([[null, 160]]);
    expect(() => f.computeOutputShape([[null, null, 8]])).toThrow(/not fully defined/);
    checkGradients(f, [randomTensor([2, 3, 4], 2)], { tol: { atol: 1e-3, rtol: 1e-3 } });
  });
});

layerTest('Flatten', {
  make: () => layers.flatten(),
  inputs: () => [
    tensor([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ]),
  ],
  outputShapes: [[2, 4]],
  weights: { trainable: 0, params: 0 },
  golden: { outputs: [[1, 2, 3, 4, 5, 6, 7, 8]], tol: 0 },
  gradients: { tol: { atol: 1e-3, rtol: 1e-3 } },
});
