// Smoke tests: every recipe's quick mode (a small slice of data, 1–3 epochs) trains and returns
// sensible figures. The recipes print a lot; the output is silenced here.
//
// The cheap recipes always run (≈ 30 s on the shared 2-core machine). The heavier quick modes
// (LSTM/Conv1D over hundreds of steps, 6M-parameter embeddings, text generation) run when
// SUNHWAN_SLOW_RECIPES=1 is set: together they take a few minutes on a loaded 2-core machine,
// which does not fit the suite's budget.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setLogSink } from 'sunhwan';
import { useSharedData, type RecipeOptions, type RecipeResult } from '../../recipes/common.ts';

const dataDir = useSharedData();
const hasData = (folder: string) => dataDir !== undefined && existsSync(resolve(dataDir, folder));
const slow = process.env.SUNHWAN_SLOW_RECIPES === '1';

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

type Runner = (o: RecipeOptions) => Promise<RecipeResult>;
const quick = async (load: () => Promise<{ run: Runner }>, extra: Record<string, string> = {}): Promise<RecipeResult> =>
  (await load()).run({ quick: true, verbose: 0, extra });

/** The loss went down over the quick run and every figure is a finite number. */
function expectTrained(r: RecipeResult): void {
  for (const [k, v] of Object.entries(r.metrics)) expect(Number.isFinite(v), `${k} = ${v}`).toBe(true);
  const loss = r.history?.loss;
  expect(loss && loss.length >= 1).toBe(true);
  expect(loss![loss!.length - 1]!).toBeLessThan(loss![0]! + 1e-9);
}

/**
 * What each quick run must reach, a figure a broken recipe misses: measured over the default seed
 * and seeds 1–3 on the shared data, each bound set with a margin beyond the worst of the four
 * (and beyond chance where the quick run beats chance; many quick runs only start to learn, so
 * their bound is on the fall of the training loss). `drop`: first_loss − loss at least this.
 */
const quickBounds: Record<string, { drop?: number; min?: Record<string, number>; max?: Record<string, number> }> = {
  'sine-wave': { max: { cosine_mse: 0.2 } }, // 0.015–0.078; predicting 0 gives 0.5
  multiplication: { drop: 0.0015 }, // 0.003–0.03
  'stock-lstm': { max: { test_mse_scaled: 0.05, test_rmse_won: 20_000 } }, // 0.001–0.031, 2.9k–16k won
  'imdb-embedding-flatten': { drop: 0.005 }, // 0.0105–0.0108
  'imdb-glove': { max: { loss_ratio: 0.8 } }, // loss / first_loss 0.41–0.71
  'spam-rnn': { min: { test_acc: 0.8 }, max: { loss_ratio: 0.92 } }, // 0.845–0.945; 0.70–0.88
  'seq2seq-reverse': { min: { token_acc: 0.3 } }, // 0.39–0.42; chance 0.1
  'imdb-rnn': { drop: 0.03 }, // 0.062–0.100
  'imdb-lstm': { drop: 0.0004 }, // 0.0008–0.0012
  'imdb-bidirectional': { drop: 0.0005 }, // 0.0012–0.0023
  'imdb-conv1d': { drop: 0.1 }, // 0.83 (default seed; seeds 1–3 do not move in quick mode)
  'imdb-cnn-lstm': { drop: 0.002 }, // 0.0040–0.0066
  'imdb-lstm-maxlen20': { drop: 0.002 }, // 0.0044–0.0103
  'imdb-seed001': { min: { test_acc: 0.58 } }, // 0.618–0.626
  'reuters-lstm': { drop: 0.04, min: { test_acc: 0.3 } }, // 0.08–0.12; 0.367–0.383 (chance 1/46)
  'nsmc-lstm': { max: { loss: 0.7 } }, // one epoch: 0.6931–0.6966 (a broken loss or label path is far off)
  'nsmc-lstm-seed001': { drop: 0.001 }, // 0.0019–0.0037
  'jena-gru': { drop: 0.02 }, // 0.049–0.20
};

function expectLearned(name: string, r: RecipeResult): void {
  const bounds = quickBounds[name]!;
  const m: Record<string, number> = { ...r.metrics, loss_ratio: r.metrics.loss! / r.metrics.first_loss! };
  if (bounds.drop !== undefined) expect(r.metrics.first_loss! - r.metrics.loss!, `${name}: first_loss − loss`).toBeGreaterThan(bounds.drop);
  for (const [k, v] of Object.entries(bounds.min ?? {})) expect(m[k], `${name}: ${k}`).toBeGreaterThan(v);
  for (const [k, v] of Object.entries(bounds.max ?? {})) expect(m[k], `${name}: ${k}`).toBeLessThan(v);
}

