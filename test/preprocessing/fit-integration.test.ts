// The preprocessing outputs feed the models' fit() unchanged: the textbook's Jena generator
// (infinite, with stepsPerEpoch), Keras 3's timeseries dataset (finite) and Tokenizer →
// padSequences → Embedding. Small shapes: this checks the plumbing, not learning.
import { describe, expect, it } from 'vitest';
import { Sequential, layers, setLogSink, setSeed } from '../../src/index.ts';
import { Tokenizer, padSequences, timeseriesDatasetFromArray, timeseriesGenerator, toCategorical } from '../../src/preprocessing/index.ts';
import { Random } from '../../src/random.ts';

const rows = Array.from({ length: 400 }, (_, i) => [Math.sin(i / 10), Math.cos(i / 7), (i % 13) / 13]);

describe('preprocessing → fit()', () => {
  it('the Jena generator trains a GRU with stepsPerEpoch and validation steps', async () => {
    setSeed(1);
    const train = timeseriesGenerator(rows, {
      lookback: 24,
      delay: 6,
      minIndex: 0,
      maxIndex: 250,
      shuffle: true,
      step: 3,
      batchSize: 16,
      rng: new Random(2),
    });
    const val = timeseriesGenerator(rows, { lookback: 24, delay: 6, minIndex: 251, maxIndex: 380, step: 3, batchSize: 16 });
    const model = new Sequential();
    model.add(layers.gru({ units: 4, inputShape: [8, 3] }));
    model.add(layers.dense({ units: 1 }));
    model.compile({ optimizer: 'rmsprop', loss: 'mae' });
    const history = await model.fit(train, {
      epochs: 2,
      stepsPerEpoch: 3,
      validationData: val,
      validationSteps: val.stepsPerPass,
      verbose: 0,
    });
    expect(history.history.loss!.length).toBe(2);
    expect(Number.isFinite(history.history.val_loss![1]!)).toBe(true);
  });

  it('timeseriesDatasetFromArray is a finite dataset (one pass per epoch)', async () => {
    setSeed(3);
    const targets = rows.slice(5).map((r) => r[0]!);
    const ds = timeseriesDatasetFromArray(rows.slice(0, -5), targets, { sequenceLength: 5, batchSize: 64 });
    const model = new Sequential();
    model.add(layers.simpleRNN({ units: 3, inputShape: [5, 3] }));
    model.add(layers.dense({ units: 1 }));
    model.compile({ optimizer: 'adam', loss: 'mse' });
    const history = await model.fit(ds, { epochs: 2, verbose: 0 });
    expect(history.history.loss!.every(Number.isFinite)).toBe(true);
  });

  it('a dataset of known length shows n/n in the progress bar, in fit and evaluate (not n/Unknown)', async () => {
    setSeed(3);
    const targets = rows.slice(5).map((r) => r[0]!);
    const ds = timeseriesDatasetFromArray(rows.slice(0, -5), targets, { sequenceLength: 5, batchSize: 64 });
    expect(ds.length).toBe(7);
    const model = new Sequential();
    model.add(layers.simpleRNN({ units: 3, inputShape: [5, 3] }));
    model.add(layers.dense({ units: 1 }));
    model.compile({ optimizer: 'adam', loss: 'mse' });
    let out = '';
    setLogSink({ dynamic: false, write: (s: string) => (out += s) });
    try {
      await model.fit(ds, { epochs: 1, verbose: 2 });
      await model.evaluate(ds, { verbose: 1 });
    } finally {
      setLogSink(null);
    }
    expect(out).toContain('7/7');
    expect(out).not.toContain('Unknown');
  });

  it('Tokenizer → padSequences → Embedding + LSTM', async () => {
    setSeed(4);
    const texts = ['좋은 영화 최고', '지루한 영화 별로', '최고 최고 좋은', '별로 지루한 시간'];
    const tok = new Tokenizer({ numWords: 20 }).fitOnTexts(texts);
    const x = padSequences(tok.textsToSequences(texts), { maxlen: 4 });
    const y = toCategorical([1, 0, 1, 0], 2);
    const model = new Sequential();
    model.add(layers.embedding({ inputDim: 20, outputDim: 4, inputLength: 4 }));
    model.add(layers.lstm({ units: 3 }));
    model.add(layers.dense({ units: 2, activation: 'softmax' }));
    model.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
    const history = await model.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0 });
    expect(history.history.loss!.every(Number.isFinite)).toBe(true);
  });
});
