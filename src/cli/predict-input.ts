// What `sunhwan predict` reads: texts (a .txt file, one per line; a CSV/TSV column; a JSON array
// of strings) for models with a tokenizer; for series models, a CSV with the series' columns (one
// time step per row: every window of consecutive rows is a sample); else numbers (CSV/TSV rows;
// JSON arrays) reshaped to the model's input shape.
import { readFileSync } from 'node:fs';
import type { LayersModel } from '../models/model.ts';
import { Tensor, tensor } from '../tensor.ts';
import { readJsonFile } from './json-file.ts';
import type { SeriesPipeline } from './series-pipeline.ts';
import { columnIndex, numericColumn, readTable, type TextTable } from './table.ts';
import { textsToInput, type TextPipeline } from './text-pipeline.ts';

export interface PredictInput {
  x: Tensor;
  /** The texts, one per row, when the input was text. */
  texts?: string[];
}

type Kind = 'txt' | 'csv' | 'json';

export function inputKind(path: string): Kind {
  if (/\.txt$/i.test(path)) return 'txt';
  if (/\.[ct]sv$/i.test(path)) return 'csv';
  if (/\.json$/i.test(path)) return 'json';
  throw new Error(`input '${path}': use a .txt (one text per line), .csv/.tsv (a header row) or .json (an array) file`);
}

function fromTexts(texts: string[], pipeline: TextPipeline | null, path: string): PredictInput {
  if (!pipeline) {
    throw new Error(
      `input '${path}' is text, but the model has no tokenizer: save one beside it (<model>.tokenizer.json, as 'sunhwan train' does) or give --tokenizer FILE`,
    );
  }
  if (texts.length === 0) throw new Error(`input '${path}' holds no text`);
  return { x: textsToInput(pipeline, texts), texts };
}

/** Rows of numbers [n, k] → [n, ...the model's input shape] when the sizes agree. */
function toModelShape(x: Tensor, model: LayersModel, path: string): Tensor {
  const expected = model.inputShapes?.[0];
  if (!expected) return x;
  const sample = expected.slice(1);
  if (sample.some((d) => d === null)) return x;
  const size = (sample as number[]).reduce((a, b) => a * b, 1);
  const rowSize = x.size / x.shape[0]!;
  if (rowSize !== size) {
    throw new Error(
      `input '${path}': each row has ${rowSize} values, but the model takes ${size} per sample (input shape (None, ${sample.join(', ')}))`,
    );
  }
  return x.reshape([x.shape[0]!, ...(sample as number[])]);
}

/** Every window of `window` consecutive rows of the series columns: [n, window, features]. */
function seriesWindows(table: TextTable, series: SeriesPipeline, path: string): Tensor {
  const f = series.columns.length;
  const rows = table.rows.length;
  const n = rows - series.window + 1;
  if (n < 1) throw new Error(`input '${path}': ${rows} rows, but the model reads windows of ${series.window}`);
  const cols = series.columns.map((c) => numericColumn(table, columnIndex(table, c, path), path));
  const x = new Float32Array(n * series.window * f);
  for (let i = 0, k = 0; i < n; i++) for (let t = 0; t < series.window; t++) for (let c = 0; c < f; c++, k++) x[k] = cols[c]![i + t]!;
  return new Tensor(x, [n, series.window, f]);
}

export function readPredictInput(
  path: string,
  model: LayersModel,
  pipeline: TextPipeline | null,
  column?: string,
  series: SeriesPipeline | null = null,
): PredictInput {
  const kind = inputKind(path);
  if (kind === 'txt') {
    const texts = readFileSync(path, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim().length > 0);
    return fromTexts(texts, pipeline, path);
  }
  if (kind === 'csv') {
    const table = readTable(path);
    if (pipeline) {
      const i = columnIndex(table, column ?? 0, path);
      return fromTexts(
        table.rows.map((r) => r[i]!),
        pipeline,
        path,
      );
    }
    if (series && series.columns.every((c) => table.header.includes(c))) return { x: seriesWindows(table, series, path) };
    const columns = column ? [columnIndex(table, column, path)] : table.header.map((_, i) => i);
    const n = table.rows.length;
    const values = new Float32Array(n * columns.length);
    columns.forEach((c, k) => numericColumn(table, c, path).forEach((v, r) => (values[r * columns.length + k] = v)));
    return { x: toModelShape(new Tensor(values, [n, columns.length]), model, path) };
  }
  const data = readJsonFile(path, 'input file');
  if (!Array.isArray(data) || data.length === 0)
    throw new Error(`input '${path}': expected a non-empty JSON array (of texts, or of numbers / arrays of numbers)`);
  if (data.every((d) => typeof d === 'string')) return fromTexts(data as string[], pipeline, path);
  let x: Tensor;
  try {
    x = tensor(data as number[][]);
  } catch (e) {
    throw new Error(`input '${path}': ${(e as Error).message}`);
  }
  if (x.shape.length === 1) x = x.reshape([x.shape[0]!, 1]);
  return { x: toModelShape(x, model, path) };
}
