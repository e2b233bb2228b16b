// recipes/fit-in-parts.ts: a fit stopped after an epoch and resumed from its file gives the
// uninterrupted run's losses and weights (array data: fit's shuffling depends on seed and epoch).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { layers, optimizers, Sequential, setSeed, tensor, type LayersModel } from 'sunhwan';
import { fitInParts } from '../../recipes/fit-in-parts.ts';

const dir = mkdtempSync(join(tmpdir(), 'sunhwan-parts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function model(): LayersModel {
  setSeed(5);
  const m = new Sequential([layers.dense({ units: 4, activation: 'tanh', inputShape: [3] }), layers.dense({ units: 1 })]);
  m.compile({ optimizer: optimizers.rmsprop({ learningRate: 0.01 }), loss: 'mae' });
  return m;
}
const x = tensor(
  Float32Array.from({ length: 40 * 3 }, (_, i) => Math.sin(i)),
  [40, 3],
);
const y = tensor(
  Float32Array.from({ length: 40 }, (_, i) => Math.cos(i)),
  [40, 1],
);
const args = { batchSize: 8, verbose: 0 as const, seed: 9 };

describe('fitInParts', () => {
  it('resumes after the saved epoch and ends where an uninterrupted fit ends', async () => {
    const whole = await fitInParts(model(), x, y, { ...args, epochs: 3 });
    const path = join(dir, 'run.shw');
    const first = await fitInParts(model(), x, y, { ...args, epochs: 1 }, path);
    expect(first.history.loss).toHaveLength(1);
    const rest = await fitInParts(model(), x, y, { ...args, epochs: 3 }, path);
    expect(rest.priorSeconds).toBeGreaterThan(0);
    expect(rest.history.loss).toEqual(whole.history.loss);
    expect(rest.model.getWeights().flatMap((w) => Array.from(w.dataSync()))).toEqual(
      whole.model.getWeights().flatMap((w) => Array.from(w.dataSync())),
    );
  });
});
