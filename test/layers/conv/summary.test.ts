import { describe, expect, it } from 'vitest';
import { conv1d, dense, dropout, embedding, globalMaxPooling1d, maxPooling1d } from '../../../src/layers/index.ts';
import { resetLayerNames } from '../../../src/layers/layer.ts';
import { lstm } from '../../../src/layers/recurrent/index.ts';
import { Sequential } from '../../../src/models/sequential.ts';

describe('Conv1D model summaries (the textbooks)', () => {
  it('003 §6.4: Embedding(10000,128)+Conv1D(32,7)+MaxPooling1D(5)+Conv1D(32,7)+GlobalMaxPooling1D+Dense(1) = 1,315,937', () => {
    resetLayerNames();
    // model.add(layers.Embedding(max_features, 128, input_length=max_len)) with max_len = 500
    const model = new Sequential([
      embedding({ inputDim: 10000, outputDim: 128, inputLength: 500 }),
      conv1d({ filters: 32, kernelSize: 7, activation: 'relu' }),
      maxPooling1d({ poolSize: 5 }),
      conv1d({ filters: 32, kernelSize: 7, activation: 'relu' }),
      globalMaxPooling1d(),
      dense({ units: 1 }),
    ]);
    const text = model.summary({ print: false });
    expect(text).toContain('embedding (Embedding)        (None, 500, 128)          1280000');
    expect(text).toContain('conv1d (Conv1D)              (None, 494, 32)           28704');
    expect(text).toContain('max_pooling1d (MaxPooling1D) (None, 98, 32)            0');
    expect(text).toContain('conv1d_1 (Conv1D)            (None, 92, 32)            7200');
    expect(text).toContain('global_max_pooling1d (Global (None, 32)                0');
    expect(text).toContain('dense (Dense)                (None, 1)                 33');
    expect(text).toContain('Total params: 1,315,937');
  });

  it('001: Embedding(5000,120)+Dropout+Conv1D(64,5)+MaxPooling1D(4)+LSTM(55)+Dense(1), None time', () => {
    resetLayerNames();
    const model = new Sequential([
      embedding({ inputDim: 5000, outputDim: 120 }),
      dropout({ rate: 0.2 }),
      conv1d({ filters: 64, kernelSize: 5, padding: 'valid', activation: 'relu', strides: 1 }),
      maxPooling1d({ poolSize: 4 }),
      lstm({ units: 55 }),
      dense({ units: 1, activation: 'sigmoid' }),
    ]);
    model.build([null, null]);
    const rows = model
      .summary({ print: false })
      .split('\n')
      .filter((l) => /\(\w+\)\s+\(/.test(l));
    expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
      'embedding (Embedding) (None, None, 120) 600000',
      'dropout (Dropout) (None, None, 120) 0',
      'conv1d (Conv1D) (None, None, 64) 38464',
      'max_pooling1d (MaxPooling1D) (None, None, 64) 0',
      'lstm (LSTM) (None, 55) 26400',
      'dense (Dense) (None, 1) 56',
    ]);
  });
});

describe('Conv1D model training', () => {
  it('learns to spot a two-token motif anywhere in a sequence (Embedding → Conv1D → GlobalMaxPooling1D)', async () => {
    const { setSeed, Random } = await import('../../../src/random.ts');
    const { Tensor } = await import('../../../src/tensor.ts');
    const { adam } = await import('../../../src/optimizers/index.ts');
    setSeed(11);
    const n = 256;
    const len = 20;
    const rng = new Random(4);
    const ids = new Int32Array(n * len);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < len; t++) ids[i * len + t] = 3 + rng.int(17);
      if (i % 2 === 0) {
        const at = rng.int(len - 1);
        ids[i * len + at] = 1;
        ids[i * len + at + 1] = 2;
        y[i] = 1;
      }
    }
    const model = new Sequential([
      embedding({ inputDim: 20, outputDim: 8, inputLength: len }),
      conv1d({ filters: 8, kernelSize: 2, activation: 'relu' }),
      globalMaxPooling1d(),
      dense({ units: 1, activation: 'sigmoid' }),
    ]);
    model.compile({ optimizer: adam({ learningRate: 0.01 }), loss: 'binary_crossentropy', metrics: ['acc'] });
    const x = new Tensor(ids, [n, len]);
    const labels = new Tensor(y, [n, 1]);
    await model.fit(x, labels, { epochs: 20, batchSize: 32, verbose: 0 });
    const [, acc] = (await model.evaluate(x, labels, { verbose: 0 })) as number[];
    expect(acc).toBeGreaterThan(0.95);
  });
});
