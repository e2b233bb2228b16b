import { beforeEach, describe, expect, it } from 'vitest';
import { layers, nonFiniteReport, optimizers, Sequential, setLogSink, setSeed, tensor, TerminateOnNaN } from '../../src/index.ts';
import { resetLayerNames } from '../../src/layers/layer.ts';

let log = '';
beforeEach(() => {
  resetLayerNames();
  log = '';
  setLogSink({ dynamic: false, write: (s) => void (log += s) });
});

function model(learningRate = 0.01): Sequential {
  setSeed(3);
  const m = new Sequential([layers.dense({ units: 4, inputShape: [2], activation: 'relu' }), layers.dense({ units: 1 })]);
  m.compile({ optimizer: optimizers.sgd({ learningRate }), loss: 'mse' });
  return m;
}

const count = (text: string, pattern: RegExp): number => text.split('\n').filter((l) => pattern.test(l)).length;

describe('the first non-finite loss or weight is reported once', () => {
  it('one NaN in x: named epoch, batch and layer, reported once', async () => {
    const x = new Float32Array(40).map((_, i) => (i % 7) / 7);
    x[13] = NaN; // sample 6 → batch 1 with batchSize 4, no shuffling
    const m = model();
    await m.fit(tensor(x, [20, 2]), tensor(new Float32Array(20).fill(1), [20, 1]), { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
    expect(log).toMatch(/Warning: sequential\.fit: x holds NaN at sample 6 \(flat index 13\)/);
    expect(count(log, /Warning: .*became/)).toBe(1);
    expect(log).toMatch(
      /sequential\.fit: (the loss became NaN|a weight became non-finite) at epoch 1, batch 1; first non-finite (gradient|weight): layer 'dense' \(kernel/,
    );
    const report = nonFiniteReport(m)!;
    expect([report.epoch, report.batch, report.layer]).toEqual([0, 1, 'dense']);
  });

  it('a diverging learning rate is reported, and TerminateOnNaN still stops', async () => {
    const x = tensor(
      new Float32Array(40).map((_, i) => i),
      [20, 2],
    );
    const y = tensor(
      new Float32Array(20).map((_, i) => i * 10),
      [20, 1],
    );
    const m = model(10);
    const h = await m.fit(x, y, { epochs: 8, batchSize: 4, verbose: 0, callbacks: [new TerminateOnNaN()] });
    expect(count(log, /Warning: .*became/)).toBe(1);
    expect(log).toMatch(
      /(the loss became (NaN|Infinity)|a weight became non-finite) at epoch \d, batch \d; first non-finite (weight|gradient): layer 'dense(_1)?'/,
    );
    expect(h.epoch.length).toBeLessThanOrEqual(8);
  });

  it('a finite run reports nothing', async () => {
    const m = model();
    await m.fit(
      tensor([
        [0, 1],
        [1, 0],
      ]),
      tensor([[1], [0]]),
      { epochs: 2, verbose: 0 },
    );
    expect(log).not.toMatch(/Warning/);
    expect(nonFiniteReport(m)).toBeNull();
  });
});
