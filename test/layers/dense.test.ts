import { describe, expect, it } from 'vitest';
import { engine } from '../../src/engine.ts';
import { layers } from '../../src/index.ts';
import { Random, setSeed } from '../../src/random.ts';
import { tensor } from '../../src/tensor.ts';
import { checkGradients, layerTest, randomTensor, toActivation } from './layer-test.ts';

const ctx = { training: false, rng: new Random(1) };

describe('Dense', () => {
  it('computes x·W + b on the last axis of a rank-3 input', () => {
    // keras.layers.Dense(2, kernel_initializer=Constant(...)) applied to a (1, 2, 3) input
    const d = layers.dense({ units: 2 });
    d.build([[null, 2, 3]]);
    d.setWeights([
      tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      tensor([0.5, -0.5]),
    ]);
    const x = toActivation(tensor(new Float32Array([1, 0, 0, 1, 1, 1]), [1, 2, 3]));
    const y = d.forward([x], ctx)[0]!;
    expect(y.shape).toEqual([1, 2, 2]);
    expect([...engine().heap.view(y.buf)]).toEqual([1.5, 1.5, 9.5, 11.5]);
  });

  for (const activation of ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'hard_sigmoid', 'elu', 'selu', 'softplus']) {
    it(`has correct gradients with ${activation}`, () => {
      setSeed(21);
      // small steps: relu, elu and selu have kinks at 0 that a wide step could straddle
      checkGradients(layers.dense({ units: 3, activation }), [randomTensor([2, 4, 5], 3)], { eps: 1e-3, tol: { atol: 2e-2, rtol: 2e-2 } });
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
    expect(() => d.forward([toActivation(tensor(new Float32Array(4), [1, 4]))], ctx)).toThrow(/last dimension 3, got shape \[1,4\]/);
  });
});

// keras.layers.Dense(2, activation='tanh') with kernel [[1, 2], [3, 4], [5, 6]] and bias [0.5, -0.5]
layerTest('Dense', {
  make: () => layers.dense({ units: 2, activation: 'tanh' }),
  inputs: () => [
    tensor([
      [
        [1, 0, 0],
        [0, 1, 1],
      ],
    ]),
  ],
  outputShapes: [[1, 2, 2]],
  weights: { trainable: 2, params: 8 },
  golden: {
    weights: () => [
      tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      tensor([0.5, -0.5]),
    ],
    outputs: [[1.5, 1.5, 7.5, 9.5].map(Math.tanh)],
    tol: 1e-6,
  },
  gradients: { eps: 1e-3, tol: { atol: 2e-2, rtol: 2e-2 } },
});
