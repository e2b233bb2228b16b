import { describe, expect, it } from 'vitest';
import { engine } from '../../src/engine.ts';
import { layers } from '../../src/index.ts';
import { Random } from '../../src/random.ts';
import { tensor } from '../../src/tensor.ts';
import { checkGradients, layerTest, toActivation } from './layer-test.ts';

const ctx = { training: false, rng: new Random(1) };

function randomInput(shape: number[], seed: number): Float32Array {
  const rng = new Random(seed);
  return new Float32Array(shape.reduce((a, b) => a * b, 1)).map(() => rng.uniform(-1, 1));
}

describe('Activation layer', () => {
  it('applies softmax over the last axis, with correct gradients', () => {
    const a = layers.activation({ activation: 'softmax' });
    const x = toActivation(tensor(new Float32Array([1, 2, 3, 0, 0, 0]), [2, 3]));
    a.build([[null, 3]]);
    const y = engine().heap.view(a.forward([x], ctx)[0]!.buf);
    expect(y[0]! + y[1]! + y[2]!).toBeCloseTo(1, 6);
    expect(y[3]).toBeCloseTo(1 / 3, 6);
    checkGradients(layers.activation({ activation: 'tanh' }), [tensor(randomInput([3, 4], 5), [3, 4])], {
      tol: { atol: 1e-2, rtol: 1e-2 },
    });
  });
});

layerTest('Activation(softmax)', {
  make: () => layers.activation({ activation: 'softmax' }),
  inputs: () => [
    tensor([
      [1, 2, 3],
      [0, 0, 0],
    ]),
  ],
  outputShapes: [[2, 3]],
  weights: { trainable: 0, params: 0 },
  // keras.activations.softmax([[1, 2, 3], [0, 0, 0]])
  golden: { outputs: [[0.09003057, 0.24472847, 0.66524096, 1 / 3, 1 / 3, 1 / 3]], tol: 1e-6 },
  gradients: { tol: { atol: 1e-2, rtol: 1e-2 } },
});
