// Vega-Lite specs for the plots the books draw with matplotlib: training curves, predictions vs
// truth, a confusion matrix, an attention heat map. Pure data → JSON, so the same specs serve the
// Node renderer (render.ts: SVG/PNG files), the HTML report and the browser.

export type VegaLiteSpec = Record<string, unknown>;
export type HistoryRecord = { history: Record<string, number[]> } | Record<string, number[]>;

/** Font family first in every spec; the Node renderer ships Noto Sans KR so Hangul labels render. */
export const PLOT_FONT = 'Noto Sans KR, sans-serif';

const BASE_CONFIG = {
  font: PLOT_FONT,
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start' },
  // ASCII minus: the bundled font has no U+2212, which d3-format uses by default.
  locale: { number: { decimal: '.', thousands: ',', grouping: [3], currency: ['', ''], minus: '-' } },
};

function base(title: string | undefined): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(title ? { title } : {}),
    background: 'white',
    padding: 8,
    config: BASE_CONFIG,
  };
}

function historyRecord(history: HistoryRecord): Record<string, number[]> {
  return (history as { history?: Record<string, number[]> }).history ?? (history as Record<string, number[]>);
}

export interface HistoryPlotOptions {
  /** Metrics to draw, one panel each, by their training name (default: every key without 'val_'). */
  metrics?: string[];
  title?: string;
  /** x-axis title (default 'epoch'). */
  xTitle?: string;
  /** Panel width and height in pixels (default 320 × 200). */
  width?: number;
  height?: number;
}

/** One panel per metric (loss first), training and validation curves in each: Keras' history. */
export function historySpec(history: HistoryRecord, options: HistoryPlotOptions = {}): VegaLiteSpec {
  const record = historyRecord(history);
  const keys = Object.keys(record);
  const metrics = options.metrics ?? keys.filter((k) => !k.startsWith('val_') && k !== 'lr' && k !== 'learning_rate');
  if (metrics.length === 0) throw new Error(`historySpec: nothing to plot (history has: ${keys.join(', ') || 'no keys'})`);
  const missing = metrics.filter((m) => !record[m] && !record[`val_${m}`]);
  if (missing.length) throw new Error(`historySpec: no series ${missing.map((m) => `'${m}'`).join(', ')} (have: ${keys.join(', ')})`);
  const rows: { epoch: number; metric: string; split: string; value: number }[] = [];
  for (const metric of metrics) {
    for (const [split, key] of [
      ['training', metric],
      ['validation', `val_${metric}`],
    ] as const) {
      (record[key] ?? []).forEach((value, i) => {
        if (Number.isFinite(value)) rows.push({ epoch: i + 1, metric, split, value });
      });
    }
  }
  return {
    ...base(options.title),
    data: { values: rows },
    facet: { field: 'metric', type: 'nominal', sort: metrics, title: null, header: { labelFontSize: 13, labelFontWeight: 'bold' } },
    columns: Math.min(metrics.length, 3),
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: options.width ?? 320,
      height: options.height ?? 200,
      mark: { type: 'line', point: true, strokeWidth: 2 },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: options.xTitle ?? 'epoch', axis: { tickMinStep: 1, format: 'd' } },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        color: {
          field: 'split',
          type: 'nominal',
          title: null,
          scale: { domain: ['training', 'validation'], range: ['#1f77b4', '#ff7f0e'] },
        },
      },
    },
  };
}

export interface SeriesPlotOptions {
  /** The true values. */
  truth: ArrayLike<number>;
  /** One predicted series, or several by name ({ SimpleRNN: [...], LSTM: [...] }). */
  predictions: ArrayLike<number> | Record<string, ArrayLike<number>>;
  /** x values (default 0, 1, 2, …). */
  x?: ArrayLike<number>;
  title?: string;
  xTitle?: string;
  yTitle?: string;
  truthName?: string;
  width?: number;
  height?: number;
}

/** Predictions against the truth over time: the books' sine, stock and temperature plots. */
export function seriesSpec(options: SeriesPlotOptions): VegaLiteSpec {
  const truthName = options.truthName ?? 'truth';
  const predictions = isArrayLike(options.predictions) ? { prediction: options.predictions } : options.predictions;
  const n = options.truth.length;
  if (options.x && options.x.length !== n) throw new Error(`seriesSpec: x has ${options.x.length} values, truth ${n}`);
  for (const [name, p] of Object.entries(predictions)) {
    if (p.length !== n) throw new Error(`seriesSpec: predictions '${name}' has ${p.length} values, truth ${n}`);
  }
  const rows: { x: number; series: string; value: number }[] = [];
  const push = (name: string, values: ArrayLike<number>) => {
    for (let i = 0; i < n; i++) rows.push({ x: options.x ? options.x[i]! : i, series: name, value: values[i]! });
  };
  push(truthName, options.truth);
  for (const [name, p] of Object.entries(predictions)) push(name, p);
  const names = [truthName, ...Object.keys(predictions)];
  return {
    ...base(options.title),
    width: options.width ?? 640,
    height: options.height ?? 260,
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 1.8 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.xTitle ?? 'time step' },
      y: { field: 'value', type: 'quantitative', title: options.yTitle ?? 'value', scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null, sort: names },
      strokeDash: {
        field: 'series',
        type: 'nominal',
        sort: names,
        title: null,
        scale: { domain: names, range: names.map((_, i) => (i === 0 ? [1, 0] : [6, 3])) },
      },
    },
  };
}

