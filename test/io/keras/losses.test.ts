// Compiled Keras 3 files whose loss or metric needs Keras 3's semantics (fixtures-src/keras/make_loss_fixtures.py):
// loss_bce_multi.keras (sigmoid Dense(3), binary_crossentropy, 'accuracy' → categorical in Keras 3) and
// loss_logits.keras (linear Dense(3), SparseCategoricalCrossentropy(from_logits=True)).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadKerasModel, loadKerasModelFromBytes, modelToKerasBytes } from '../../../src/io/keras/index.ts';
import { modelFromBytes, modelToBytes, setBackend } from '../../../src/index.ts';
import { applyKerasCompile } from '../../../src/io/keras/compile.ts';
import { Tensor } from '../../../src/tensor.ts';
import { FIXTURES } from './fixtures.ts';

interface LossModel {
  x: number[];
  x_shape: number[];
  y: number[];
  y_shape: number[];
  loss: number;
  accuracy: number;
}
const { models } = JSON.parse(readFileSync(join(FIXTURES, 'loss_models.json'), 'utf8')) as { models: Record<string, LossModel> };

afterAll(() => {
  setBackend('auto');
});

for (const backend of ['reference', 'auto'] as const) {
  describe(`compiled Keras 3 files evaluate to Keras' loss and accuracy (${backend} kernels)`, () => {
    for (const name of Object.keys(models)) {
      it(name, async () => {
        setBackend(backend);
        const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
        const model = await loadKerasModel(join(FIXTURES, `${name}.keras`));
        expect(warn).not.toHaveBeenCalled();
        warn.mockRestore();
        expect(model.compileConfig?.kerasVersion).toBe(3);
        const m = models[name]!;
        const [loss, accuracy] = (await model.evaluate(
          new Tensor(Float32Array.from(m.x), m.x_shape),
          new Tensor(Float32Array.from(m.y), m.y_shape),
          { verbose: 0 },
        )) as number[];
        expect(Math.abs(loss! - m.loss)).toBeLessThan(1e-5);
        expect(Math.abs(accuracy! - m.accuracy)).toBeLessThan(1e-6);
      });
    }

    it('a from_logits model trains on: the loss falls', async () => {
      setBackend(backend);
      const model = await loadKerasModel(join(FIXTURES, 'loss_logits.keras'));
      const m = models.loss_logits!;
      const history = await model.fit(new Tensor(Float32Array.from(m.x), m.x_shape), new Tensor(Float32Array.from(m.y), m.y_shape), {
        epochs: 20,
        batchSize: 6,
        verbose: 0,
      });
      const losses = history.history.loss!;
      expect(Math.abs(losses[0]! - m.loss)).toBeLessThan(1e-5); // the first epoch's batch is evaluated before its update
      expect(losses[19]!).toBeLessThan(losses[0]! * 0.8);
    });
  });
}

describe('Keras compile configs with from_logits', () => {
  it('a from_logits loss loads compiled with fromLogits, and is written back as Keras 3 writes it', async () => {
    const model = await loadKerasModel(join(FIXTURES, 'loss_logits.keras'));
    expect(model.compileConfig).toMatchObject({
      loss: ['sparse_categorical_crossentropy'],
      lossOptions: [{ fromLogits: true }],
      kerasVersion: 3,
    });
    const again = await loadKerasModelFromBytes(await modelToKerasBytes(model));
    expect(again.compileConfig).toMatchObject({
      loss: ['sparse_categorical_crossentropy'],
      lossOptions: [{ fromLogits: true }],
      kerasVersion: 3,
    });
  });

  it('a sunhwan file keeps fromLogits and kerasVersion', async () => {
    const model = await loadKerasModel(join(FIXTURES, 'loss_logits.keras'));
    const again = await modelFromBytes(await modelToBytes(model));
    expect(again.compileConfig).toMatchObject({
      loss: ['sparse_categorical_crossentropy'],
      lossOptions: [{ fromLogits: true }],
      kerasVersion: 3,
    });
  });

  it('compile checks kerasVersion', async () => {
    const model = await loadKerasModel(join(FIXTURES, 'loss_logits.keras'), { compile: false });
    expect(() => model.compile({ optimizer: 'sgd', loss: 'mse', kerasVersion: 4 as 3 })).toThrow(
      /kerasVersion must be 2 .* or 3 .*, got 4/,
    );
  });

  it("a tf.keras 2 file's compile config keeps Keras 2's formulas", async () => {
    const model = await loadKerasModel(join(FIXTURES, 'loss_bce_multi.keras'));
    applyKerasCompile(
      model,
      { optimizer: 'sgd', loss: { class_name: 'BinaryCrossentropy', config: { from_logits: true } }, metrics: ['accuracy'] },
      'keras2',
      'test',
    );
    expect(model.compileConfig).toMatchObject({ loss: ['binary_crossentropy'], lossOptions: [{ fromLogits: true }] });
    expect(model.compileConfig!.kerasVersion).toBe(undefined); // the default: tf.keras 2's formulas
  });

  it("a model with tf.keras 2's formulas written to .keras/.h5 reads back with them; Keras 3's stay Keras 3's", async () => {
    const model = await loadKerasModel(join(FIXTURES, 'loss_bce_multi.keras'), { compile: false });
    model.compile({ optimizer: 'sgd', loss: 'binary_crossentropy', metrics: ['accuracy'] });
    for (const format of ['keras', 'h5'] as const) {
      const back = await loadKerasModelFromBytes(await modelToKerasBytes(model, { format }));
      expect(back.compileConfig).toMatchObject({ loss: ['binary_crossentropy'], metrics: ['accuracy'] });
      expect(back.compileConfig!.kerasVersion).toBe(undefined);
    }
    model.compile({ optimizer: 'sgd', loss: 'binary_crossentropy', metrics: ['accuracy'], kerasVersion: 3 });
    for (const format of ['keras', 'h5'] as const) {
      const back = await loadKerasModelFromBytes(await modelToKerasBytes(model, { format }));
      expect(back.compileConfig?.kerasVersion).toBe(3);
    }
  });

  it("the same model compiled with tf.keras 2's semantics gets binary accuracy (0.611, Keras 3 reports 0.5)", async () => {
    const model = await loadKerasModel(join(FIXTURES, 'loss_bce_multi.keras'), { compile: false });
    model.compile({ optimizer: 'sgd', loss: 'binary_crossentropy', metrics: ['accuracy'] });
    const m = models.loss_bce_multi!;
    const [, accuracy] = (await model.evaluate(
      new Tensor(Float32Array.from(m.x), m.x_shape),
      new Tensor(Float32Array.from(m.y), m.y_shape),
      { verbose: 0 },
    )) as number[];
    expect(accuracy).toBeCloseTo(11 / 18, 6);
  });

  it('label_smoothing still leaves the model uncompiled with a warning naming it', async () => {
    const model = await loadKerasModel(join(FIXTURES, 'loss_logits.keras'), { compile: false });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    applyKerasCompile(
      model,
      { optimizer: 'sgd', loss: { class_name: 'BinaryCrossentropy', config: { from_logits: true, label_smoothing: 0.1 } } },
      'keras3',
      'test',
    );
    expect(warn.mock.calls[0]![0]).toMatch(/label_smoothing=0.1\) is not supported/);
    warn.mockRestore();
    expect(model.compileConfig).toBe(null);
  });
});
