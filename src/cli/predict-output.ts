// Predictions as CSV (a header row; one row per sample: the text if any, the outputs, and the
// predicted class for multi-class outputs, or named classes) or JSON (an array of {input?, prediction, class?}).
import type { Tensor } from '../tensor.ts';

export type OutputFormat = 'csv' | 'json';

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function rows(y: Tensor): number[][] {
  const n = y.shape[0]!;
  const width = n === 0 ? 0 : y.size / n;
  const values = y.dataSync();
  return Array.from({ length: n }, (_, r) => Array.from(values.subarray(r * width, (r + 1) * width)));
}

function argmax(row: number[]): number {
  let best = 0;
  for (let k = 1; k < row.length; k++) if (row[k]! > row[best]!) best = k;
  return best;
}

/** The predicted class of a row: arg-max, or p ≥ 0.5 for one sigmoid unit; a name when `classes` has them. */
function classOf(row: number[], classes?: string[]): number | string {
  const k = row.length === 1 ? (row[0]! >= 0.5 ? 1 : 0) : argmax(row);
  return classes?.[k] ?? k;
}

export function formatPredictions(y: Tensor, format: OutputFormat, texts?: string[], classes?: string[]): string {
  const data = rows(y);
  const width = data[0]?.length ?? 0;
  const withClass = y.shape.length === 2 && (width > 1 || (classes !== undefined && classes.length === 2));
  if (format === 'json') {
    const out = data.map((row, r) => ({
      ...(texts ? { input: texts[r] } : {}),
      prediction: width === 1 ? row[0] : y.shape.length === 2 ? row : reshape(row, y.shape.slice(1)),
      ...(withClass ? { class: classOf(row, classes) } : {}),
    }));
    return `${JSON.stringify(out, null, 1)}\n`;
  }
  const header = [
    ...(texts ? ['input'] : []),
    ...(width === 1 ? ['prediction'] : Array.from({ length: width }, (_, k) => `prediction_${k}`)),
    ...(withClass ? ['class'] : []),
  ];
  const lines = [header.join(',')];
  data.forEach((row, r) => {
    lines.push(
      [
        ...(texts ? [csvField(texts[r]!)] : []),
        ...row.map((v) => String(v)),
        ...(withClass ? [csvField(String(classOf(row, classes)))] : []),
      ].join(','),
    );
  });
  return `${lines.join('\n')}\n`;
}

function reshape(flat: number[], shape: readonly number[]): unknown {
  if (shape.length <= 1) return flat;
  const inner = flat.length / shape[0]!;
  return Array.from({ length: shape[0]! }, (_, i) => reshape(flat.slice(i * inner, (i + 1) * inner), shape.slice(1)));
}