export interface ConfusionPlotOptions {
  /** Class ids (or names) of the truth and the predictions, one per sample. */
  yTrue?: ArrayLike<number>;
  yPred?: ArrayLike<number>;
  /** Or the counts already made: matrix[true][predicted]. */
  matrix?: number[][];
  /** Class names (default '0', '1', …). */
  labels?: string[];
  title?: string;
  /** Divide each row by its total (default false: counts). */
  normalize?: boolean;
  size?: number;
}

/** Counts (rows: truth, columns: prediction) from class ids. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, classes?: number): number[][] {
  if (yTrue.length !== yPred.length) throw new Error(`confusionMatrix: yTrue has ${yTrue.length} values, yPred ${yPred.length}`);
  let k = classes ?? 0;
  for (let i = 0; i < yTrue.length; i++) {
    for (const v of [yTrue[i]!, yPred[i]!]) {
      if (!Number.isInteger(v) || v < 0) throw new Error(`confusionMatrix: class ids must be integers ≥ 0 (got ${v} at ${i})`);
      if (classes === undefined) k = Math.max(k, v + 1);
      else if (v >= classes) throw new Error(`confusionMatrix: class id ${v} at ${i} is not below ${classes}`);
    }
  }
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]!]![yPred[i]!]!++;
  return m;
}

export function confusionSpec(options: ConfusionPlotOptions): VegaLiteSpec {
  const matrix =
    options.matrix ?? (options.yTrue && options.yPred ? confusionMatrix(options.yTrue, options.yPred, options.labels?.length) : null);
  if (!matrix) throw new Error('confusionSpec: give yTrue and yPred, or matrix');
  const k = matrix.length;
  const labels = options.labels ?? matrix.map((_, i) => String(i));
  if (labels.length !== k) throw new Error(`confusionSpec: ${labels.length} labels for ${k} classes`);
  const rows: { truth: string; predicted: string; value: number; count: number }[] = [];
  matrix.forEach((row, t) => {
    if (row.length !== k) throw new Error(`confusionSpec: matrix row ${t} has ${row.length} columns, expected ${k}`);
    const total = row.reduce((s, v) => s + v, 0) || 1;
    row.forEach((count, p) =>
      rows.push({ truth: labels[t]!, predicted: labels[p]!, count, value: options.normalize ? count / total : count }),
    );
  });
  const size = options.size ?? Math.max(160, Math.min(480, 60 * k));
  return {
    ...base(options.title),
    width: size,
    height: size,
    data: { values: rows },
    encoding: {
      x: { field: 'predicted', type: 'ordinal', sort: labels, title: 'predicted', axis: { labelAngle: 0, grid: false } },
      y: { field: 'truth', type: 'ordinal', sort: labels, title: 'true', axis: { grid: false } },
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: {
            field: 'value',
            type: 'quantitative',
            title: options.normalize ? 'share' : 'count',
            scale: { scheme: 'blues', domainMin: 0 },
          },
        },
      },
      {
        mark: { type: 'text', fontSize: 12 },
        encoding: {
          text: { field: 'value', type: 'quantitative', format: options.normalize ? '.2f' : 'd' },
          color: { condition: { test: `datum.value > ${options.normalize ? 0.5 : maxOf(matrix) / 2}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}

export interface AttentionPlotOptions {
  /** weights[query][key] (rows sum to 1 for softmax attention). */
  weights: ArrayLike<number>[];
  /** Tokens along the keys (x) and the queries (y). */
  keys?: string[];
  queries?: string[];
  title?: string;
  cell?: number;
}

/** Attention weights as a heat map: queries down, keys across. */
export function attentionSpec(options: AttentionPlotOptions): VegaLiteSpec {
  const q = options.weights.length;
  const k = q ? options.weights[0]!.length : 0;
  if (q === 0 || k === 0) throw new Error('attentionSpec: weights is empty');
  const keys = options.keys ?? Array.from({ length: k }, (_, i) => String(i));
  const queries = options.queries ?? Array.from({ length: q }, (_, i) => String(i));
  if (keys.length !== k) throw new Error(`attentionSpec: ${keys.length} key labels for ${k} columns`);
  if (queries.length !== q) throw new Error(`attentionSpec: ${queries.length} query labels for ${q} rows`);
  // Position-prefixed ids keep repeated tokens apart; the axes show the tokens.
  const rows: { key: string; query: string; weight: number }[] = [];
  options.weights.forEach((row, i) => {
    if (row.length !== k) throw new Error(`attentionSpec: weights row ${i} has ${row.length} columns, expected ${k}`);
    for (let j = 0; j < k; j++) rows.push({ key: `${j}:${keys[j]}`, query: `${i}:${queries[i]}`, weight: row[j]! });
  });
  const cell = options.cell ?? 28;
  const labelExpr = "substring(datum.label, indexof(datum.label, ':') + 1)";
  return {
    ...base(options.title),
    width: cell * k,
    height: cell * q,
    data: { values: rows },
    mark: 'rect',
    encoding: {
      x: { field: 'key', type: 'ordinal', sort: null, title: 'key', axis: { labelExpr, labelAngle: -45, grid: false } },
      y: { field: 'query', type: 'ordinal', sort: null, title: 'query', axis: { labelExpr, grid: false } },
      color: { field: 'weight', type: 'quantitative', title: 'weight', scale: { scheme: 'viridis' } },
    },
  };
}

function isArrayLike(x: unknown): x is ArrayLike<number> {
  return Array.isArray(x) || ArrayBuffer.isView(x);
}

function maxOf(m: number[][]): number {
  return Math.max(0, ...m.map((r) => Math.max(0, ...r)));
}
