// Shared plumbing for the recipes (not part of the library): command-line options, the data folder,
// small array helpers the books do with numpy one-liners, and the "run when invoked directly" switch.
//
// Every recipe exports `meta` (name, source, one-line description) and `run(options)` (used by
// test/recipes/*.test.ts with `{quick: true}` and by `sunhwan recipe <name>` through
// recipes/index.ts), and calls `main(meta, import.meta.url, run)` so
// `npx tsx recipes/<name>.ts [--quick] [--epochs N]` runs it.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EarlyStopping, ModelCheckpoint, Tensor, engine, loadModel, type History, type LayersModel } from 'sunhwan';
import { imdb } from 'sunhwan/datasets';
import { padSequences } from 'sunhwan/preprocessing';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface RecipeOptions {
  /** A small slice of the data and 1–3 epochs: seconds, for smoke tests and development. */
  quick?: boolean;
  /** Override the book's epoch count. */
  epochs?: number;
  /** Keras verbose for fit(): 0 silent, 1 progress bar, 2 one line per epoch. Default 1 (2 when not a TTY). */
  verbose?: 0 | 1 | 2;
  /** Seed for sunhwan's global generator (weights, shuffling, dropout). Default 1234. */
  seed?: number;
  /** Any other `--name value` option (e.g. `--jena path/to/jena_climate_2009_2016.csv`). */
  extra?: Record<string, string>;
}

/** What `sunhwan recipes` lists. */
export interface RecipeMeta {
  /** The file name without .ts, and the CLI's name for it. */
  name: string;
  /** The book and section (seed NNN = /work/shared/seeds/NNN_*.txt). */
  source: string;
  description: string;
}

/**
 * What a text model needs besides its weights to read text: the tokenizer (Keras' to_json() for a
 * word Tokenizer, CharTokenizer/JamoTokenizer's toJSON()) and how its ids become the model's input.
 * `sunhwan recipe --out` and `sunhwan train` save it as `<model>.tokenizer.json` (src/cli/text-pipeline.ts).
 */
export interface RecipeTokenizer {
  tokenizer: { toJSON(): unknown };
  /** Word models: the padSequences maxlen (and its padding/truncating, default 'pre'). */
  maxlen?: number;
  padding?: 'pre' | 'post';
  truncating?: 'pre' | 'post';
  /** Generation models: how many trailing ids the model reads, and as ids or one-hot rows. */
  window?: number;
  input?: 'ids' | 'oneHot';
}

/** What a recipe measured: named figures (e.g. {test_acc: 0.87}) and the per-epoch history. */
export interface RecipeResult {
  metrics: Record<string, number>;
  history?: Record<string, number[]>;
  /** The trained model (`sunhwan recipe --out DIR` saves it). */
  model?: LayersModel;
  /** For text models: the tokenizer and input layout (`--out` saves it beside the model). */
  text?: RecipeTokenizer;
  /** Predictions against the truth (sine, stock, temperature): one plot each in the results folder. */
  series?: RecipeSeries[];
  /** Generated text (per epoch, per temperature): `<variant>-samples.md` in the results folder. */
  samples?: { title: string; text: string }[];
  /** The samples already as Markdown (per-epoch logs with their measures): written in place of `samples`. */
  samplesMarkdown?: string;
  /** Wall seconds of the earlier parts of a run resumed from a checkpoint (added to this part's; NaN: unknown). */
  priorSeconds?: number;
  /**
   * Runs of several experiments at once (jena --model all): each part is recorded as its own
   * variant, as the run with its options would be; the whole writes no record of its own.
   */
  parts?: RecipePart[];
  /** Settings worth recording beside the figures (data sizes, batch size, optimizer …). */
  settings?: Record<string, unknown>;
  /** Why the figure differs from the book's (shown in the README table). */
  why?: string;
}

