// The data of a `sunhwan train` config as tensors: texts through a Keras Tokenizer and
// padSequences, a series cut into windows (makeSamples), or numeric feature columns.
import { dirname, resolve } from 'node:path';
import { nsmc, imdb, smsSpam, timeSeries } from '../datasets/index.ts';
import { padSequences } from '../preprocessing/sequence.ts';
import { MinMaxScaler, StandardScaler } from '../preprocessing/scalers.ts';
import { makeSamples } from '../preprocessing/timeseries.ts';
import { Tokenizer } from '../preprocessing/tokenizer.ts';
import { Tensor } from '../tensor.ts';
import { columnIndex, numericColumn, readTable, type TextTable } from './table.ts';
import type { SeriesPipeline } from './series-pipeline.ts';
import type { DataSpec } from './train-config.ts';

export interface TrainData {
  x: Tensor;
  y: Tensor;
  /** Text data: the fitted tokenizer and the padding the model expects. */
  text?: { tokenizer: Tokenizer; maxlen: number; padding?: 'pre' | 'post'; truncating?: 'pre' | 'post' };
  /** Series data: the columns, window and scaler predict needs. */
  series?: SeriesPipeline;
  /** Label names when the labels were words (class i = classes[i]). */
  classes?: string[];
  /** One line saying what was loaded. */
  description: string;
}

/** Labels as numbers; words (e.g. ham/spam) become class ids in sorted order. */
function labelColumn(table: TextTable, name: string, path: string): { y: Tensor; classes?: string[] } {
  const i = columnIndex(table, name, path, 'label column');
  const fields = table.rows.map((r) => r[i]!.trim());
  if (fields.every((f) => f !== '' && Number.isFinite(Number(f)))) return { y: new Tensor(numericColumn(table, i, path), [fields.length]) };
  const classes = [...new Set(fields)].sort();
  const ids = new Map(classes.map((c, k) => [c, k]));
  return {
    y: new Tensor(
      Int32Array.from(fields, (f) => ids.get(f)!),
      [fields.length],
    ),
    classes,
  };
}

function textData(texts: string[], y: Tensor, spec: DataSpec, what: string, classes?: string[]): TrainData {
  const tokenizer = new Tokenizer({ numWords: spec.numWords ?? null, oovToken: spec.oovToken ?? null });
  tokenizer.fitOnTexts(texts);
  const sequences = tokenizer.textsToSequences(texts);
  const maxlen = spec.maxlen ?? Math.max(1, ...sequences.map((s) => s.length));
  const x = padSequences(sequences, { maxlen, padding: spec.padding, truncating: spec.truncating });
  return {
    x,
    y,
    text: { tokenizer, maxlen, padding: spec.padding, truncating: spec.truncating },
    classes,
    description: `${what}: ${texts.length} texts, ${tokenizer.wordIndex.size} distinct words${spec.numWords ? ` (keeping ${Math.min(spec.numWords - 1, tokenizer.wordIndex.size)})` : ''}, padded to ${maxlen}`,
  };
}

function seriesData(columns: string[], rows: Float32Array, rowCount: number, spec: DataSpec, what: string, validationSplit = 0): TrainData {
  const s = spec.series!;
  const chosen = s.columns ?? columns;
  const idx = chosen.map((c) => {
    const i = columns.indexOf(c);
    if (i < 0) throw new Error(`${what}: data.series.columns: no column '${c}' (columns: ${columns.join(', ')})`);
    return i;
  });
  const target = s.target ?? chosen[chosen.length - 1]!;
  const t = chosen.indexOf(target);
  if (t < 0) throw new Error(`${what}: data.series.target '${target}' is not one of the series columns (${chosen.join(', ')})`);
  const f = idx.length;
  const values = new Float32Array(rowCount * f);
  for (let r = 0; r < rowCount; r++) for (let k = 0; k < f; k++) values[r * f + k] = rows[r * columns.length + idx[k]!]!;
  let matrix = new Tensor(values, [rowCount, f]);
  let scaler: SeriesPipeline['scaler'] = null;
  if (s.scale) {
    // statistics from the rows the training windows see, never the validation rows
    const trainSamples = Math.floor((rowCount - s.window) * (1 - validationSplit));
    scaler = s.scale === 'minmax' ? new MinMaxScaler() : new StandardScaler();
    matrix = scaler.fit(matrix, { endRow: Math.max(1, Math.min(rowCount, trainSamples + s.window)) }).transform(matrix);
  }
  const [x, yAll] = makeSamples(matrix, s.window);
  const all = yAll.dataSync();
  const y = new Float32Array(yAll.shape[0]!);
  for (let i = 0; i < y.length; i++) y[i] = all[i * f + t]!;
  return {
    x,
    y: new Tensor(y, [y.length, 1]),
    series: { columns: chosen, target, window: s.window, scaler },
    description: `${what}: ${rowCount} rows × ${f} columns (${chosen.join(', ')}), windows of ${s.window} → next '${target}': ${y.length} samples${scaler ? `, ${s.scale} scaled` : ''}`,
  };
}

