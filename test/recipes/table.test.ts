// The recipe results as data: recipes/record.ts writes a run's record and plots, and
// scripts/recipes-table.mjs turns the records into recipes/README.md's table. The committed table
// must be the one the committed records give.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, type RecipeResult } from '../../recipes/common.ts';
import {
  recordJson,
  recordOf,
  resultsDirFor,
  resultsDirOf,
  variantOf,
  withOption,
  writeRecipeResult,
  writeRecipeResults,
  type RunContext,
} from '../../recipes/record.ts';
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
    expect(variantOf({ extra: { level: 'word', checkpoint: '/tmp/k.sunhwan', samples: '/tmp/s.md', 'prior-seconds': '3600' } })).toBe(
      'level-word',
    );
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

  it('of a run of several experiments are filed one per part, each with the command that repeats it alone', async () => {
    const results = join(scratch, 'parts');
    const run: RunContext = {
      ...context(),
      meta: { name: 'jena', source: 'seed 003', description: 'temperature' },
      options: { extra: { series: 'melbourne', model: 'all' } },
      command: 'npx tsx recipes/jena.ts --series melbourne --model all --verbose 2',
    };
    const part = (model: string, metrics: Record<string, number>, seconds: number) => ({
      options: { model },
      result: { metrics, series: [{ truth: [1, 2], predictions: { [model]: [1, 2], baseline: [0, 1] } }] },
      startedAt: new Date('2026-12-06T06:00:00Z'),
      loadAtStart: [1, 1, 1],
      wallSeconds: seconds,
    });
    const whole: RecipeResult = {
      metrics: { gru_best_val_mae: 0.44 },
      parts: [part('baseline', { baseline_val_mae: 0.49 }, 2), part('gru', { best_val_mae: 0.44, baseline_val_mae: 0.49 }, 60)],
    };
    const written = await writeRecipeResults(join(results, 'jena'), whole, run);
    expect(written.map((p) => p.slice(results.length + 1))).toEqual([
      'jena/model-baseline_series-melbourne.json',
      'jena/model-baseline_series-melbourne-series-1.svg',
      'jena/model-gru_series-melbourne.json',
      'jena/model-gru_series-melbourne-series-1.svg',
    ]);
    const gru = JSON.parse(readFileSync(written[2]!, 'utf8'));
    expect(gru).toMatchObject({
      variant: 'model-gru_series-melbourne',
      options: { series: 'melbourne', model: 'gru' },
      command: 'npx tsx recipes/jena.ts --series melbourne --model gru --verbose 2',
      metrics: { best_val_mae: 0.44, baseline_val_mae: 0.49 },
      wallSeconds: 60,
    });
    expect(existsSync(join(results, 'jena', 'model-all_series-melbourne.json'))).toBe(false);
  });

  it('keep preformatted samples and add the earlier parts of a resumed run to its wall time', async () => {
    const dir = join(scratch, 'generation');
    const result: RecipeResult = { metrics: { loss: 1.5 }, samplesMarkdown: '# per epoch\n\n## epoch 3\n', priorSeconds: 100 };
    const written = await writeRecipeResults(dir, result, context());
    expect(written.map((p) => p.slice(dir.length + 1))).toEqual(['default.json', 'default-samples.md']);
    expect(readFileSync(written[1]!, 'utf8')).toBe('# per epoch\n\n## epoch 3\n');
    expect(JSON.parse(readFileSync(written[0]!, 'utf8')).wallSeconds).toBe(112.3);
  });

  it('set an option in a command line where it is, or append it', () => {
    expect(withOption('npx tsx recipes/jena.ts --model all --quick', 'model', 'gru')).toBe('npx tsx recipes/jena.ts --model gru --quick');
    expect(withOption('sunhwan recipe jena --model=all', 'model', 'dense')).toBe('sunhwan recipe jena --model dense');
    expect(withOption('npx tsx recipes/jena.ts', 'model', 'gru')).toBe('npx tsx recipes/jena.ts --model gru');
    expect(withOption('x --models all', 'model', 'gru')).toBe('x --models all --model gru');
  });

  it('show a figure against the baseline and whether it sides with the book; a row that cannot run says why', async () => {
    const results = join(scratch, 'against');
    mkdirSync(results, { recursive: true });
    const jenaRow = (model: string, beats: boolean) => ({
      key: `jena/model-${model}_series-melbourne`,
      label: `\`jena --series melbourne\` ${model}`,
      book: 'Jena',
      metric: 'best_val_mae',
      value: null,
      unit: 'value',
      better: 'lower',
      against: 'baseline_val_mae',
      beats,
      ...(model === 'conv1d-gru' ? { why: 'pooling blurs the last days' } : {}),
    });
    writeFileSync(
      join(results, 'book-figures.json'),
      JSON.stringify({
        rows: [
          jenaRow('gru', true),
          jenaRow('conv1d', false),
          jenaRow('conv1d-gru', true),
          {
            key: 'seq2seq-reverse/default',
            book: '—',
            metric: 'exact_match',
            value: null,
            unit: 'fraction',
            beside: [{ metric: 'token_acc' }],
          },
          {
            key: 'jena/jena-jena_climate_2009_2016_model-gru',
            book: '0.265',
            metric: 'best_val_mae',
            value: 0.265,
            better: 'lower',
            relative: 0.1,
            unit: 'value',
            cannotRun: 'needs --jena download; offline here',
          },
        ],
      }),
    );
    const run: RunContext = {
      ...context(),
      meta: { name: 'jena', source: 's', description: 'd' },
      options: { extra: { series: 'melbourne' } },
    };
    const jena = { options: {}, startedAt: new Date(), loadAtStart: [0, 0, 0], wallSeconds: 1 };
    await writeRecipeResults(
      join(results, 'jena'),
      {
        metrics: {},
        parts: [
          {
            ...jena,
            options: { model: 'gru' },
            result: { metrics: { best_val_mae: 0.44, baseline_val_mae: 0.5 }, series: [{ truth: [1, 2], predictions: [1, 2] }] },
          },
          { ...jena, options: { model: 'conv1d' }, result: { metrics: { best_val_mae: 0.55, baseline_val_mae: 0.5 } } },
          { ...jena, options: { model: 'conv1d-gru' }, result: { metrics: { best_val_mae: 0.52, baseline_val_mae: 0.5 } } },
        ],
      },
      run,
    );
    await writeRecipeResult(
      join(results, 'seq2seq-reverse'),
      { metrics: { exact_match: 0.995, token_acc: 0.9992 }, history: { loss: [1, 0.5] } },
      {
        ...context(),
        meta: { name: 'seq2seq-reverse', source: 's', description: 'd' },
      },
    );
    const [, , gru, conv1d, conv1dGru, seq2seq, jenaFile] = buildTable(results) as string[];
    expect(gru).toMatch(/^\| `jena --series melbourne` gru \|/);
    expect(gru).toContain('best_val_mae 0.4400 (baseline 0.5000: −12.0 %)');
    expect(gru).toContain('beats the baseline, as in the book');
    expect(gru).toContain('| [predictions](results/jena/model-gru_series-melbourne-series-1.svg) |');
    expect(conv1d).toContain(' | — | '); // no plots written
    expect(conv1d).toContain('(baseline 0.5000: +10.0 %)');
    expect(conv1d).toContain('does not beat the baseline, as in the book');
    expect(conv1dGru).toContain("**not the book's ordering**: pooling blurs the last days");
    expect(seq2seq).toContain('exact_match 99.50 %; token_acc 99.92 %');
    expect(seq2seq).toContain('[history](results/seq2seq-reverse/default-history.svg)');
    expect(jenaFile).toContain('not run here: needs --jena download; offline here');
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