/** One experiment of a run of several: its own options (added to the run's), result, start and wall time. */
export interface RecipePart {
  options: Record<string, string>;
  result: RecipeResult;
  startedAt: Date;
  loadAtStart: number[];
  wallSeconds: number;
}

/** One predicted series against its truth (sunhwan/viz seriesSpec's options). */
export interface RecipeSeries {
  title?: string;
  truth: ArrayLike<number>;
  predictions: ArrayLike<number> | Record<string, ArrayLike<number>>;
  x?: ArrayLike<number>;
  xTitle?: string;
  yTitle?: string;
}

/**
 * Parses `--quick`, `--epochs N`, `--verbose N`, `--seed N` and any `--name value` (`--plot P`: P-history.svg;
 * `--results DIR|none` and `--why TEXT`: where the run's record goes and its note, see ./record.ts).
 */
export function parseArgs(argv: readonly string[] = process.argv.slice(2)): RecipeOptions {
  const options: RecipeOptions = { extra: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument '${arg}' (options: --quick, --epochs N, --verbose 0|1|2, --seed N)`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (name === 'quick') {
      options.quick = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    if (name === 'epochs' || name === 'seed' || name === 'verbose') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got '${value}'`);
      if (name === 'epochs') options.epochs = n;
      else if (name === 'seed') options.seed = n;
      else options.verbose = Math.min(n, 2) as 0 | 1 | 2;
    } else {
      options.extra![name] = value;
    }
  }
  return options;
}

/**
 * Points the datasets module at the shared data: SUNHWAN_DATA if set, else ../shared/data next to
 * the repository when that folder exists (the layout of this project's machines).
 */
export function useSharedData(): string | undefined {
  const fromEnv = process.env.SUNHWAN_DATA;
  if (fromEnv && fromEnv.length > 0) return fromEnv;
  // next to the repository, or next to the folder holding it (a git worktree in <root>/wt/<name>)
  for (const shared of [resolve(repoRoot, '../shared/data'), resolve(repoRoot, '../../shared/data')]) {
    if (existsSync(shared)) {
      process.env.SUNHWAN_DATA = shared;
      return shared;
    }
  }
  return undefined;
}

/** Default verbose: the progress bar on a terminal, one line per epoch otherwise (logs, CI). */
export function defaultVerbose(options: RecipeOptions): 0 | 1 | 2 {
  if (options.verbose !== undefined) return options.verbose;
  return process.stdout.isTTY ? 1 : 2;
}

/**
 * True when the recipe's own file is the program being run (npx tsx recipes/x.ts, node
 * dist/recipes/x.js). The file name must also be the recipe's: when a bundler inlines recipes into
 * the CLI, import.meta.url is the CLI's file, which must not start every recipe.
 */
export function isEntryPoint(meta: RecipeMeta, moduleUrl: string): boolean {
  const entry = process.argv[1] ? resolve(process.argv[1]) : '';
  if (!entry || !moduleUrl.startsWith('file:')) return false;
  return entry === fileURLToPath(moduleUrl) && basename(entry).replace(/\.[cm]?[jt]s$/, '') === meta.name;
}

/** Runs `run(parseArgs())` when the module is the entry point (npx tsx recipes/x.ts). */
export function main(meta: RecipeMeta, moduleUrl: string, run: (options: RecipeOptions) => Promise<RecipeResult>): void {
  if (!isEntryPoint(meta, moduleUrl)) return;
  useSharedData();
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const options = parseArgs();
  run(options)
    .then(async (result) => {
      const plot = options.extra?.plot;
      const h = result.history;
      if (plot && h && Object.keys(h).length > 0) {
        const curves = Object.fromEntries(Object.entries(h).filter(([k]) => k.includes('loss')));
        console.log(`history plot: ${savePlot(`${plot}-history.svg`, 'training and validation loss', curves)}`);
      }
      const wallSeconds = (Date.now() - startedAt.getTime()) / 1000;
      console.log(`(${wallSeconds.toFixed(1)} s)`);
      const { resultsDirFor, writeRecipeResults, commandLine } = await import('./record.ts');
      const dir = resultsDirFor(meta.name, options);
      if (dir) {
        const run = { meta, options, command: commandLine(meta), startedAt, wallSeconds, loadAtStart };
        console.log(`results: ${(await writeRecipeResults(dir, result, run)).join(', ')}`);
      }
    })
    .catch((err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      process.exitCode = 1;
    });
}

