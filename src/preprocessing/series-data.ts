// Turns the inputs the series helpers accept (a Tensor, rows of numbers, or a flat list) into one
// row-major typed array, without copying a Tensor's values.

import { Tensor, type TypedArray } from '../tensor.ts';
import { describe } from './text.ts';

export type SeriesInput = Tensor | readonly (readonly number[])[] | readonly number[] | Float32Array | Int32Array | Float64Array;

export interface SeriesMatrix {
  values: TypedArray | Float64Array;
  rows: number;
  /** Values per row (1 for a 1-D series). */
  features: number;
  /** The input was 1-D (a plain series): shapes drop the feature axis where Keras would. */
  oneDimensional: boolean;
  /** Shape of one row: [] for 1-D input, [features] for 2-D, more for higher-rank Tensors. */
  rowShape: number[];
}

export function toSeriesMatrix(data: SeriesInput, where: string, what = 'data'): SeriesMatrix {
  if (data instanceof Tensor) {
    if (data.rank === 0) throw new Error(`${where}: ${what} must have a time axis, got a scalar tensor`);
    const rows = data.shape[0]!;
    const rowShape = data.shape.slice(1);
    const features = rowShape.reduce((a, b) => a * b, 1);
    return { values: data.dataSync(), rows, features, oneDimensional: data.rank === 1, rowShape };
  }
  if (ArrayBuffer.isView(data)) {
    const flat = data as Float32Array | Int32Array | Float64Array;
    return { values: flat, rows: flat.length, features: 1, oneDimensional: true, rowShape: [] };
  }
  if (!Array.isArray(data)) throw new Error(`${where}: ${what} must be a Tensor or an array of rows, got ${describe(data)}`);
  if (data.length === 0) throw new Error(`${where}: ${what} is empty`);
  if (typeof data[0] === 'number') {
    const values = new Float32Array(data.length);
    (data as readonly number[]).forEach((v, r) => {
      if (typeof v !== 'number') throw new Error(`${where}: ${what} row ${r} is ${describe(v)}, not a number`);
      values[r] = v;
    });
    return { values, rows: data.length, features: 1, oneDimensional: true, rowShape: [] };
  }
  const first = data[0] as readonly number[];
  if (!Array.isArray(first) && !ArrayBuffer.isView(first)) throw new Error(`${where}: ${what} row 0 is ${describe(first)}, not an array`);
  const features = first.length;
  const values = new Float32Array(data.length * features);
  (data as readonly (readonly number[])[]).forEach((row, r) => {
    if (row == null || typeof row !== 'object' || row.length !== features) {
      throw new Error(
        `${where}: ${what} row ${r} has ${row && typeof row === 'object' ? row.length : describe(row)} values, expected ${features} (like row 0)`,
      );
    }
    for (let f = 0; f < features; f++) {
      const v = row[f];
      if (typeof v !== 'number') throw new Error(`${where}: ${what} row ${r}, column ${f} is ${describe(v)}, not a number`);
      values[r * features + f] = v;
    }
  });
  return { values, rows: data.length, features, oneDimensional: false, rowShape: [features] };
}

/** Throws on the first NaN in rows [startRow, endRow), naming its row and column. */
export function assertNoNaN(m: SeriesMatrix, startRow: number, endRow: number, where: string, what = 'data'): void {
  const { values, features } = m;
  const end = Math.min(endRow, m.rows) * features;
  for (let k = Math.max(0, startRow) * features; k < end; k++) {
    if (Number.isNaN(values[k]!)) {
      throw new Error(`${where}: ${what} row ${Math.floor(k / features)}, column ${k % features} is NaN`);
    }
  }
}

export function checkInteger(value: unknown, name: string, where: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new Error(`${where}: ${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}
