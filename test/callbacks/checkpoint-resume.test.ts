import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { callbacks, layers, loadModel, ModelCheckpoint, Sequential, setLogSink, setSeed, tensor, type Tensor } from '../../src/index.ts';
import { removeStaleTemps } from '../../src/io/files.ts';
import { readSavedMetadata } from '../../src/io/save.ts';
import { resetLayerNames } from '../../src/layers/layer.ts';
import { wasInterrupted } from '../../src/models/interrupt.ts';

const dir = mkdtempSync(join(tmpdir(), 'sunhwan-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let log = '';
beforeEach(() => {
  resetLayerNames();
  log = '';
  setLogSink({ dynamic: false, write: (s) => void (log += s) });
});

function setup(): { model: Sequential; x: Tensor; y: Tensor } {
  setSeed(7);
  const model = new Sequential([layers.dense({ units: 4, inputShape: [3], activation: 'tanh' }), layers.dense({ units: 1 })]);
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  const x = tensor(
    new Float32Array(60).map((_, i) => Math.cos(i)),
    [20, 3],
  );
  const y = tensor(
    new Float32Array(20).map((_, i) => Math.sin(i)),
    [20, 1],
  );
  return { model, x, y };
}

describe('ModelCheckpoint({saveBestOnly}) across runs', () => {
  it('a resumed run starts from the best value recorded in the file and keeps a better model', async () => {
    const path = join(dir, 'best.shw');
    const first = setup();
    const ckpt = new ModelCheckpoint({ filepath: path, monitor: 'loss', saveBestOnly: true });
    await first.model.fit(first.x, first.y, { epochs: 30, verbose: 0, callbacks: [ckpt] });
    const recorded = (await readSavedMetadata(path))!.checkpoint as { monitor: string; value: number };
    expect(recorded.monitor).toBe('loss');
    expect(recorded.value).toBeCloseTo(ckpt.best, 10);
    const bytesBefore = statSync(path).mtimeMs;
    // a fresh, untrained model resumes "training": its losses are all worse than the record
    const fresh = setup();
    const resumed = new ModelCheckpoint({ filepath: path, monitor: 'loss', saveBestOnly: true });
    await fresh.model.fit(fresh.x, fresh.y, { epochs: 2, verbose: 0, callbacks: [resumed] });
    expect(resumed.saved).toEqual([]);
    expect(resumed.best).toBe(recorded.value);
    expect(statSync(path).mtimeMs).toBe(bytesBefore);
  });

  it('initialValueThreshold sets the bar when the file records nothing', async () => {
    const { model, x, y } = setup();
    const ckpt = new ModelCheckpoint({
      filepath: join(dir, 'threshold.shw'),
      monitor: 'loss',
      saveBestOnly: true,
      initialValueThreshold: 1e-9,
    });
    await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [ckpt] });
    expect(ckpt.saved).toEqual([]);
    expect(() => new ModelCheckpoint({ filepath: 'x', initialValueThreshold: NaN })).toThrow(
      /initialValueThreshold must be a finite number/,
    );
  });
});

describe('stale temporary files', () => {
  it("leftovers of dead writers are removed; a live writer's file stays", async () => {
    const target = join(dir, 'model.shw');
    const dead = `${target}.tmp-999999999-abc`;
    const deadDownload = `${target}.part-999999998-1f2e`;
    const live = `${target}.tmp-${process.pid}-xyz`;
    const other = join(dir, 'other.shw.tmp-999999999-abc');
    for (const f of [dead, deadDownload, live, other]) writeFileSync(f, 'partial');
    const { model } = setup();
    await model.save(target);
    expect(existsSync(dead) || existsSync(deadDownload)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true); // another file's leftovers wait for that file's next write
    expect(await removeStaleTemps(join(dir, 'other.shw'))).toEqual(['other.shw.tmp-999999999-abc']);
    rmSync(live);
  });
});

describe('Ctrl-C during fit({handleInterrupt: true})', () => {
  it('finishes the batch, runs the checkpoint, and returns normally', async () => {
    const { model, x, y } = setup();
    const listeners = process.listenerCount('SIGINT');
    const path = join(dir, 'interrupted-{epoch}.shw');
    let batchesAfterSignal = 0;
    let signalled = false;
    const ckpt = callbacks.modelCheckpoint(path);
    const history = await model.fit(x, y, {
      epochs: 5,
      batchSize: 4,
      verbose: 0,
      handleInterrupt: true,
      callbacks: [
        {
          onBatchBegin: () => void (signalled && batchesAfterSignal++),
          onBatchEnd: (batch) => {
            if (batch === 1 && !signalled) {
              signalled = true;
              process.emit('SIGINT');
            }
          },
        },
        ckpt,
      ],
    });
    expect(batchesAfterSignal).toBe(0);
    expect(history.epoch).toEqual([0]);
    expect(ckpt.saved).toEqual([join(dir, 'interrupted-1.shw')]);
    expect((await loadModel(ckpt.saved[0]!)).countParams()).toBe(model.countParams());
    expect(wasInterrupted(model)).toBe(true);
    expect(log).toMatch(/interrupted; finishing this batch/);
    expect(process.listenerCount('SIGINT')).toBe(listeners);
    expect(readdirSync(dir).some((f) => f.includes('.tmp-'))).toBe(false);
  });
});
