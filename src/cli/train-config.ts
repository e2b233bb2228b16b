// The JSON `sunhwan train` reads, checked key by key (errors name the bad key and list the good
// ones). Keys may be snake_case as in Keras (`batch_size`, `return_sequences`) or camelCase.
//   {
//     "model": [ {"class_name": "LSTM", "config": {"units": 32}}, {"type": "Dense", "units": 1} ],
//     "data": { "file": "reviews.csv", "text": "review", "label": "sentiment", "num_words": 10000, "maxlen": 100 },
//     "compile": { "optimizer": "adam", "loss": "binary_crossentropy", "metrics": ["accuracy"] },
//     "fit": { "epochs": 10, "batch_size": 32, "validation_split": 0.2 },
//     "seed": 1234
//   }
// data: exactly one of "file" (CSV/TSV with a header, relative to the config file) or "dataset"
// (see DATASETS); then text ("text" column + num_words / maxlen), a series ("series": {columns,
// target, window, scale}) or plain numeric features ("features" columns).
import { isLayerRegistered } from '../io/registry.ts';
import { registerBuiltinLayers } from '../layers/builtin.ts';

export const TEXT_DATASETS = ['imdb', 'nsmc', 'sms_spam'] as const;
export const SERIES_DATASETS = ['airline-passengers', 'monthly-sunspots', 'daily-min-temperatures', 'ETTh1', 'ETTh2'] as const;
export const DATASETS: readonly string[] = [...TEXT_DATASETS, ...SERIES_DATASETS];

export interface LayerSpec {
  className: string;
  config: Record<string, unknown>;
  /** Where it is in the config, for errors: "model[1] (LSTM)". */
  where: string;
}

export interface SeriesSpec {
  columns?: string[];
  target?: string;
  window: number;
  /** Per-column scaling fitted on the training rows (before validation_split's rows). */
  scale?: 'minmax' | 'standard';
}

export interface DataSpec {
  file?: string;
  dataset?: string;
  text?: string;
  label?: string;
  features?: string[];
  numWords?: number;
  maxlen?: number;
  padding?: 'pre' | 'post';
  truncating?: 'pre' | 'post';
  oovToken?: string;
  series?: SeriesSpec;
  /** Only the first N rows (quick runs). */
  limit?: number;
}

export interface TrainConfig {
  layers: LayerSpec[];
  name?: string;
  data: DataSpec;
  compile: { optimizer: string | { className: string; config?: Record<string, unknown> }; loss: string; metrics?: string[] };
  fit: { epochs: number; batchSize?: number; validationSplit?: number; shuffle?: boolean };
  seed?: number;
}

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** snake_case keys → camelCase, recursively (values untouched). */
export function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [camel(k), camelKeys(v)]));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function checkKeys(o: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) throw new Error(`${where}: unknown key '${key}' (known: ${allowed.join(', ')})`);
  }
}

function object(v: unknown, where: string): Record<string, unknown> {
  if (!isObject(v)) throw new Error(`${where} must be an object, got ${JSON.stringify(v)}`);
  return v;
}

function string(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new Error(`${where} must be a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

function integer(v: unknown, where: string, min: number): number {
  if (!Number.isInteger(v) || (v as number) < min) throw new Error(`${where} must be an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  return v as number;
}

function strings(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || v.length === 0) throw new Error(`${where} must be a non-empty list of names, got ${JSON.stringify(v)}`);
  return v.map((s, i) => string(s, `${where}[${i}]`));
}

function optional<T>(o: Record<string, unknown>, key: string, read: (v: unknown, where: string) => T, where: string): T | undefined {
  return o[key] === undefined ? undefined : read(o[key], `${where}.${key}`);
}

function side(v: unknown, where: string): 'pre' | 'post' {
  if (v !== 'pre' && v !== 'post') throw new Error(`${where} must be "pre" or "post", got ${JSON.stringify(v)}`);
  return v;
}

/** A layer as {"class_name": "LSTM", "config": {...}} (Keras' to_json) or {"type": "LSTM", ...options}. */
function layerSpec(raw: unknown, index: number): LayerSpec {
  let where = `model[${index}]`;
  const o = object(raw, where);
  let className: string;
  let config: Record<string, unknown>;
  if (o.className !== undefined) {
    checkKeys(o, ['className', 'config'], where);
    className = string(o.className, `${where}.class_name`);
    config = o.config === undefined ? {} : object(o.config, `${where}.config`);
  } else if (o.type !== undefined) {
    const { type, ...rest } = o;
    className = string(type, `${where}.type`);
    config = rest;
  } else {
    throw new Error(`${where}: give the layer as {"class_name": "LSTM", "config": {...}} or {"type": "LSTM", ...}`);
  }
  registerBuiltinLayers();
  if (!isLayerRegistered(className))
    throw new Error(
      `${where}: unknown layer class '${className}' (Keras names: Dense, Embedding, SimpleRNN, LSTM, GRU, Bidirectional, Conv1D, Dropout, Flatten, …)`,
    );
  where = `${where} (${className})`;
  return { className, config, where };
}