/** Prints the recipe's title block: the book, the section, the book's figures. */
export function banner(title: string, lines: string[], options: RecipeOptions): void {
  console.log(`== ${title}${options.quick ? '  [quick mode: a small slice of the data, few epochs]' : ''}`);
  for (const l of lines) console.log(`   ${l}`);
  console.log(`   kernels: ${engine().name}; node ${process.version}; ${new Date().toISOString().slice(0, 16)}Z`);
}

/** Formats like the Keras log: 4 decimals, or 1.2345e-04 for small values. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e6) return String(v);
  if (a !== 0 && a < 1e-3) return v.toExponential(4);
  return v.toFixed(4);
}

/** Fisher–Yates permutation of 0..n-1 from a seeded uniform source in [0, 1). */
export function permutation(n: number, next: () => number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/** `x[indices]` along the first axis (numpy fancy indexing): a copied Tensor. */
export function takeRows(x: Tensor, indices: ArrayLike<number>): Tensor {
  const rows = x.shape[0]!;
  const stride = rows === 0 ? 0 : x.size / rows;
  const src = x.dataSync();
  const out = src instanceof Int32Array ? new Int32Array(indices.length * stride) : new Float32Array(indices.length * stride);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    out.set(src.subarray(r * stride, (r + 1) * stride), i * stride);
  }
  return new Tensor(out, [indices.length, ...x.shape.slice(1)]);
}

/** The first n rows (a view), clamped to the tensor's length. */
export function head(x: Tensor, n: number): Tensor {
  return x.slice(0, Math.min(n, x.shape[0]!));
}

/** Mean squared and mean absolute error between two same-sized tensors (flattened). */
export function errors(pred: Tensor, target: Tensor): { mse: number; mae: number } {
  const p = pred.dataSync();
  const t = target.dataSync();
  if (p.length !== t.length) throw new Error(`errors: ${p.length} predictions for ${t.length} targets`);
  let se = 0;
  let ae = 0;
  for (let i = 0; i < p.length; i++) {
    const d = p[i]! - t[i]!;
    se += d * d;
    ae += Math.abs(d);
  }
  return { mse: se / p.length, mae: ae / p.length };
}

/** Last value of a history series (NaN when absent). */
export function last(history: Record<string, number[]> | undefined, key: string): number {
  const s = history?.[key];
  return s && s.length > 0 ? s[s.length - 1]! : Number.NaN;
}

/** Best (max or min) value of a history series and its 1-based epoch. */
export function best(history: Record<string, number[]> | undefined, key: string, mode: 'max' | 'min'): { value: number; epoch: number } {
  const s = history?.[key] ?? [];
  let value = Number.NaN;
  let epoch = 0;
  s.forEach((v, i) => {
    if (Number.isNaN(value) || (mode === 'max' ? v > value : v < value)) {
      value = v;
      epoch = i + 1;
    }
  });
  return { value, epoch };
}

/** The figures line every recipe ends with, e.g. "result: test_acc=0.8712 val_acc=0.8654". */
export function report(metrics: Record<string, number>): void {
  console.log(
    `result: ${Object.entries(metrics)
      .map(([k, v]) => `${k}=${fmt(v)}`)
      .join(' ')}`,
  );
}

/**
 * Writes a small SVG line chart (the books' matplotlib figures): one polyline per series, shared
 * axes, a legend. `x` defaults to 1..n (epochs). Returns the path written.
 */
