import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { callbacks, layers, optimizers, Sequential, setLogSink, setSeed, tensor, type Tensor } from '../../src/index.ts';
import { resetLayerNames } from '../../src/layers/layer.ts';

const dir = mkdtempSync(join(tmpdir(), 'sunhwan-cb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  resetLayerNames();
  setSeed(1);
  setLogSink({ dynamic: false, write: () => {} });
});

/** Training data and validation data with the labels flipped: val_loss only gets worse. */
function flipped(): { x: Tensor; y: Tensor; yFlip: Tensor } {
  const n = 64;
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    x[2 * i] = c ? 1 : -1;
    x[2 * i + 1] = ((i * 37) % 11) / 11 - 0.5;
    y[i] = c;
  }
  return {
    x: tensor(x, [n, 2]),
    y: tensor(y, [n, 1]),
    yFlip: tensor(
      y.map((v) => 1 - v),
      [n, 1],
    ),
  };
}

function model(): Sequential {
  const m = new Sequential([layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })]);
  m.compile({ optimizer: optimizers.sgd({ learningRate: 0.5 }), loss: 'binary_crossentropy', metrics: ['acc'] });
  return m;
}

describe('callbacks', () => {
  it('EarlyStopping stops after `patience` epochs without improvement and restores the best weights', async () => {
    const { x, y, yFlip } = flipped();
    const m = model();
    const seen: Array<Array<Float32Array | Int32Array>> = [];
    const record = callbacks.lambdaCallback({ onEpochEnd: () => void seen.push(m.getWeights().map((t) => t.dataSync().slice())) });
    const stopper = callbacks.earlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
    const h = await m.fit(x, y, { epochs: 20, batchSize: 16, verbose: 0, validationData: [x, yFlip], callbacks: [record, stopper] });
    expect(h.epoch).toEqual([0, 1, 2]);
    expect(stopper.stoppedEpoch).toBe(2);
    expect(stopper.bestEpoch).toBe(0);
    expect(m.getWeights().map((t) => t.dataSync())).toEqual(seen[0]);
    // the book's monitor name 'val_acc' also finds 'val_accuracy'
    const m2 = new Sequential([layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })]);
    m2.compile({ optimizer: optimizers.sgd({ learningRate: 0.5 }), loss: 'binary_crossentropy', metrics: ['accuracy'] });
    const s2 = callbacks.earlyStopping({ monitor: 'val_acc', patience: 1 });
    const h2 = await m2.fit(x, y, { epochs: 20, batchSize: 16, verbose: 0, validationData: [x, yFlip], callbacks: [s2] });
    expect(h2.epoch.length).toBeLessThan(20);
  });

  it('ReduceLROnPlateau multiplies the learning rate by factor and logs lr', async () => {
    const { x, y, yFlip } = flipped();
    const m = model();
    const h = await m.fit(x, y, {
      epochs: 4,
      batchSize: 16,
      verbose: 0,
      validationData: [x, yFlip],
      callbacks: [callbacks.reduceLROnPlateau({ factor: 0.5, patience: 1 })],
    });
    expect(h.history.lr).toEqual([0.5, 0.5, 0.25, 0.125]); // logged before the reduction, as Keras does
    expect(m.optimizer!.learningRate).toBe(0.0625);
  });

  it('TerminateOnNaN stops at the first non-finite loss', async () => {
    const m = new Sequential([layers.dense({ units: 1, inputShape: [1] })]);
    m.compile({ optimizer: optimizers.sgd({ learningRate: 1e30 }), loss: 'mse' });
    const x = tensor(new Float32Array(64).fill(1e18), [64, 1]);
    let batches = 0;
    const h = await m.fit(x, x, {
      epochs: 5,
      batchSize: 8,
      verbose: 0,
      callbacks: [callbacks.lambdaCallback({ onBatchEnd: () => void batches++ }), callbacks.terminateOnNaN()],
    });
    expect(h.epoch).toEqual([0]);
    expect(batches).toBeLessThan(8);
  });

  it('CSVLogger writes epoch,<sorted keys> rows; append keeps earlier rows', async () => {
    const { x, y } = flipped();
    const m = model();
    const file = join(dir, 'log.csv');
    await m.fit(x, y, { epochs: 2, verbose: 0, validationSplit: 0.25, callbacks: [callbacks.csvLogger(file)] });
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('epoch,acc,loss,val_acc,val_loss');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^0,[\d.]+,[\d.]+,[\d.]+,[\d.]+$/);
    await m.fit(x, y, {
      epochs: 3,
      initialEpoch: 2,
      verbose: 0,
      validationSplit: 0.25,
      callbacks: [callbacks.csvLogger({ filename: file, append: true })],
    });
    expect(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(',')[0]),
    ).toEqual(['epoch', '0', '1', '2']);
  });

  it('ModelCheckpoint fills {epoch:02d}/{val_loss:.2f} and saves only improvements with saveBestOnly', async () => {
    const { x, y, yFlip } = flipped();
    const m = model();
    const sub = join(dir, 'ckpt');
    const best = callbacks.modelCheckpoint({
      filepath: join(sub, 'w.{epoch:02d}-{val_loss:.2f}.shw'),
      saveBestOnly: true,
      saveWeightsOnly: true,
    });
    await m.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, validationData: [x, yFlip], callbacks: [best] });
    expect(best.saved).toHaveLength(1);
    expect(best.saved[0]).toMatch(/w\.01-\d\.\d\d\.shw$/);
    expect(readdirSync(sub)).toHaveLength(1);
    const every = callbacks.modelCheckpoint(join(sub, 'm-{epoch}.shw'));
    await m.fit(x, y, { epochs: 2, verbose: 0, callbacks: [every] });
    expect(existsSync(join(sub, 'm-1.shw')) && existsSync(join(sub, 'm-2.shw'))).toBe(true);
  });
});
