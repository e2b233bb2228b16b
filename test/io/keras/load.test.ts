import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKerasModel, loadModel, setBackend } from '../../../src/index.ts';
import { layerToSunhwan } from '../../../src/io/keras/layers.ts';
import type { LSTM } from '../../../src/layers/recurrent/lstm.ts';
import { FIXTURES, MODELS, fixture, fixtureBytes, worstDifference } from './fixtures.ts';

afterAll(() => {
  setBackend('auto');
});

for (const backend of ['reference', 'auto'] as const) {
  describe(`Keras fixtures predict Keras' numbers (${backend} kernels)`, () => {
    for (const name of MODELS) {
      for (const format of fixture(name).formats) {
        it(`${name}.${format}`, async () => {
          setBackend(backend);
          const model = await loadKerasModel(join(FIXTURES, `${name}.${format}`));
          expect(await worstDifference(model, fixture(name))).toBeLessThan(1e-5);
        });
      }
    }
  });
}

describe('loadKerasModel', () => {
  it('loadModel recognises .keras and .h5 files; bytes work as well as paths', async () => {
    const fx = fixture('seq_gru');
    expect(await worstDifference(await loadModel(join(FIXTURES, 'seq_gru.keras')), fx)).toBeLessThan(1e-5);
    expect(await worstDifference(await loadModel(join(FIXTURES, 'seq_gru.h5')), fx)).toBeLessThan(1e-5);
    expect(await worstDifference(await loadKerasModel(fixtureBytes('seq_gru.h5').buffer as ArrayBuffer), fx)).toBeLessThan(1e-5);
  });

  it("a Keras 3 file's hard_sigmoid is relu6(x + 3) / 6; a tf.keras 2 file's stays clip(0.2x + 0.5, 0, 1)", async () => {
    const model = await loadKerasModel(join(FIXTURES, 'seq_lstm.keras'));
    expect((model.layers.find((l) => l.className === 'LSTM') as LSTM).getConfig().recurrentActivation).toBe('hard_sigmoid_keras3');
    const spec = { class_name: 'LSTM', config: { name: 'l', units: 2, recurrent_activation: 'hard_sigmoid' } };
    expect(layerToSunhwan(spec, 'keras2').config.recurrentActivation).toBe('hard_sigmoid');
    expect(layerToSunhwan(spec, 'keras3').config.recurrentActivation).toBe('hard_sigmoid_keras3');
  });

  it('restores the compile config (loss, metrics, optimizer settings) and, on request, the optimizer state', async () => {
    const plain = await loadKerasModel(join(FIXTURES, 'compiled_trained.keras'));
    expect(plain.compileConfig).toMatchObject({ optimizer: 'Adam', loss: ['binary_crossentropy'], metrics: ['accuracy'] });
    const o = plain.optimizer!.getConfig();
    expect(o).toMatchObject({ beta1: 0.8, beta2: 0.99, epsilon: 1e-6, clipnorm: 1 });
    expect(o.learningRate).toBe(Math.fround(0.005));
    expect(plain.optimizer!.iterations).toBe(0);

    const model = await loadKerasModel(join(FIXTURES, 'compiled_trained.keras'), { optimizerState: true });
    const keras = JSON.parse(JSON.stringify(await import('../../fixtures/keras/compiled_trained.optimizer.json'))) as {
      iterations: number;
      variables: Array<{ path: string; data: number[] }>;
    };
    const state = model.optimizer!.getState(model.kernels.heap);
    expect(state.iterations).toBe(keras.iterations);
    // Keras' order: iterations, learning_rate, then momentum and velocity per variable
    const flat = model.weights.flatMap((w) => state.slots[w.path]!.map((s) => Array.from(s)));
    expect(flat).toEqual(keras.variables.slice(2).map((v) => v.data.map(Math.fround)));

    const legacy = await loadKerasModel(join(FIXTURES, 'legacy_tfkeras2.h5'));
    expect(legacy.compileConfig).toMatchObject({ optimizer: 'RMSprop', loss: ['sparse_categorical_crossentropy'], metrics: ['accuracy'] });
    expect(legacy.optimizer!.learningRate).toBe(Math.fround(0.002));
  });

  it('a loaded compiled model trains on (fit continues)', async () => {
    const model = await loadKerasModel(join(FIXTURES, 'compiled_trained.keras'), { optimizerState: true });
    const fx = fixture('compiled_trained');
    const [x] = (await import('./fixtures.ts')).inputsOf(fx);
    const { Tensor } = await import('../../../src/tensor.ts');
    const y = new Tensor(Float32Array.from([1, 0, 1, 0]), [4, 1]);
    const history = await model.fit(x!, y, { epochs: 2, batchSize: 4, verbose: 0 });
    expect(history.history.loss!.every((v) => Number.isFinite(v))).toBe(true);
    expect(model.optimizer!.iterations).toBe(6);
  });
});
