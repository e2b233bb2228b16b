// Smoke tests: every recipe's quick mode (a small slice of data, 1–3 epochs) trains and returns
// sensible figures. The recipes print a lot; the output is silenced here.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setLogSink } from 'sunhwan';
import { useSharedData, type RecipeResult } from '../../recipes/common.ts';

const dataDir = useSharedData();
const hasData = (folder: string) => dataDir !== undefined && existsSync(resolve(dataDir, folder));

let restore: (() => void) | null = null;
beforeAll(() => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  setLogSink({ dynamic: false, write: () => {} });
  restore = () => {
    log.mockRestore();
    setLogSink(null);
  };
});
afterAll(() => restore?.());

type Runner = (o: { quick: boolean; verbose: 0 }) => Promise<RecipeResult>;
const quick = async (load: () => Promise<{ run: Runner }>): Promise<RecipeResult> => (await load()).run({ quick: true, verbose: 0 });

/** The loss went down over the quick run and every figure is a finite number. */
function expectTrained(r: RecipeResult): void {
  for (const [k, v] of Object.entries(r.metrics)) expect(Number.isFinite(v), `${k} = ${v}`).toBe(true);
  const loss = r.history?.loss;
  expect(loss && loss.length >= 1).toBe(true);
  expect(loss![loss!.length - 1]!).toBeLessThan(loss![0]! + 1e-9);
}

describe('recipes (quick mode)', () => {
  it('sine-wave: SimpleRNN learns the sine and predicts the cosine', async () => {
    const r = await quick(() => import('../../recipes/sine-wave.ts'));
    expectTrained(r);
    expect(r.metrics.loss!).toBeLessThan(r.metrics.first_loss!);
    expect(r.metrics.cosine_mse!).toBeLessThan(0.5);
  });

  it('sequence-4step: predictions move toward 0.4 … 0.9', async () => {
    const r = await quick(() => import('../../recipes/sequence-4step.ts'));
    expectTrained(r);
    expect(r.metrics.pred_1_0!).toBeGreaterThan(r.metrics.pred_0_3!);
  });

  it('multiplication: stacked LSTM trains on the marked-number problem', async () => {
    const r = await quick(() => import('../../recipes/multiplication.ts'));
    expectTrained(r);
    expect(r.metrics.correctness_pct!).toBeGreaterThanOrEqual(0);
  });

  it.skipIf(!hasData('imdb'))('imdb-embedding-flatten: Embedding + Flatten + Dense on 20 words', async () => {
    const r = await quick(() => import('../../recipes/imdb-embedding-flatten.ts'));
    expectTrained(r);
    expect(r.metrics.test_acc!).toBeGreaterThan(0.4);
  });
});
