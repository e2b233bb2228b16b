// End-to-end gradient check through a whole model: one SGD step with learningRate 1 moves each
// weight by exactly −dLoss/dw, which must match central differences of evaluate()'s loss.
// Covers every loss, the fused sigmoid/softmax + cross-entropy path, and Embedding + LSTM.
// (Layer-level gradients are checked by the harness, test/layers/layer-test.ts; this one goes
// through the public fit/evaluate, so the losses and sample weights are in the loop.)
import { beforeEach, describe, it } from 'vitest';
import { layers, optimizers, Sequential, setLogSink, setSeed, tensor, type Tensor } from '../../src/index.ts';
import type { Layer } from '../../src/layers/layer.ts';
import { expectClose } from '../layers/layer-test.ts';

beforeEach(() => {
  setSeed(4);
  setLogSink({ dynamic: false, write: () => {} });
});

async function check(stack: Layer[], loss: string, x: Tensor, y: Tensor, sampleWeight?: Tensor): Promise<void> {
  const model = new Sequential(stack);
  model.compile({ optimizer: optimizers.sgd({ learningRate: 1 }), loss });
  model.ensureBuilt([[null, ...x.shape.slice(1)]]);
  const w0 = model.getWeights();
  const numeric: number[] = [];
  const eps = 1e-2;
  const probes: Array<[number, number]> = [];
  w0.forEach((t, wi) => {
    for (let i = 0; i < t.size; i += Math.max(1, Math.floor(t.size / 4))) probes.push([wi, i]);
  });
  for (const [wi, i] of probes) {
    const at = async (delta: number): Promise<number> => {
      const ws = w0.map((t) => tensor(t.dataSync().slice(), t.shape));
      ws[wi]!.dataSync()[i]! += delta;
      model.setWeights(ws);
      return (await model.evaluate(x, y, { verbose: 0, batchSize: 1000, sampleWeight })) as number;
    };
    numeric.push(((await at(eps)) - (await at(-eps))) / (2 * eps));
  }
  model.setWeights(w0);
  await model.fit(x, y, { epochs: 1, batchSize: 1000, shuffle: false, verbose: 0, sampleWeight });
  const w1 = model.getWeights();
  const analytic = probes.map(([wi, i]) => w0[wi]!.dataSync()[i]! - w1[wi]!.dataSync()[i]!);
  expectClose(analytic, numeric, { atol: 2e-3, rtol: 2e-2 }, `${loss} weights at ${JSON.stringify(probes)}`);
}

const x2 = tensor([
  [0.1, 0.5],
  [-0.3, 0.8],
  [0.9, -0.2],
  [0.4, 0.4],
]);

describe('whole-model gradients', () => {
  it('binary cross-entropy through a fused sigmoid output', async () => {
    await check(
      [layers.dense({ units: 4, activation: 'tanh', inputShape: [2] }), layers.dense({ units: 1, activation: 'sigmoid' })],
      'binary_crossentropy',
      x2,
      tensor([[1], [0], [1], [0]]),
    );
  });
  it('categorical and sparse categorical cross-entropy through a fused softmax', async () => {
    const stack = (): Layer[] => [
      layers.dense({ units: 4, activation: 'tanh', inputShape: [2] }),
      layers.dense({ units: 3 }),
      layers.activation({ activation: 'softmax' }),
    ];
    await check(
      stack(),
      'categorical_crossentropy',
      x2,
      tensor([
        [1, 0, 0],
        [0, 0, 1],
        [0, 1, 0],
        [1, 0, 0],
      ]),
    );
    await check(stack(), 'sparse_categorical_crossentropy', x2, tensor([[0], [2], [1], [0]]));
  });
  it('mse and mae with sample weights', async () => {
    const stack = (): Layer[] => [layers.dense({ units: 3, activation: 'elu', inputShape: [2] }), layers.dense({ units: 2 })];
    const y = tensor([
      [0.2, 0.1],
      [0.9, -0.4],
      [0.3, 0.3],
      [-0.5, 0.8],
    ]);
    await check(stack(), 'mse', x2, y, tensor([1, 0.5, 2, 0]));
    await check(stack(), 'mae', x2, y);
  });
  it('Embedding + LSTM + Flatten + Dense', async () => {
    const ids = tensor(new Int32Array([1, 2, 3, 0, 4, 4, 2, 1, 3]), [3, 3]);
    await check(
      [
        layers.embedding({ inputDim: 5, outputDim: 3, inputLength: 3 }),
        layers.lstm({ units: 2, returnSequences: true }),
        layers.flatten(),
        layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
      'binary_crossentropy',
      ids,
      tensor([[1], [0], [1]]),
    );
  });
});
