// summary() against the tables printed in the seed textbooks (Keras 2 layout).
import { beforeEach, describe, expect, it } from 'vitest';
import { layers, Sequential } from '../../src/index.ts';
import { resetLayerNames } from '../../src/layers/layer.ts';

beforeEach(() => resetLayerNames());

const params = (text: string): string[] => text.split('\n').filter((l) => l.includes('params'));

describe('summary()', () => {
  it('reproduces seed 002: SimpleRNN(10) on (4, 1) + Dense(1) = 131, character for character', () => {
    // model = tf.keras.Sequential([SimpleRNN(units=10, return_sequences=False, input_shape=[4,1]), Dense(1)])
    layers.simpleRNN({ units: 4 }); // the book made one SimpleRNN before, hence simple_rnn_1
    const model = new Sequential([layers.simpleRNN({ units: 10, returnSequences: false, inputShape: [4, 1] }), layers.dense({ units: 1 })]);
    expect(model.summary({ print: false })).toBe(
      [
        'Model: "sequential"',
        '_________________________________________________________________',
        'Layer (type)                 Output Shape              Param #   ',
        '=================================================================',
        'simple_rnn_1 (SimpleRNN)     (None, 10)                120       ',
        '_________________________________________________________________',
        'dense (Dense)                (None, 1)                 11        ',
        '=================================================================',
        'Total params: 131',
        'Trainable params: 131',
        'Non-trainable params: 0',
        '_________________________________________________________________',
      ].join('\n'),
    );
  });

  it('reproduces seed 002: two stacked LSTM(30) on (100, 2) + Dense(1) = 11,311', () => {
    new Sequential(); // sequential
    layers.dense({ units: 1 }); // dense
    const model = new Sequential([
      layers.lstm({ units: 30, returnSequences: true, inputShape: [100, 2] }),
      layers.lstm({ units: 30 }),
      layers.dense({ units: 1 }),
    ]);
    const text = model.summary({ print: false });
    expect(text).toContain('Model: "sequential_1"');
    expect(text).toContain('lstm (LSTM)                  (None, 100, 30)           3960      ');
    expect(text).toContain('lstm_1 (LSTM)                (None, 30)                7320      ');
    expect(text).toContain('dense_1 (Dense)              (None, 1)                 31        ');
    expect(params(text)).toEqual(['Total params: 11,311', 'Trainable params: 11,311', 'Non-trainable params: 0']);
  });

  it('reproduces seed 002: NSMC Embedding(20000, 300, inputLength 25) + LSTM(50) + Dense(2) = 6,070,302', () => {
    const model = new Sequential([
      layers.embedding({ inputDim: 20000, outputDim: 300, inputLength: 25 }),
      layers.lstm({ units: 50 }),
      layers.dense({ units: 2, activation: 'softmax' }),
    ]);
    const text = model.summary({ print: false });
    expect(text).toContain('embedding (Embedding)        (None, 25, 300)           6000000   ');
    expect(text).toContain('lstm (LSTM)                  (None, 50)                70200     ');
    expect(text).toContain('dense (Dense)                (None, 2)                 102       ');
    expect(params(text)[0]).toBe('Total params: 6,070,302');
    model.layers.forEach((l) => l.dispose());
  });

  it('reproduces seed 003: Embedding(10000, 32) + SimpleRNN(32) = 322,080 with (None, None, 32)', () => {
    const model = new Sequential();
    model.add(layers.embedding({ inputDim: 10000, outputDim: 32 }));
    model.add(layers.simpleRNN({ units: 32 }));
    const text = model.summary({ print: false });
    expect(text).toContain('embedding (Embedding)        (None, None, 32)          320000    ');
    expect(text).toContain('simple_rnn (SimpleRNN)       (None, 32)                2080      ');
    expect(params(text)[0]).toBe('Total params: 322,080');
    const seq = new Sequential([
      layers.embedding({ inputDim: 10000, outputDim: 32 }),
      layers.simpleRNN({ units: 32, returnSequences: true }),
    ]);
    expect(seq.summary({ print: false })).toContain('simple_rnn_1 (SimpleRNN)     (None, None, 32)          2080      ');
  });

  it('reproduces seed 003: Embedding(10000, 32) + four stacked SimpleRNN(32) = 328,320', () => {
    const model = new Sequential();
    model.add(layers.embedding({ inputDim: 10000, outputDim: 32 }));
    model.add(layers.simpleRNN({ units: 32, returnSequences: true }));
    model.add(layers.simpleRNN({ units: 32, returnSequences: true }));
    model.add(layers.simpleRNN({ units: 32, returnSequences: true }));
    model.add(layers.simpleRNN({ units: 32 }));
    expect(params(model.summary({ print: false }))).toEqual([
      'Total params: 328,320',
      'Trainable params: 328,320',
      'Non-trainable params: 0',
    ]);
  });

  it('reproduces seed 003: Embedding(10000, 8, inputLength 20) + Flatten + Dense(1) = 80,161', () => {
    const model = new Sequential();
    model.add(layers.embedding({ inputDim: 10000, outputDim: 8, inputLength: 20 }));
    model.add(layers.flatten());
    model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
    const text = model.summary({ print: false });
    expect(text).toContain('embedding (Embedding)        (None, 20, 8)             80000     ');
    expect(text).toContain('flatten (Flatten)            (None, 160)               0         ');
    expect(params(text)[0]).toBe('Total params: 80,161');
  });

  it('reproduces seed 003: the GloVe model = 1,320,065, with a frozen Embedding counted as non-trainable', () => {
    const model = new Sequential();
    model.add(layers.embedding({ inputDim: 10000, outputDim: 100, inputLength: 100 }));
    model.add(layers.flatten());
    model.add(layers.dense({ units: 32, activation: 'relu' }));
    model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
    expect(params(model.summary({ print: false }))).toEqual([
      'Total params: 1,320,065',
      'Trainable params: 1,320,065',
      'Non-trainable params: 0',
    ]);
    model.layers[0]!.trainable = false;
    expect(params(model.summary({ print: false }))).toEqual([
      'Total params: 1,320,065',
      'Trainable params: 320,065',
      'Non-trainable params: 1,000,000',
    ]);
  });

  it('reproduces seed 003: GRU(32) on 14 features = 4,608 (reset_after) / 4,512 (Keras 2.2)', () => {
    const model = new Sequential([layers.gru({ units: 32, inputShape: [null, 14] }), layers.dense({ units: 1 })]);
    expect(model.summary({ print: false })).toContain('gru (GRU)                    (None, 32)                4608      ');
    const old = new Sequential([layers.gru({ units: 32, inputShape: [null, 14], resetAfter: false }), layers.dense({ units: 1 })]);
    expect(old.summary({ print: false })).toContain('(None, 32)                4512      ');
  });

  it('reproduces seed 001: Reuters, IMDB, NSMC and spam LSTM/SimpleRNN tables', () => {
    const reuters = new Sequential([
      layers.embedding({ inputDim: 1000, outputDim: 120 }),
      layers.lstm({ units: 120 }),
      layers.dense({ units: 46, activation: 'softmax' }),
    ]);
    expect(reuters.layers.map((l) => l.countParams())).toEqual([120000, 115680, 5566]);
    const imdb = new Sequential([
      layers.embedding({ inputDim: 5000, outputDim: 120 }),
      layers.lstm({ units: 120 }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ]);
    expect(imdb.layers.map((l) => l.countParams())).toEqual([600000, 115680, 121]);
    const nsmc = new Sequential([
      layers.embedding({ inputDim: 35000, outputDim: 100 }),
      layers.lstm({ units: 128 }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ]);
    expect(nsmc.layers.map((l) => l.countParams())).toEqual([3500000, 117248, 129]);
    const spam = new Sequential([
      layers.embedding({ inputDim: 8921, outputDim: 32 }),
      layers.simpleRNN({ units: 32 }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ]);
    expect(spam.layers.map((l) => l.countParams())).toEqual([285472, 2080, 33]);
    const rnn = new Sequential([layers.simpleRNN({ units: 10, inputShape: [3, 1] }), layers.dense({ units: 1 })]);
    expect(params(rnn.summary({ print: false }))[0]).toBe('Total params: 131');
    for (const m of [reuters, imdb, nsmc, spam]) m.layers.forEach((l) => l.dispose());
  });

  it('reproduces seed 000: Embedding(88579, 8, inputLength 20) + LSTM(1) = 708,672 and the Flatten variant = 708,921', () => {
    const a = new Sequential([
      layers.embedding({ inputDim: 88579, outputDim: 8, inputLength: 20 }),
      layers.lstm({ units: 1, activation: 'sigmoid' }),
    ]);
    const ta = a.summary({ print: false });
    expect(ta).toContain('(None, 20, 8)             708632    ');
    expect(ta).toContain('(None, 1)                 40        ');
    expect(params(ta)[0]).toBe('Total params: 708,672');
    const b = new Sequential([
      layers.embedding({ inputDim: 88579, outputDim: 8, inputLength: 20 }),
      layers.lstm({ units: 4, returnSequences: true }),
      layers.flatten(),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ]);
    const tb = b.summary({ print: false });
    expect(tb).toContain('(None, 20, 4)             208       ');
    expect(tb).toContain('(None, 80)                0         ');
    expect(params(tb)[0]).toBe('Total params: 708,921');
  });

  it('reproduces seed 001: the LSTM + CNN table with Dropout, Conv1D and MaxPooling1D', () => {
    const model = new Sequential([
      layers.embedding({ inputDim: 5000, outputDim: 120 }),
      layers.dropout({ rate: 0.5 }),
      layers.conv1d({ filters: 64, kernelSize: 5, padding: 'valid', activation: 'relu', strides: 1 }),
      layers.maxPooling1d({ poolSize: 4 }),
      layers.lstm({ units: 55 }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ]);
    const text = model.summary({ print: false });
    expect(text).toContain('dropout (Dropout)            (None, None, 120)         0         ');
    expect(text).toContain('conv1d (Conv1D)              (None, None, 64)          38464     ');
    expect(text).toContain('max_pooling1d (MaxPooling1D) (None, None, 64)          0         ');
    expect(text).toContain('lstm (LSTM)                  (None, 55)                26400     ');
    expect(text).toContain('dense (Dense)                (None, 1)                 56        ');
  });

  it('says when the model cannot be built yet', () => {
    const model = new Sequential([layers.dense({ units: 1 })]);
    expect(() => model.summary({ print: false })).toThrow(/not built yet/);
    model.build([null, 3]);
    expect(params(model.summary({ print: false }))[0]).toBe('Total params: 4');
  });
});