describe('recipes (quick mode)', () => {
  it('text-vectorization: codes 6-1 … 6-4', async () => {
    const r = await quick(() => import('../../recipes/text-vectorization.ts'));
    expect(r.metrics).toEqual({ unique_tokens: 9, word_width: 11, char_width: 101, matrix_width: 1000 });
  });

  it('sine-wave: SimpleRNN learns the sine and predicts the cosine', async () => {
    const r = await quick(() => import('../../recipes/sine-wave.ts'));
    expectTrained(r);
    expect(r.metrics.loss!).toBeLessThan(r.metrics.first_loss!);
    expectLearned('sine-wave', r);
  });

  it('sequence-4step: predictions move toward 0.4 … 0.9', async () => {
    const r = await quick(() => import('../../recipes/sequence-4step.ts'));
    expectTrained(r);
    expect(r.metrics.loss!).toBeLessThan(r.metrics.first_loss!);
    expect(r.metrics.pred_1_0!).toBeGreaterThan(r.metrics.pred_0_3!);
  });

  it('multiplication: stacked LSTM trains on the marked-number problem', async () => {
    const r = await quick(() => import('../../recipes/multiplication.ts'));
    expectTrained(r);
    expect(r.metrics.correctness_pct!).toBeGreaterThanOrEqual(0);
    expect(r.metrics.correctness_pct!).toBeLessThanOrEqual(100);
    expectLearned('multiplication', r);
  });

  it.skipIf(!hasData('samsung_stock'))('stock-lstm: LSTM(16) on Samsung opening prices', async () => {
    const r = await quick(() => import('../../recipes/stock-lstm.ts'));
    expectTrained(r);
    expect(r.metrics.test_rmse_won!).toBeGreaterThan(0);
    expectLearned('stock-lstm', r);
  });

  it.skipIf(!hasData('imdb'))('imdb-embedding-flatten: Embedding + Flatten + Dense on 20 words', async () => {
    const r = await quick(() => import('../../recipes/imdb-embedding-flatten.ts'));
    expectTrained(r);
    expect(r.metrics.test_acc!).toBeGreaterThan(0.4);
    expectLearned('imdb-embedding-flatten', r);
  });

  it.skipIf(!hasData('imdb') || !hasData('glove_subset'))('imdb-glove: Tokenizer on raw text, frozen GloVe embedding', async () => {
    const r = await quick(() => import('../../recipes/imdb-glove.ts'));
    expectTrained(r);
    expect(r.metrics.test_acc!).toBeGreaterThan(0.3);
    expectLearned('imdb-glove', r);
  });

  it.skipIf(!hasData('sms_spam'))('spam-rnn: SimpleRNN on SMS spam', async () => {
    const r = await quick(() => import('../../recipes/spam-rnn.ts'));
    expectTrained(r);
    expect(r.metrics.loss!).toBeLessThan(r.metrics.first_loss!);
    expect(r.metrics.test_acc!).toBeGreaterThan(0.8); // 87 % of the messages are ham
    expectLearned('spam-rnn', r);
  });

  it.skipIf(!hasData('ett_small'))('jena (ETTh1): the common-sense baseline', async () => {
    const { run } = await import('../../recipes/jena.ts');
    const base = await run({ quick: true, verbose: 0, extra: { model: 'baseline' } });
    expect(base.metrics.baseline_val_mae!).toBeGreaterThan(0.1); // 0.197 (normalised units; not trained)
    expect(base.metrics.baseline_val_mae!).toBeLessThan(0.3);
  });
  it("jena --jena <file>: the book's setting on a Jena-format CSV (a small synthetic one here)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jena-'));
    const file = join(dir, 'jena.csv');
    const header = ['"Date Time"', ...Array.from({ length: 14 }, (_, k) => `"c${k}"`)].join(',');
    const lines = [header];
    for (let i = 0; i < 8000; i++) {
      const v = Array.from({ length: 14 }, (_, k) => (k === 1 ? 10 * Math.sin((2 * Math.PI * i) / 144) : Math.cos(i * (k + 1)))).map((x) =>
        x.toFixed(3),
      );
      lines.push(['01.01.2009 00:10:00', ...v].join(','));
    }
    writeFileSync(file, lines.join('\n') + '\n');
    try {
      const { run } = await import('../../recipes/jena.ts');
      const r = await run({ quick: true, verbose: 0, extra: { model: 'baseline', jena: file } });
      expect(r.metrics.baseline_val_mae!).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('seq2seq-reverse: functional encoder–decoder decodes step by step', async () => {
    const r = await quick(() => import('../../recipes/seq2seq-reverse.ts'));
    for (const [k, v] of Object.entries(r.metrics)) expect(Number.isFinite(v), `${k} = ${v}`).toBe(true);
    expect(r.metrics.token_acc!).toBeGreaterThan(0.1); // chance is 1 in 10 digits
    expectLearned('seq2seq-reverse', r);
  });
});

describe.skipIf(!slow)('recipes (quick mode, heavier: SUNHWAN_SLOW_RECIPES=1)', () => {
  const imdbRecipes = [
    'imdb-rnn',
    'imdb-lstm',
    'imdb-bidirectional',
    'imdb-conv1d',
    'imdb-cnn-lstm',
    'imdb-lstm-maxlen20',
    'imdb-seed001',
  ] as const;
  for (const name of imdbRecipes) {
    it.skipIf(!hasData('imdb'))(
      `${name} trains`,
      async () => {
        const r = await quick(() => import(`../../recipes/${name}.ts`));
        expectTrained(r);
        expect(r.metrics.test_acc!).toBeGreaterThan(0.3);
        expectLearned(name, r);
      },
      300_000,
    );
  }

  it.skipIf(!hasData('reuters'))(
    'reuters-lstm: 46-way LSTM with EarlyStopping + ModelCheckpoint',
    async () => {
      const r = await quick(() => import('../../recipes/reuters-lstm.ts'));
      expectTrained(r);
      expect(r.metrics.test_acc!).toBeGreaterThan(0.05);
      expectLearned('reuters-lstm', r);
    },
    300_000,
  );

  it.skipIf(!hasData('nsmc'))(
    'nsmc-lstm: Korean sentiment',
    async () => {
      const r = await quick(() => import('../../recipes/nsmc-lstm.ts'));
      expectTrained(r);
      expect(r.metrics.test_acc!).toBeGreaterThan(0.3);
      expectLearned('nsmc-lstm', r);
    },
    300_000,
  );

  it.skipIf(!hasData('nsmc'))(
    'nsmc-lstm-seed001: Hangul-only cleaning, stop words, LSTM(128)',
    async () => {
      const r = await quick(() => import('../../recipes/nsmc-lstm-seed001.ts'));
      expectTrained(r);
      expect(r.metrics.test_acc!).toBeGreaterThan(0.3);
      expectLearned('nsmc-lstm-seed001', r);
    },
    300_000,
  );

  it.skipIf(!hasData('ett_small'))(
    'jena: a GRU trains and is compared with the same baseline',
    async () => {
      const { run } = await import('../../recipes/jena.ts');
      const base = await run({ quick: true, verbose: 0, extra: { model: 'baseline' } });
      const gru = await run({ quick: true, verbose: 0, extra: { model: 'gru' } });
      expectTrained(gru);
      expectLearned('jena-gru', gru);
      expect(gru.metrics.baseline_val_mae).toBeCloseTo(base.metrics.baseline_val_mae!, 6);
    },
    300_000,
  );

  it.skipIf(!hasData('ett_small'))(
    'jena: every model builds and trains',
    async () => {
      const { run } = await import('../../recipes/jena.ts');
      for (const model of ['dense', 'gru-reversed', 'gru-dropout', 'stacked-gru', 'bidirectional-gru', 'conv1d', 'conv1d-gru']) {
        const r = await run({ quick: true, verbose: 0, extra: { model, 'steps-per-epoch': '2' } });
        for (const [k, v] of Object.entries(r.metrics)) expect(Number.isFinite(v), `${model} ${k} = ${v}`).toBe(true);
      }
    },
    300_000,
  );

  it.skipIf(!hasData('nietzsche'))(
    'text-generation-nietzsche: trains and samples at 4 temperatures',
    async () => {
      const r = await quick(() => import('../../recipes/text-generation-nietzsche.ts'), { chars: '10' });
      expectTrained(r);
      expect(r.metrics.generated_chars).toBe(2 * 4 * 10);
    },
    300_000,
  );

  it.skipIf(!hasData('korean_novels'))(
    'text-generation-korean: jamo-level LSTM trains and generates',
    async () => {
      const r = await quick(() => import('../../recipes/text-generation-korean.ts'), { length: '10' });
      expectTrained(r);
      expect(r.metrics.vocabulary!).toBeGreaterThan(40);
    },
    300_000,
  );
});
