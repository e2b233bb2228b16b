// Terminal line charts of training history — the books' plt.plot(history.history['loss'])
// — drawn with asciichart. Returns the text (print it with console.log).
//   console.log(plotHistory(history, { keys: ['loss', 'val_loss'], title: 'Training and validation loss' }));

import * as asciichart from 'asciichart';
import { formatLogValue } from './format.ts';

export interface PlotHistoryOptions {
  /** Which series to draw (default: 'loss' and 'val_loss' when present, else every key). */
  keys?: string[];
  /** Rows of the chart (default 10). */
  height?: number;
  /** At most this many columns: longer series are averaged into buckets (default 60). */
  width?: number;
  /** Plot log10 of the values (losses falling over decades). */
  logScale?: boolean;
  title?: string;
  /** ANSI colours per series (default false). */
  colors?: boolean;
  /** Image files are drawn by the Node entry's plotHistory: import { plotHistory } from 'sunhwan/viz'. */
  file?: never;
}

const PALETTE = [asciichart.blue, asciichart.red, asciichart.green, asciichart.magenta, asciichart.cyan, asciichart.yellow];

function resample(values: number[], width: number): number[] {
  if (values.length <= width) return values;
  const out: number[] = [];
  for (let c = 0; c < width; c++) {
    const from = Math.floor((c * values.length) / width);
    const to = Math.max(from + 1, Math.floor(((c + 1) * values.length) / width));
    let s = 0;
    for (let i = from; i < to; i++) s += values[i]!;
    out.push(s / (to - from));
  }
  return out;
}

export function plotHistory(
  history: { history: Record<string, number[]> } | Record<string, number[]>,
  options: PlotHistoryOptions = {},
): string {
  if ((options as { file?: unknown }).file !== undefined) {
    throw new Error(
      "plotHistory: writing an image file needs the Node entry: import { plotHistory } from 'sunhwan/viz' (it returns a Promise)",
    );
  }
  const record = (history as { history?: Record<string, number[]> }).history ?? (history as Record<string, number[]>);
  const available = Object.keys(record);
  const keys = options.keys ?? (available.includes('loss') ? ['loss', 'val_loss'].filter((k) => available.includes(k)) : available);
  const missing = keys.filter((k) => !record[k]);
  if (missing.length) throw new Error(`plotHistory: no series ${missing.map((k) => `'${k}'`).join(', ')} (have: ${available.join(', ')})`);
  if (keys.length === 0 || keys.every((k) => record[k]!.length === 0)) throw new Error('plotHistory: nothing to plot');
  const width = options.width ?? 60;
  const log = options.logScale ?? false;
  const series = keys.map((k) => resample(record[k]!, width).map((v) => (log ? Math.log10(Math.max(v, 1e-30)) : v)));
  const chart = asciichart.plot(series, {
    height: options.height ?? 10,
    colors: options.colors ? keys.map((_, i) => PALETTE[i % PALETTE.length]!) : undefined,
    format: (x: number) => formatLogValue(log ? 10 ** x : x).padStart(11),
  });
  const epochs = Math.max(...keys.map((k) => record[k]!.length));
  const legend = options.colors
    ? keys.map((k, i) => `${PALETTE[i % PALETTE.length]}──${asciichart.reset} ${k}`).join('   ')
    : keys.join(', ');
  const lines = [];
  if (options.title) lines.push(options.title);
  lines.push(chart, `${' '.repeat(12)}epochs 1–${epochs}${log ? ', log scale' : ''}   ${legend}`);
  return lines.join('\n');
}
