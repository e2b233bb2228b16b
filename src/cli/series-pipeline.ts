// How a series model's windowing and scaling travel with it: `<model without .shw>.series.json`,
// written by `sunhwan train` for "series" data, read by predict (which scales its input windows
// and returns predictions in the original units):
//   { "format": "sunhwan-series", "version": 1, "columns": ["OT"], "target": "OT", "window": 24,
//     "scaler": <MinMaxScaler / StandardScaler toJSON()> | null }
import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../io/files.ts';
import { MinMaxScaler, StandardScaler } from '../preprocessing/scalers.ts';
import { Tensor } from '../tensor.ts';
import { readJsonFile } from './json-file.ts';

export const SERIES_FORMAT = 'sunhwan-series';

export interface SeriesPipeline {
  columns: string[];
  target: string;
  window: number;
  scaler: MinMaxScaler | StandardScaler | null;
}

export function seriesPathFor(modelPath: string): string {
  return `${modelPath.replace(/\.shw$/i, '')}.series.json`;
}

export async function saveSeriesPipeline(path: string, p: SeriesPipeline): Promise<void> {
  const body = {
    format: SERIES_FORMAT,
    version: 1,
    columns: p.columns,
    target: p.target,
    window: p.window,
    scaler: p.scaler ? p.scaler.toJSON() : null,
  };
  await writeFileAtomic(path, `${JSON.stringify(body, null, 1)}\n`, 'save series file');
}

export function loadSeriesPipeline(path: string): SeriesPipeline {
  const o = readJsonFile(path, 'series file') as Record<string, unknown>;
  if (o.format !== SERIES_FORMAT) throw new Error(`${path}: not a sunhwan series file ("format" must be "${SERIES_FORMAT}")`);
  const columns = o.columns;
  if (!Array.isArray(columns) || columns.length === 0 || !columns.every((c) => typeof c === 'string'))
    throw new Error(`${path}: "columns" must be a list of column names`);
  if (typeof o.target !== 'string' || !columns.includes(o.target)) throw new Error(`${path}: "target" must be one of "columns"`);
  if (!Number.isInteger(o.window) || (o.window as number) < 1) throw new Error(`${path}: "window" must be an integer ≥ 1`);
  const s = o.scaler as { class_name?: string } | null | undefined;
  let scaler: SeriesPipeline['scaler'] = null;
  try {
    if (s && s.class_name === 'MinMaxScaler') scaler = MinMaxScaler.fromJSON(s as Parameters<typeof MinMaxScaler.fromJSON>[0]);
    else if (s && s.class_name === 'StandardScaler') scaler = StandardScaler.fromJSON(s as Parameters<typeof StandardScaler.fromJSON>[0]);
    else if (s) throw new Error(`"scaler.class_name" must be MinMaxScaler or StandardScaler, got ${JSON.stringify(s.class_name)}`);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
  return { columns: columns as string[], target: o.target, window: o.window as number, scaler };
}

/** The series file beside a model, if there is one. */
export function findSeriesPipeline(modelPath: string): SeriesPipeline | null {
  const path = seriesPathFor(modelPath);
  return existsSync(path) ? loadSeriesPipeline(path) : null;
}

/** Windows [n, window, features] in original units → the scaled values the model was trained on. */
export function scaleWindows(p: SeriesPipeline, x: Tensor): Tensor {
  if (!p.scaler) return x;
  const f = p.columns.length;
  return p.scaler.transform(x.reshape([x.size / f, f])).reshape(x.shape);
}

/** Predictions of the scaled target [n, 1] → original units. */
export function unscaleTarget(p: SeriesPipeline, y: Tensor): Tensor {
  if (!p.scaler) return y;
  const f = p.columns.length;
  const t = p.columns.indexOf(p.target);
  const values = y.dataSync();
  const wide = new Float32Array(values.length * f);
  for (let i = 0; i < values.length; i++) wide.fill(values[i]!, i * f, (i + 1) * f);
  const back = p.scaler.inverseTransform(new Tensor(wide, [values.length, f])).dataSync();
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = back[i * f + t]!;
  return new Tensor(out, y.shape);
}
