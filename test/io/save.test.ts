import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  layers,
  loadModel,
  ModelCheckpoint,
  modelFromBytes,
  modelToBytes,
  Sequential,
  setLogSink,
  setSeed,
  tensor,
  type Tensor,
} from '../../src/index.ts';
import { resetLayerNames } from '../../src/layers/layer.ts';

const dir = mkdtempSync(join(tmpdir(), 'sunhwan-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  resetLayerNames();
  setLogSink({ dynamic: false, write: () => {} });
});

function data(n: number, T: number): [Tensor, Tensor] {
  const ids = new Int32Array(n * T);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < T; t++) ids[i * T + t] = (i * 7 + t * 3) % 20;
    y[i] = ids[i * T]! > 9 ? 1 : 0;
  }
  return [tensor(ids, [n, T]), tensor(y, [n, 1])];
}

function makeModel(): Sequential {
  return new Sequential([
    layers.embedding({ inputDim: 20, outputDim: 4, inputLength: 6 }),
    layers.lstm({ units: 5, returnSequences: true }),
    layers.dropout({ rate: 0.2 }),
    layers.flatten(),
    layers.dense({ units: 1, activation: 'sigmoid' }),
  ]);
}

describe('save / load', () => {
  it('save -> loadModel -> identical predictions, summary and compile arguments; writes atomically', async () => {
    setSeed(3);
    const [x, y] = data(40, 6);
    const model = makeModel();
    model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });
    await model.fit(x, y, { epochs: 2, verbose: 0 });
    const path = join(dir, 'model.shw');
    await model.save(path);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    const loaded = await loadModel(path);
    expect((loaded as Sequential).summary({ print: false })).toBe(model.summary({ print: false }));
    const a = (await model.predict(x)) as Tensor;
    const b = (await loaded.predict(x)) as Tensor;
    expect(b.dataSync()).toEqual(a.dataSync());
    expect(loaded.compileConfig!.metrics).toEqual(['acc']);
    expect(await loaded.evaluate(x, y, { verbose: 0 })).toEqual(await model.evaluate(x, y, { verbose: 0 }));
    // bytes round trip without files
    const again = modelFromBytes(modelToBytes(model));
    expect(((await again.predict(x)) as Tensor).dataSync()).toEqual(a.dataSync());
  });

  it('saveWeights / loadWeights by order, with shape checks', async () => {
    setSeed(4);
    const model = makeModel();
    const path = join(dir, 'weights.shw');
    await model.saveWeights(path);
    const other = makeModel();
    await other.loadWeights(path);
    expect(other.getWeights().map((t) => t.dataSync())).toEqual(model.getWeights().map((t) => t.dataSync()));
    const wrong = new Sequential([layers.embedding({ inputDim: 20, outputDim: 4, inputLength: 6 }), layers.lstm({ units: 6 })]);
    await expect(wrong.loadWeights(path)).rejects.toThrow(/has 6 weight arrays but the model '.*' has 4/);
    const shapes = new Sequential([
      layers.embedding({ inputDim: 20, outputDim: 4, inputLength: 6 }),
      layers.lstm({ units: 6, returnSequences: true }),
      layers.dropout({ rate: 0.2 }),
      layers.flatten(),
      layers.dense({ units: 1 }),
    ]);
    await expect(shapes.loadWeights(path)).rejects.toThrow(
      /weight 1 '.*kernel' has shape \[4,20\] in the file but '.*' is \[4,24\] in the model/,
    );
    await expect(loadModel(path)).rejects.toThrow(/holds only weights/);
  });

  it('reports missing, truncated, foreign and corrupted files by name', async () => {
    setSeed(5);
    const model = makeModel();
    const path = join(dir, 'full.shw');
    await model.save(path);
    const bytes = readFileSync(path);
    const cut = join(dir, 'cut.shw');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
    await expect(loadModel(cut)).rejects.toThrow(
      /'.*cut\.shw' is truncated: the header lists \d+ bytes of weights but only \d+ are present/,
    );
    writeFileSync(cut, bytes.subarray(0, 40));
    await expect(loadModel(cut)).rejects.toThrow(/cut\.shw' is truncated: its header should be/);
    await expect(loadModel(join(dir, 'nope.shw'))).rejects.toThrow(/loadModel: no such file '.*nope\.shw'/);
    const h5 = join(dir, 'model.h5');
    writeFileSync(h5, Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0]));
    await expect(loadModel(h5)).rejects.toThrow(/model\.h5': not a readable HDF5 file \(bad byte number in an address\)/); // Keras files go to loadKerasModel
    writeFileSync(h5, 'hello world, not a model');
    await expect(loadModel(h5)).rejects.toThrow(/is not a sunhwan model file/);
    await expect(makeModel().loadWeights(cut)).rejects.toThrow(/truncated/);
  });

  it('resuming from a checkpoint (with optimizer state) equals an uninterrupted run', async () => {
    const [x, y] = data(48, 6);
    setSeed(11);
    const full = makeModel();
    full.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
    const ckpt = join(dir, 'ckpt-{epoch:02d}.shw');
    await full.fit(x, y, { epochs: 4, batchSize: 16, verbose: 0, seed: 99, callbacks: [new ModelCheckpoint({ filepath: ckpt })] });
    const resumed = await loadModel(join(dir, 'ckpt-02.shw'));
    expect(resumed.optimizer!.iterations).toBe(6);
    await resumed.fit(x, y, { epochs: 4, initialEpoch: 2, batchSize: 16, verbose: 0, seed: 99 });
    expect(resumed.getWeights().map((t) => t.dataSync())).toEqual(full.getWeights().map((t) => t.dataSync()));
  });
});