export function savePlot(path: string, title: string, series: Record<string, ArrayLike<number>>, x?: ArrayLike<number>): string {
  const W = 640;
  const H = 400;
  const m = { l: 60, r: 20, t: 30, b: 40 };
  const names = Object.keys(series);
  const n = Math.max(...names.map((k) => series[k]!.length));
  const xs = Array.from({ length: n }, (_, i) => (x ? x[i]! : i + 1));
  let lo = Infinity;
  let hi = -Infinity;
  for (const k of names)
    for (const v of Array.from(series[k]!))
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
  if (!(hi > lo)) hi = lo + 1;
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs) > x0 ? Math.max(...xs) : x0 + 1;
  const px = (v: number) => m.l + ((v - x0) / (x1 - x0)) * (W - m.l - m.r);
  const py = (v: number) => H - m.b - ((v - lo) / (hi - lo)) * (H - m.t - m.b);
  const colors = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd'];
  const lines = names.map((k, i) => {
    const pts = Array.from(series[k]!, (v, j) => `${px(xs[j]!).toFixed(1)},${py(v).toFixed(1)}`).join(' ');
    return (
      `<polyline fill="none" stroke="${colors[i % colors.length]}" stroke-width="1.5" points="${pts}"/>` +
      `<text x="${W - m.r - 150}" y="${m.t + 16 * (i + 1)}" fill="${colors[i % colors.length]}" font-size="12">${k}</text>`
    );
  });
  const ticks = [lo, (lo + hi) / 2, hi].map((v) => `<text x="4" y="${py(v) + 4}" font-size="11">${fmt(v)}</text>`);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">` +
    `<rect width="100%" height="100%" fill="white"/><text x="${m.l}" y="18" font-size="14">${title}</text>` +
    `<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#999"/>` +
    `${ticks.join('')}<text x="${m.l}" y="${H - 12}" font-size="11">${fmt(x0)}</text>` +
    `<text x="${W - m.r - 40}" y="${H - 12}" font-size="11">${fmt(x1)}</text>${lines.join('')}</svg>\n`;
  writeFileSync(path, svg);
  return path;
}

export interface ImdbPadded {
  xTrain: Tensor;
  yTrain: Tensor;
  xTest: Tensor;
  yTest: Tensor;
}

/**
 * The books' IMDB opening: `imdb.load_data(num_words)`, a slice for `--quick`, an optional
 * per-review change (e.g. reversal), then `pad_sequences(maxlen)`; prints the sizes as the book does.
 */
export async function loadImdbPadded(o: {
  numWords: number;
  maxlen: number;
  quick: boolean;
  quickRows?: [train: number, test: number];
  transform?: (review: number[]) => number[];
}): Promise<ImdbPadded> {
  console.log('데이터 로딩 ...');
  let [[trainSeqs, yTrain], [testSeqs, yTest]] = await imdb.loadData({ numWords: o.numWords });
  if (o.quick) {
    const [trainRows, testRows] = o.quickRows ?? [640, 500];
    trainSeqs = trainSeqs.slice(0, trainRows);
    testSeqs = testSeqs.slice(0, testRows);
    yTrain = head(yTrain, trainRows);
    yTest = head(yTest, testRows);
  }
  if (o.transform) {
    trainSeqs = trainSeqs.map(o.transform);
    testSeqs = testSeqs.map(o.transform);
  }
  console.log(trainSeqs.length, '훈련 시퀀스');
  console.log(testSeqs.length, '테스트 시퀀스');
  const xTrain = padSequences(trainSeqs, { maxlen: o.maxlen });
  const xTest = padSequences(testSeqs, { maxlen: o.maxlen });
  console.log(`input_train 크기: [${xTrain.shape.join(', ')}]`);
  console.log(`input_test 크기: [${xTest.shape.join(', ')}]`);
  return { xTrain, yTrain, xTest, yTest };
}

/**
 * Evaluates a binary classifier on the test set and prints the figures the IMDB-style recipes end
 * with: last and best validation accuracy (with its epoch) beside the book's figure, test accuracy.
 */