function limitRows<T>(items: T[], spec: DataSpec): T[] {
  return spec.limit ? items.slice(0, spec.limit) : items;
}

async function fromDataset(spec: DataSpec, validationSplit?: number): Promise<TrainData> {
  const name = spec.dataset!;
  const cut = (texts: string[], y: Tensor): [string[], Tensor] => {
    const n = spec.limit ? Math.min(spec.limit, texts.length) : texts.length;
    return [texts.slice(0, n), y.slice(0, n)];
  };
  if (name === 'imdb') {
    const [[texts, y]] = await imdb.loadTexts();
    return textData(...cut(texts, y), spec, 'imdb (train split)');
  }
  if (name === 'nsmc') {
    const [[texts, y]] = await nsmc.loadData();
    return textData(...cut(texts, y), spec, 'nsmc (train split)');
  }
  if (name === 'sms_spam') {
    const { texts, labels } = await smsSpam.loadData();
    return textData(...cut(texts, labels), spec, 'sms_spam', ['ham', 'spam']);
  }
  const series = name === 'ETTh1' || name === 'ETTh2' ? await timeSeries.ett(name) : await timeSeries.classic(name as 'airline-passengers');
  const rows = spec.limit ? Math.min(spec.limit, series.data.shape[0]!) : series.data.shape[0]!;
  return seriesData(series.columns, series.data.dataSync() as Float32Array, rows, spec, name, validationSplit);
}

function fromFile(spec: DataSpec, configPath: string, validationSplit?: number): TrainData {
  const path = resolve(dirname(configPath), spec.file!);
  const full = readTable(path);
  const table = { header: full.header, rows: limitRows(full.rows, spec) };
  if (spec.text !== undefined) {
    const t = columnIndex(table, spec.text, path, 'text column');
    if (spec.label === undefined) throw new Error(`${configPath}: data.label: text data needs a label column`);
    const { y, classes } = labelColumn(table, spec.label, path);
    return textData(
      table.rows.map((r) => r[t]!),
      y,
      spec,
      path,
      classes,
    );
  }
  if (spec.series) {
    const numeric = table.header
      .map((_, i) => i)
      .filter((i) => table.rows.every((r) => r[i]!.trim() !== '' && Number.isFinite(Number(r[i]))));
    const columns = numeric.map((i) => table.header[i]!);
    const values = new Float32Array(table.rows.length * columns.length);
    numeric.forEach((c, k) => numericColumn(table, c, path).forEach((v, r) => (values[r * columns.length + k] = v)));
    return seriesData(columns, values, table.rows.length, spec, path, validationSplit);
  }
  const { y, classes } = labelColumn(table, spec.label!, path);
  const features = spec.features ?? table.header.filter((h) => h !== spec.label);
  const n = table.rows.length;
  const x = new Float32Array(n * features.length);
  features.forEach((name, k) =>
    numericColumn(table, columnIndex(table, name, path, 'feature column'), path).forEach((v, r) => (x[r * features.length + k] = v)),
  );
  return {
    x: new Tensor(x, [n, features.length]),
    y,
    classes,
    description: `${path}: ${n} rows, features ${features.join(', ')} → '${spec.label}'`,
  };
}

/** `validationSplit` keeps a series scaler's statistics to the training rows. */
export async function loadTrainData(spec: DataSpec, configPath: string, validationSplit?: number): Promise<TrainData> {
  return spec.file !== undefined ? fromFile(spec, configPath, validationSplit) : fromDataset(spec, validationSplit);
}
