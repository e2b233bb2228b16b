// The recipe results as data: recipes/record.ts writes a run's record and plots, and
// scripts/recipes-table.mjs turns the records into recipes/README.md's table. The committed table
// must be the one the committed records give.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, type RecipeResult } from '../../recipes/common.ts';
import { recordJson, recordOf, resultsDirFor, resultsDirOf, variantOf, writeRecipeResult, type RunContext } from '../../recipes/record.ts';
// @ts-expect-error: a plain .mjs script (no declarations)
import { END, START, buildTable, missRatio, readRecords, withTable } from '../../scripts/recipes-table.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'sunhwan-results-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const meta = { name: 'spam-rnn', source: 'seed 001', description: 'SMS spam' };
const context = (extra: Record<string, string> = {}, quick = false): RunContext => ({
  meta,
  options: { quick, epochs: 2, seed: 7, extra },
  command: 'npx tsx recipes/spam-rnn.ts --epochs 2',
  startedAt: new Date('2026-12-06T05:00:00Z'),
  wallSeconds: 12.34,
  loadAtStart: [1.5, 1, 0.5],
});

describe('the committed README table', () => {
  it('is what npm run recipes:table makes from the committed records', () => {
    const readme = readFileSync(join(repoRoot, 'recipes', 'README.md'), 'utf8');
    expect(readme).toContain(START);
    expect(withTable(readme, buildTable(join(repoRoot, 'recipes', 'results'))), 'run `npm run recipes:table`').toBe(readme);
  });
});

describe('run records', () => {
  it('are filed by variant: the experiment options, never the output ones; quick runs apart', () => {
    expect(variantOf({})).toBe('default');
    expect(variantOf({ extra: { model: 'gru', plot: 'x', results: '/tmp/r', why: 'because' } })).toBe('model-gru');
    expect(variantOf({ extra: { level: 'word', checkpoint: '/tmp/k.sunhwan', samples: '/tmp/s.md' } })).toBe('level-word');
    expect(variantOf({ extra: { tokenizer: 'morph', cell: 'gru' } })).toBe('cell-gru_tokenizer-morph');
    expect(variantOf({ extra: { jena: '/data/jena_climate_2009_2016.csv', model: 'gru' } })).toBe('jena-jena_climate_2009_2016_model-gru');
    expect(variantOf({ quick: true })).toBe('quick-default');
    expect(resultsDirFor('spam-rnn', {})).toBe(resultsDirOf('spam-rnn'));
    expect(resultsDirFor('spam-rnn', { quick: true })).toBeUndefined();
    expect(resultsDirFor('spam-rnn', { extra: { results: 'none' } })).toBeUndefined();
    expect(resultsDirFor('spam-rnn', { quick: true, extra: { results: scratch } })).toBe(scratch);
  });

  it('hold the figures, history, settings and the machine; NaN becomes null; histories stay on one line', () => {
    const result: RecipeResult = {
      metrics: { test_acc: 0.97, broken: Number.NaN },
      history: { loss: [0.5, 0.25] },
      settings: { batchSize: 64 },
    };
    const record = recordOf(result, context({ why: 'two epochs only' }));
    expect(record).toMatchObject({
      recipe: 'spam-rnn',
      variant: 'default',
      seed: 7,
      epochs: 2,
      metrics: { test_acc: 0.97, broken: null },
      settings: { batchSize: 64 },
      why: 'two epochs only',
      wallSeconds: 12.3,
      load: { start: [1.5, 1, 0.5] },
      options: {},
    });
    expect(record.machine.cores).toBeGreaterThan(0);
    expect(record.threads).toBeGreaterThan(0);
    expect(record.kernels.length).toBeGreaterThan(0);
    const text = recordJson(record);
    expect(text).toContain('"loss": [0.5, 0.25]');
    expect(JSON.parse(text)).toEqual(record);
  });

  it('are written with their plots and samples, and make a table row that says why a figure misses', async () => {
    const results = join(scratch, 'results');
    mkdirSync(results, { recursive: true });
    writeFileSync(
      join(results, 'book-figures.json'),
      JSON.stringify({
        rows: [
          { key: 'spam-rnn/default', book: '98.16 %', metric: 'test_acc', value: 0.9816, better: 'higher', points: 0.02, unit: 'fraction' },
          { key: 'jena/model-gru', book: '0.265', metric: 'best_val_mae', value: 0.265, better: 'lower', relative: 0.1, unit: 'value' },
        ],
      }),
    );
    const result: RecipeResult = {
      metrics: { test_acc: 0.9 },
      history: { loss: [0.6, 0.3, 0.2], val_loss: [0.5, 0.4, 0.45] },
      series: [{ truth: [1, 2, 3], predictions: [1.1, 1.9, 3.2] }],
      samples: [{ title: 'temperature 0.5', text: 'the cat sat' }],
    };
    const written = await writeRecipeResult(join(results, 'spam-rnn'), result, context({ why: 'two epochs only' }));
    expect(written.map((p) => p.slice(results.length + 1))).toEqual([
      'spam-rnn/default.json',
      'spam-rnn/default-history.svg',
      'spam-rnn/default-series-1.svg',
      'spam-rnn/default-samples.md',
    ]);
    for (const p of written) expect(existsSync(p)).toBe(true);
    expect(readFileSync(written[1]!, 'utf8')).toMatch(/^<svg/);
    expect(readFileSync(written[3]!, 'utf8')).toContain('## temperature 0.5\n\n```text\nthe cat sat\n```');
    // a quick run is kept apart and never shown
    await writeRecipeResult(join(results, 'spam-rnn'), { metrics: { test_acc: 0.5 } }, context({}, true));
    expect([...readRecords(results).keys()]).toEqual(['spam-rnn/default']);

    const table: string[] = buildTable(results);
    expect(table).toHaveLength(4);
    expect(table[2]).toContain('test_acc 90.00 %');
    expect(table[2]).toContain("**misses the book's figure**: two epochs only");
    expect(table[2]).toContain('12.3 s');
    expect(table[2]).toContain('--epochs 2, seed 7');
    expect(table[3]).toContain('not run in full yet');
  });

  it('count a miss only on the wrong side of the book, beyond the margin', () => {
    const acc = { value: 0.9, better: 'higher', points: 0.02 };
    const mae = { value: 0.2, better: 'lower', relative: 0.1 };
    expect(missRatio(acc, 0.95)).toBe(0);
    expect(missRatio(acc, 0.89)).toBeCloseTo(0.5);
    expect(missRatio(acc, 0.87)).toBeGreaterThan(1);
    expect(missRatio(mae, 0.21)).toBeCloseTo(0.5);
    expect(missRatio(mae, 0.23)).toBeGreaterThan(1);
    expect(missRatio({ value: null }, 0.5)).toBeNull();
    expect(missRatio(acc, Number.NaN)).toBeNull();
  });

  it('refuse a README without the markers', () => {
    expect(() => withTable('# no table here', [])).toThrow(/markers/);
    expect(withTable(`a\n${START}\nold\n${END}\nb`, ['| x |'])).toBe(`a\n${START}\n\n| x |\n\n${END}\nb`);
  });
});