/**
 * An accuracy recipe's closing figures: last and first training loss, the last and best
 * validation accuracy under `accKey` ('val_acc', or 'val_accuracy' for metrics: ['accuracy']),
 * the best epoch when asked, test loss and accuracy; with the best validation figure.
 */
export function accuracyMetrics(
  history: History,
  accKey: 'val_acc' | 'val_accuracy',
  testLoss: number,
  testAcc: number,
  withBestEpoch = false,
): { metrics: Record<string, number>; bestVal: { value: number; epoch: number } } {
  const bestVal = best(history.history, accKey, 'max');
  const metrics: Record<string, number> = {
    loss: last(history.history, 'loss'),
    first_loss: history.history.loss?.[0] ?? Number.NaN,
    [accKey]: last(history.history, accKey),
    [`best_${accKey}`]: bestVal.value,
    ...(withBestEpoch ? { best_epoch: bestVal.epoch } : {}),
    test_loss: testLoss,
    test_acc: testAcc,
  };
  return { metrics, bestVal };
}

export async function reportBinaryAccuracy(
  model: LayersModel,
  history: History,
  test: { xTest: Tensor; yTest: Tensor },
  bookFigure: string,
  batchSize = 128,
): Promise<RecipeResult> {
  const [testLoss, testAcc] = (await model.evaluate(test.xTest, test.yTest, { batchSize, verbose: 0 })) as number[];
  const { metrics, bestVal } = accuracyMetrics(history, 'val_acc', testLoss!, testAcc!, true);
  console.log(
    `val acc ${fmt(metrics.val_acc!)} (best ${fmt(bestVal.value)} at epoch ${bestVal.epoch}; book: ${bookFigure}), test acc: ${fmt(testAcc!)}`,
  );
  report(metrics);
  return { metrics, history: history.history, model };
}

/**
 * Seed 001's training pattern: EarlyStopping(val_loss, patience 4) and ModelCheckpoint(best val_acc),
 * batch 64 with 20 % validation, then the best checkpoint reloaded and evaluated on the test set.
 */
export async function fitWithBestCheckpoint(
  model: LayersModel,
  name: string,
  data: ImdbPadded,
  o: { epochs: number; verbose: 0 | 1 | 2 },
): Promise<RecipeResult> {
  const bestModelPath = join(tmpdir(), `${name}-best_model-${process.pid}.sunhwan`);
  const es = new EarlyStopping({ monitor: 'val_loss', mode: 'min', verbose: 1, patience: 4 });
  const mc = new ModelCheckpoint({ filepath: bestModelPath, monitor: 'val_acc', mode: 'max', verbose: 1, saveBestOnly: true });
  const history = await model.fit(data.xTrain, data.yTrain, {
    epochs: o.epochs,
    callbacks: [es, mc],
    batchSize: 64,
    validationSplit: 0.2,
    verbose: o.verbose,
  });

  const loaded = await loadModel(bestModelPath);
  rmSync(bestModelPath, { force: true });
  const [testLoss, testAcc] = (await loaded.evaluate(data.xTest, data.yTest, { batchSize: 128, verbose: 0 })) as number[];
  console.log(`\n 테스트 정확도: ${testAcc!.toFixed(4)}`);

  const bestVal = best(history.history, 'val_acc', 'max');
  const metrics = {
    epochs_run: history.history.loss?.length ?? 0,
    loss: last(history.history, 'loss'),
    first_loss: history.history.loss?.[0] ?? Number.NaN,
    best_val_acc: bestVal.value,
    test_loss: testLoss!,
    test_acc: testAcc!,
  };
  console.log(`best val acc ${fmt(bestVal.value)} at epoch ${bestVal.epoch}; test acc of that checkpoint: ${fmt(metrics.test_acc)}`);
  report(metrics);
  return { metrics, history: history.history, model: loaded };
}
