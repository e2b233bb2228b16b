import { beforeEach, describe, expect, it } from 'vitest';
import { layers, optimizers, Sequential, setLogSink, tensor, type Tensor } from '../../src/index.ts';
import { resetLayerNames } from '../../src/layers/layer.ts';
import { camelCase, suggestOption } from '../../src/models/validate.ts';

beforeEach(() => {
  resetLayerNames();
  setLogSink({ dynamic: false, write: () => {} });
});

function dense(): Sequential {
  const model = new Sequential([layers.dense({ units: 1, inputShape: [2] })]);
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  return model;
}

const x = tensor([
  [1, 2],
  [3, 4],
  [5, 6],
]);
const y = tensor([[1], [2], [3]]);

describe('fit / evaluate / predict options are checked before any work', () => {
  it.each([0, -1, 2.5, NaN, '8'])('batchSize %s is refused by predict, evaluate and fit', async (batchSize) => {
    const model = dense();
    const opts = { batchSize } as unknown as { batchSize: number };
    await expect(model.predict(x, opts)).rejects.toThrow(/predict: batchSize must be a positive integer, got/);
    await expect(model.evaluate(x, y, opts)).rejects.toThrow(/evaluate: batchSize must be a positive integer/);
    await expect(model.fit(x, y, opts)).rejects.toThrow(/fit: batchSize must be a positive integer/);
  });

  it.each([NaN, -1, 0.5, '3', Infinity])('epochs %s is refused', async (epochs) => {
    await expect(dense().fit(x, y, { epochs: epochs as number, verbose: 0 })).rejects.toThrow(/fit: epochs must be an integer ≥ 0/);
  });

  it('snake_case and misspelt options suggest the camelCase name', async () => {
    const model = dense();
    await expect(model.fit(x, y, { batch_size: 2 } as never)).rejects.toThrow(/unknown option 'batch_size' \(did you mean 'batchSize'\?\)/);
    await expect(model.fit(x, y, { validation_split: 0.2 } as never)).rejects.toThrow(/did you mean 'validationSplit'/);
    await expect(model.fit(x, y, { epoch: 2 } as never)).rejects.toThrow(/did you mean 'epochs'/);
    await expect(model.predict(x, { batch_size: 2 } as never)).rejects.toThrow(/did you mean 'batchSize'/);
    await expect(model.evaluate(x, y, { verbose: 2 } as never)).rejects.toThrow(/verbose must be one of 0, 1, got 2/);
    expect(camelCase('initial_epoch')).toBe('initialEpoch');
    expect(suggestOption('zzz', ['epochs'])).toBeNull();
  });

  it('a callback not in an array is named', async () => {
    await expect(dense().fit(x, y, { callbacks: { onEpochEnd() {} } as never, verbose: 0 })).rejects.toThrow(
      /callbacks must be an array of callbacks/,
    );
  });

  it('options that are not an object are refused', async () => {
    await expect(dense().fit(x, y, 5 as never)).rejects.toThrow(
      /fit: options must be an object \(e\.g\. \{epochs: 10, batchSize: 32\}\), got 5/,
    );
  });

  it('rmsprop(0.5) and unknown optimizer options are errors', () => {
    expect(() => optimizers.rmsprop(0.5 as never)).toThrow(
      /RMSprop: options must be an object \(e\.g\. rmsprop\(\{learningRate: 0\.001\}\)\), got 0\.5/,
    );
    expect(() => optimizers.adam({ learning_rate: 0.1 } as never)).toThrow(
      /unknown option 'learning_rate' \(did you mean 'learningRate'\?\)/,
    );
    expect(() => optimizers.sgd({ learningRate: NaN })).toThrow(/learningRate must be a positive finite number/);
    expect(optimizers.rmsprop({ lr: 0.01 }).learningRate).toBe(0.01);
  });
});

describe('token ids given as floats', () => {
  function embed(): Sequential {
    const model = new Sequential([
      layers.embedding({ inputDim: 10, outputDim: 2, inputLength: 2 }),
      layers.flatten(),
      layers.dense({ units: 1 }),
    ]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    return model;
  }

  it.each([NaN, Infinity, -Infinity, -0.5, 2.5, 2 ** 32 + 512])('id %s is refused, not read as another id', async (bad) => {
    const ids: Tensor = tensor(new Float32Array([1, 2, 3, bad]), [2, 2]);
    await expect(embed().predict(ids)).rejects.toThrow(/holds token ids \(it feeds an Embedding\), but sample 1 has .* at flat index 3/);
  });

  it('integral float ids still work', async () => {
    const out = (await embed().predict(tensor(new Float32Array([1, 2, 3, 9]), [2, 2]))) as Tensor;
    expect(out.shape).toEqual([2, 1]);
  });
});
