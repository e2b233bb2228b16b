import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  layers,
  loadKerasModel,
  loadModel,
  modelToKerasBytes,
  saveKerasModel,
  Sequential,
  setLogSink,
  tensor,
  type Tensor,
} from '../../../src/index.ts';
import type { LayersModel } from '../../../src/models/model.ts';
import { FIXTURES, MODELS, fixture, inputsOf, worstDifference } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'sunhwan-keras-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
setLogSink({ dynamic: false, write: () => {} });

function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return x.every((v, i) => v === y[i]);
}

function expectSameWeights(a: LayersModel, b: LayersModel): void {
  expect(b.weights.map((w) => w.shape)).toEqual(a.weights.map((w) => w.shape));
  a.weights.forEach((w, i) => expect(sameBits(a.kernels.heap.view(w.value), b.kernels.heap.view(b.weights[i]!.value)), w.path).toBe(true));
}

describe('sunhwan → Keras file → sunhwan', () => {
  for (const name of MODELS) {
    for (const format of ['keras', 'h5'] as const) {
      it(`${name} as .${format}: weights bit-exact, same predictions`, async () => {
        const source = join(FIXTURES, `${name}.${name === 'legacy_tfkeras2' ? 'h5' : 'keras'}`);
        const model = await loadKerasModel(source);
        const back = await loadKerasModel(await modelToKerasBytes(model, { format }));
        expectSameWeights(model, back);
        expect(await worstDifference(back, fixture(name))).toBeLessThan(1e-5);
        expect(back.compileConfig).toEqual(model.compileConfig);
      });
    }
  }

  it('optimizer state after training in sunhwan comes back bit-exact, and training continues identically', async () => {
    const a = await loadKerasModel(join(FIXTURES, 'compiled_trained.keras'), { optimizerState: true });
    const [x] = inputsOf(fixture('compiled_trained'));
    const y = tensor(Float32Array.from([1, 0, 0, 1]), [4, 1]);
    await a.fit(x!, y, { epochs: 1, batchSize: 2, verbose: 0, shuffle: false });
    const path = join(dir, 'trained.keras');
    await saveKerasModel(a, path);
    const b = await loadKerasModel(path, { optimizerState: true });
    expectSameWeights(a, b);
    const sa = a.optimizer!.getState(a.kernels.heap);
    const sb = b.optimizer!.getState(b.kernels.heap);
    expect(sb.iterations).toBe(sa.iterations);
    for (const [p, slots] of Object.entries(sa.slots))
      slots.forEach((s, i) => expect(sameBits(s, sb.slots[p]![i]!), `${p} slot ${i}`).toBe(true));
    await a.fit(x!, y, { epochs: 1, batchSize: 2, verbose: 0, shuffle: false });
    await b.fit(x!, y, { epochs: 1, batchSize: 2, verbose: 0, shuffle: false });
    expectSameWeights(a, b);
  });

  it('a model built in code saves as .keras/.h5 (path by extension) and loads back through loadModel', async () => {
    const model = new Sequential([
      layers.embedding({ inputDim: 9, outputDim: 3, inputLength: 4, maskZero: true }),
      layers.gru({ units: 4, recurrentActivation: 'hard_sigmoid_keras3' }),
      layers.dense({ units: 2, activation: 'softmax' }),
    ]);
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const x = tensor(Int32Array.from([1, 2, 3, 0, 4, 5, 0, 0]), [2, 4]);
    const expected = ((await model.predict(x)) as Tensor).dataSync();
    for (const file of ['code.keras', 'code.h5']) {
      await saveKerasModel(model, join(dir, file));
      const head = readFileSync(join(dir, file)).subarray(0, 2).toString('latin1');
      expect(head).toBe(file.endsWith('.keras') ? 'PK' : '\x89H');
      const back = await loadModel(join(dir, file));
      expect(Array.from(((await back.predict(x)) as Tensor).dataSync())).toEqual(Array.from(expected));
    }
  });

  it("refuses to write Keras 2's hard_sigmoid into a Keras 3 file (Keras 3 has no such function)", async () => {
    const model = new Sequential([layers.lstm({ units: 2, recurrentActivation: 'hard_sigmoid', inputShape: [3, 2] })]);
    await expect(modelToKerasBytes(model)).rejects.toThrow(/Keras 2's clip\(0.2x \+ 0.5, 0, 1\).*hard_sigmoid_keras3/);
  });
});

describe('Keras JSON', () => {
  it("writes whole-number optimizer floats with a decimal point (Keras 3's SGD refuses momentum 0 read as an int)", async () => {
    const { unzipSync, strFromU8 } = await import('fflate');
    const { optimizers } = await import('../../../src/index.ts');
    const m = new Sequential([layers.dense({ units: 2, inputShape: [3] })]);
    m.compile({ optimizer: optimizers.sgd({ learningRate: 1 }), loss: 'mse' });
    const config = strFromU8(unzipSync(await modelToKerasBytes(m))['config.json']!);
    expect(config).toContain('"momentum":0.0');
    expect(config).toContain('"learning_rate":1.0');
    expect(
      (JSON.parse(config) as { compile_config: { optimizer: { config: { momentum: number } } } }).compile_config.optimizer.config.momentum,
    ).toBe(0);
  });
});
