// The collect-reviews recipe end to end through the command line: `sunhwan recipe collect-reviews
// --quick --out DIR --csv FILE` (local site → CSV → cleanKorean → Tokenizer → LSTM), then
// `sunhwan predict` on the collected file with the saved model and tokenizer.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../src/collect/index.ts';
import { sunhwan } from '../cli/helpers.ts';

const hasChromium = (() => {
  try {
    return findChromium() !== '';
  } catch {
    return false;
  }
})();

const dir = mkdtempSync(join(tmpdir(), 'sunhwan-collect-recipe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasChromium)('recipe collect-reviews (skipped: no Chromium on PATH; apt-get install chromium)', () => {
  it('collects 4 pages offline, trains a sentiment model, and predict reads the collected CSV', async () => {
    const csv = join(dir, 'reviews.csv');
    const run = await sunhwan('recipe', 'collect-reviews', '--quick', '--verbose', '0', '--out', dir, '--csv', csv);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { metrics, history } = JSON.parse(readFileSync(join(dir, 'collect-reviews.json'), 'utf8')) as {
      metrics: Record<string, number>;
      history: { loss: number[] };
    };
    expect(metrics.rows).toBe(40);
    // 40 rows less the 30s and the two unparsable ratings.
    expect(metrics.labelled).toBeGreaterThan(30);
    expect(history.loss.at(-1)!).toBeLessThan(history.loss[0]!);
    expect(metrics.test_acc).toBeGreaterThanOrEqual(0.8);
    expect(metrics.labelled_agreement).toBeGreaterThanOrEqual(0.8);

    const predicted = await sunhwan('predict', join(dir, 'collect-reviews.shw'), csv, '--column', 'text', '--format', 'json');
    expect(predicted.code).toBe(0);
    const rows = JSON.parse(predicted.stdout) as { input: string; prediction: number }[];
    expect(rows.length).toBe(40);
    const collected = readFileSync(csv, 'utf8');
    for (const row of rows) expect(row.prediction).toBeGreaterThanOrEqual(0);
    expect(collected).toContain(rows[0]!.input.split('\n')[0]!);
    // The raw texts (not cleaned as in training) still get the sentiment of the cleaned ones.
    const positive = rows.filter((r) => /최고|친절|맛집/.test(r.input) && !/실망|불친절|짜고|별로/.test(r.input));
    expect(positive.length).toBeGreaterThan(3);
    expect(positive.filter((r) => r.prediction >= 0.5).length / positive.length).toBeGreaterThanOrEqual(0.8);
  }, 240_000);
});