export function parseTrainConfig(raw: unknown, source: string): TrainConfig {
  const root = object(camelKeys(raw), source);
  checkKeys(root, ['model', 'data', 'compile', 'fit', 'seed', 'name'], source);
  const modelRaw = root.model;
  const layerList = Array.isArray(modelRaw) ? modelRaw : isObject(modelRaw) ? modelRaw.layers : undefined;
  if (isObject(modelRaw)) checkKeys(modelRaw, ['layers', 'name'], `${source}: model`);
  if (!Array.isArray(layerList) || layerList.length === 0)
    throw new Error(
      `${source}: "model" must be a list of layers (or {"layers": [...]}), e.g. [{"class_name": "Dense", "config": {"units": 1}}]`,
    );
  const layers = layerList.map(layerSpec);
  const name =
    isObject(modelRaw) && modelRaw.name !== undefined
      ? string(modelRaw.name, `${source}: model.name`)
      : optional(root, 'name', string, source);

  const d = object(root.data, `${source}: data`);
  const dw = `${source}: data`;
  checkKeys(
    d,
    ['file', 'dataset', 'text', 'label', 'features', 'numWords', 'maxlen', 'padding', 'truncating', 'oovToken', 'series', 'limit'],
    dw,
  );
  if ((d.file === undefined) === (d.dataset === undefined))
    throw new Error(`${dw}: give exactly one of "file" (a CSV/TSV file) or "dataset" (${DATASETS.join(', ')})`);
  const data: DataSpec = {
    file: optional(d, 'file', string, dw),
    dataset: optional(d, 'dataset', string, dw),
    text: optional(d, 'text', string, dw),
    label: optional(d, 'label', string, dw),
    features: optional(d, 'features', strings, dw),
    numWords: optional(d, 'numWords', (v, w) => integer(v, w, 1), dw),
    maxlen: optional(d, 'maxlen', (v, w) => integer(v, w, 1), dw),
    padding: optional(d, 'padding', side, dw),
    truncating: optional(d, 'truncating', side, dw),
    oovToken: optional(d, 'oovToken', string, dw),
    limit: optional(d, 'limit', (v, w) => integer(v, w, 1), dw),
  };
  if (data.dataset !== undefined && !DATASETS.includes(data.dataset))
    throw new Error(`${dw}.dataset: unknown '${data.dataset}' (named datasets: ${DATASETS.join(', ')})`);
  if (d.series !== undefined) {
    const s = object(d.series, `${dw}.series`);
    checkKeys(s, ['columns', 'target', 'window', 'scale'], `${dw}.series`);
    if (s.scale !== undefined && s.scale !== 'minmax' && s.scale !== 'standard')
      throw new Error(`${dw}.series.scale must be "minmax" or "standard", got ${JSON.stringify(s.scale)}`);
    data.series = {
      columns: optional(s, 'columns', strings, `${dw}.series`),
      target: optional(s, 'target', string, `${dw}.series`),
      window: integer(s.window, `${dw}.series.window`, 1),
      scale: s.scale as SeriesSpec['scale'],
    };
  }
  const isText = data.text !== undefined || (TEXT_DATASETS as readonly string[]).includes(data.dataset ?? '');
  const isSeries = data.series !== undefined || (SERIES_DATASETS as readonly string[]).includes(data.dataset ?? '');
  if (isText && isSeries) throw new Error(`${dw}: "text" and "series" exclude each other (a text dataset or a series dataset, not both)`);
  if (data.file !== undefined && !isText && !isSeries && data.label === undefined)
    throw new Error(`${dw}: a table needs "label" (the target column), or "text" for text, or "series" for windowing`);
  if (isSeries && !data.series)
    throw new Error(`${dw}: the series dataset '${data.dataset}' needs "series": {"window": N} (and optionally "columns", "target")`);
  if (!isText) {
    for (const key of ['numWords', 'maxlen', 'padding', 'truncating', 'oovToken'] as const) {
      if (data[key] !== undefined) throw new Error(`${dw}.${key} applies to text data only (give "text": "<column>" or a text dataset)`);
    }
  }

  const c = object(root.compile, `${source}: compile`);
  const cw = `${source}: compile`;
  checkKeys(c, ['optimizer', 'loss', 'metrics'], cw);
  let optimizer: TrainConfig['compile']['optimizer'];
  if (isObject(c.optimizer)) {
    checkKeys(c.optimizer, ['className', 'config'], `${cw}.optimizer`);
    optimizer = {
      className: string(c.optimizer.className, `${cw}.optimizer.class_name`),
      config: c.optimizer.config === undefined ? undefined : object(c.optimizer.config, `${cw}.optimizer.config`),
    };
  } else optimizer = string(c.optimizer, `${cw}.optimizer`);
  const compile = { optimizer, loss: string(c.loss, `${cw}.loss`), metrics: optional(c, 'metrics', strings, cw) };

  const f = root.fit === undefined ? {} : object(root.fit, `${source}: fit`);
  const fw = `${source}: fit`;
  checkKeys(f, ['epochs', 'batchSize', 'validationSplit', 'shuffle'], fw);
  const validationSplit = f.validationSplit;
  if (validationSplit !== undefined && !(typeof validationSplit === 'number' && validationSplit >= 0 && validationSplit < 1)) {
    throw new Error(`${fw}.validation_split must be a number in [0, 1), got ${JSON.stringify(validationSplit)}`);
  }
  if (f.shuffle !== undefined && typeof f.shuffle !== 'boolean') throw new Error(`${fw}.shuffle must be true or false`);
  const fit = {
    epochs: f.epochs === undefined ? 1 : integer(f.epochs, `${fw}.epochs`, 1),
    batchSize: optional(f, 'batchSize', (v, w) => integer(v, w, 1), fw),
    validationSplit: validationSplit || undefined,
    shuffle: f.shuffle as boolean | undefined,
  };
  return { layers, name, data, compile, fit, seed: optional(root, 'seed', (v, w) => integer(v, w, 0), source) };
}
