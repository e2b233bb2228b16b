// model.trainOnBatch: one step on one batch (Keras' train_on_batch, tfjs' trainOnBatch) — the
// same step as a one-batch, one-epoch, unshuffled fit, without callbacks or history.
import { beforeEach, describe, expect, it } from 'vitest';
import { layers, optimizers, Sequential, setLogSink, setSeed, tensor, type Tensor } from '../../src/index.ts';
import { resetLayerNames } from '../../src/layers/layer.ts';

beforeEach(() => {
  resetLayerNames();
  setLogSink({ dynamic: false, write: () => {} });
});

function lstmModel(): Sequential {
  setSeed(7);
  const model = new Sequential([
    layers.embedding({ inputDim: 20, outputDim: 4, inputShape: [6] }),
    layers.lstm({ units: 5 }),
    layers.dense({ units: 3, activation: 'softmax' }),
  ]);
  model.compile({ optimizer: optimizers.rmsprop({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy', metrics: ['acc'] });
  return model;
}

const x = tensor(
  Int32Array.from({ length: 8 * 6 }, (_, i) => (i * 7) % 20),
  [8, 6],
  'int32',
);
const y = tensor(
  Float32Array.from({ length: 8 }, (_, i) => i % 3),
  [8],
);
const flat = (ts: Tensor[]): number[] => ts.flatMap((t) => Array.from(t.dataSync()));

describe('trainOnBatch', () => {
  it('takes the same step as fit on one unshuffled batch, and returns [loss, acc] of that batch', async () => {
    const a = lstmModel();
    const b = lstmModel();
    expect(flat(a.getWeights())).toEqual(flat(b.getWeights()));
    const history = await a.fit(x, y, { batchSize: 8, epochs: 1, shuffle: false, verbose: 0 });
    const [loss, acc] = (await b.trainOnBatch(x, y)) as number[];
    expect(loss).toBe(history.history.loss![0]);
    expect(acc).toBe(history.history.acc![0]);
    expect(flat(b.getWeights())).toEqual(flat(a.getWeights()));
    const [loss2] = (await b.trainOnBatch(x, y)) as number[];
    expect(loss2).toBeLessThan(loss!);
  });

  it('returns the loss alone when there are no metrics, and weighs rows by sampleWeight', async () => {
    setSeed(3);
    const model = new Sequential([layers.dense({ units: 1, inputShape: [2] })]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const xs = tensor([1, 2, 3, 4], [2, 2]);
    const ys = tensor([1, -1], [2, 1]);
    const predicted = Array.from((model.predictOnBatch(xs) as Tensor).dataSync());
    const loss = await model.trainOnBatch(xs, ys, { sampleWeight: tensor([1, 0], [2]) });
    expect(typeof loss).toBe('number');
    // Keras' weighted mean over the batch: (1·e0² + 0·e1²) / 2
    expect(loss as number).toBeCloseTo((predicted[0]! - 1) ** 2 / 2, 5);
  });

  it('names what is wrong: no compile, a wrong shape, a fit in progress', async () => {
    const plain = new Sequential([layers.dense({ units: 1, inputShape: [2] })]);
    await expect(plain.trainOnBatch(tensor([1, 2], [1, 2]), tensor([1], [1, 1]))).rejects.toThrow('compile the model');
    const model = lstmModel();
    await expect(model.trainOnBatch(tensor([1, 2], [1, 2], 'int32'), tensor([0], [1]))).rejects.toThrow(
      /trainOnBatch: x has shape \[1, 2\]/,
    );
    const fitting = model.fit(x, y, { epochs: 2, verbose: 0 });
    await expect(model.trainOnBatch(x, y)).rejects.toThrow('the model is training in a fit() call');
    await fitting;
  });
});
