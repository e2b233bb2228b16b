// Per-column scaling fitted on training rows only, as the book insists
// (`mean = float_data[:200000].mean(axis=0)`), with scikit-learn's StandardScaler / MinMaxScaler
// formulas. Statistics are computed in float64; outputs are float32 Tensors.

import { Tensor } from '../tensor.ts';
import { checkInteger, toSeriesMatrix, type SeriesInput, type SeriesMatrix } from './series-data.ts';

export interface FitRange {
  /** First row used for the statistics (default 0). */
  startRow?: number;
  /** Row after the last one used (default: all rows). E.g. 200000 for the book's Jena training split. */
  endRow?: number;
}

function rowsToFit(m: SeriesMatrix, range: FitRange, where: string): [number, number] {
  const start = checkInteger(range.startRow ?? 0, 'startRow', where, 0);
  const end = checkInteger(range.endRow ?? m.rows, 'endRow', where, 0);
  if (end > m.rows) throw new Error(`${where}: endRow ${end} is past the ${m.rows} rows of the data`);
  if (end <= start) throw new Error(`${where}: no rows to fit: startRow ${start} must be < endRow ${end}`);
  for (let r = start; r < end; r++) {
    for (let f = 0; f < m.features; f++) {
      if (Number.isNaN(m.values[r * m.features + f]!))
        throw new Error(`${where}: data row ${r}, column ${f} is NaN (clean or fill it before fitting)`);
    }
  }
  return [start, end];
}

// A constant column would divide by zero; like scikit-learn, it is left unscaled (scale 1).
function safeScale(x: number): number {
  return x < 10 * Number.EPSILON || !Number.isFinite(x) ? 1 : x;
}

abstract class ColumnScaler {
  protected abstract readonly name: string;
  /** Per column: transformed = x · multiplier + offset. */
  protected abstract multiplier(): Float64Array;
  protected abstract offset(): Float64Array;
  abstract get fitted(): boolean;

  protected apply(data: SeriesInput, inverse: boolean): Tensor {
    const where = `${this.name}.${inverse ? 'inverseTransform' : 'transform'}`;
    if (!this.fitted) throw new Error(`${where}: call fit() first`);
    const m = toSeriesMatrix(data, where);
    const a = this.multiplier();
    const b = this.offset();
    if (m.features !== a.length) throw new Error(`${where}: data has ${m.features} column(s), the scaler was fitted on ${a.length}`);
    const out = new Float32Array(m.rows * m.features);
    for (let r = 0, k = 0; r < m.rows; r++) {
      for (let f = 0; f < m.features; f++, k++) {
        const x = m.values[k]!;
        out[k] = inverse ? (x - b[f]!) / a[f]! : x * a[f]! + b[f]!;
      }
    }
    return new Tensor(out, data instanceof Tensor ? data.shape : m.oneDimensional ? [m.rows] : [m.rows, m.features]);
  }

  /** Scales every row (NaN stays NaN). Same shape as the input. */
  transform(data: SeriesInput): Tensor {
    return this.apply(data, false);
  }

  /** Undoes transform (e.g. predictions back to degrees or won). */
  inverseTransform(data: SeriesInput): Tensor {
    return this.apply(data, true);
  }

  /**
   * Undoes transform for one column only: a model that predicts just the temperature gets its
   * predictions (any shape, every value from column `column` of the fit) back in degrees.
   */
  inverseTransformColumn(values: Tensor | ArrayLike<number>, column: number): Tensor {
    return this.oneColumn(values, column, true);
  }

  /** transform for values of one column (e.g. a target series scaled like its feature). */
  transformColumn(values: Tensor | ArrayLike<number>, column: number): Tensor {
    return this.oneColumn(values, column, false);
  }

  private oneColumn(values: Tensor | ArrayLike<number>, column: number, inverse: boolean): Tensor {
    const where = `${this.name}.${inverse ? 'inverseTransformColumn' : 'transformColumn'}`;
    if (!this.fitted) throw new Error(`${where}: call fit() first`);
    const a = this.multiplier();
    const b = this.offset();
    if (!Number.isInteger(column) || column < 0 || column >= a.length)
      throw new Error(`${where}: column ${column} is outside the ${a.length} column(s) the scaler was fitted on`);
    const x = values instanceof Tensor ? values.dataSync() : values;
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = inverse ? (x[i]! - b[column]!) / a[column]! : x[i]! * a[column]! + b[column]!;
    return new Tensor(out, values instanceof Tensor ? values.shape : [x.length]);
  }
}

/** (x − mean) / std per column, mean and population std (ddof 0, like numpy and sklearn) from the fit rows. */
export class StandardScaler extends ColumnScaler {
  protected readonly name = 'StandardScaler';
  mean: Float64Array | null = null;
  variance: Float64Array | null = null;
  /** std with constant columns set to 1. */
  scale: Float64Array | null = null;
  /** Rows the statistics came from. */
  samplesSeen = 0;

  get fitted(): boolean {
    return this.mean !== null;
  }

  fit(data: SeriesInput, range: FitRange = {}): this {
    const where = 'StandardScaler.fit';
    const m = toSeriesMatrix(data, where);
    const [start, end] = rowsToFit(m, range, where);
    const F = m.features;
    const n = end - start;
    const mean = new Float64Array(F);
    const variance = new Float64Array(F);
    for (let r = start; r < end; r++) for (let f = 0; f < F; f++) mean[f] += m.values[r * F + f]!;
    for (let f = 0; f < F; f++) mean[f] /= n;
    for (let r = start; r < end; r++) {
      for (let f = 0; f < F; f++) {
        const d = m.values[r * F + f]! - mean[f]!;
        variance[f] += d * d;
      }
    }
    for (let f = 0; f < F; f++) variance[f] /= n;
    this.mean = mean;
    this.variance = variance;
    this.scale = variance.map((v) => safeScale(Math.sqrt(v)));
    this.samplesSeen = n;
    return this;
  }

  fitTransform(data: SeriesInput, range: FitRange = {}): Tensor {
    return this.fit(data, range).transform(data);
  }

  protected multiplier(): Float64Array {
    return this.scale!.map((s) => 1 / s);
  }

  protected offset(): Float64Array {
    return this.mean!.map((m, f) => -m / this.scale![f]!);
  }

  override inverseTransform(data: SeriesInput): Tensor {
    return super.inverseTransform(data);
  }

  toJSON(): { class_name: 'StandardScaler'; mean: number[]; var: number[]; scale: number[]; n_samples_seen: number } {
    if (!this.fitted) throw new Error('StandardScaler.toJSON: not fitted');
    return {
      class_name: 'StandardScaler',
      mean: [...this.mean!],
      var: [...this.variance!],
      scale: [...this.scale!],
      n_samples_seen: this.samplesSeen,
    };
  }

  static fromJSON(json: string | { mean: number[]; var?: number[]; scale: number[]; n_samples_seen?: number }): StandardScaler {
    const o = typeof json === 'string' ? JSON.parse(json) : json;
    if (!o || !Array.isArray(o.mean) || !Array.isArray(o.scale) || o.mean.length !== o.scale.length) {
      throw new Error('StandardScaler.fromJSON: expected { mean: number[], scale: number[] } of equal length');
    }
    const s = new StandardScaler();
    s.mean = Float64Array.from(o.mean);
    s.scale = Float64Array.from(o.scale);
    s.variance = Float64Array.from(o.var ?? o.scale.map((x: number) => x * x));
    s.samplesSeen = o.n_samples_seen ?? 0;
    return s;
  }
}

export interface MinMaxScalerOptions {
  /** Target range, default [0, 1] (the stock example's feature_range=(0, 1)). */
  featureRange?: [number, number];
}

/** x · scale + min with scale = (hi − lo) / (dataMax − dataMin), min = lo − dataMin · scale (scikit-learn). */
export class MinMaxScaler extends ColumnScaler {
  protected readonly name = 'MinMaxScaler';
  readonly featureRange: [number, number];
  dataMin: Float64Array | null = null;
  dataMax: Float64Array | null = null;
  scale: Float64Array | null = null;
  min: Float64Array | null = null;

  constructor(options: MinMaxScalerOptions = {}) {
    super();
    const range = options.featureRange ?? [0, 1];
    if (!Array.isArray(range) || range.length !== 2 || !(range[0] < range[1])) {
      throw new Error(`MinMaxScaler: featureRange must be [low, high] with low < high, got ${JSON.stringify(range)}`);
    }
    this.featureRange = [range[0], range[1]];
  }

  get fitted(): boolean {
    return this.scale !== null;
  }

  fit(data: SeriesInput, range: FitRange = {}): this {
    const where = 'MinMaxScaler.fit';
    const m = toSeriesMatrix(data, where);
    const [start, end] = rowsToFit(m, range, where);
    const F = m.features;
    const lo = new Float64Array(F).fill(Infinity);
    const hi = new Float64Array(F).fill(-Infinity);
    for (let r = start; r < end; r++) {
      for (let f = 0; f < F; f++) {
        const x = m.values[r * F + f]!;
        if (x < lo[f]!) lo[f] = x;
        if (x > hi[f]!) hi[f] = x;
      }
    }
    this.setStatistics(lo, hi);
    return this;
  }

  private setStatistics(lo: Float64Array, hi: Float64Array): void {
    const [a, b] = this.featureRange;
    this.dataMin = lo;
    this.dataMax = hi;
    this.scale = lo.map((l, f) => (b - a) / safeScale(hi[f]! - l));
    this.min = lo.map((l, f) => a - l * this.scale![f]!);
  }

  fitTransform(data: SeriesInput, range: FitRange = {}): Tensor {
    return this.fit(data, range).transform(data);
  }

  protected multiplier(): Float64Array {
    return this.scale!;
  }

  protected offset(): Float64Array {
    return this.min!;
  }

  toJSON(): { class_name: 'MinMaxScaler'; feature_range: [number, number]; data_min: number[]; data_max: number[] } {
    if (!this.fitted) throw new Error('MinMaxScaler.toJSON: not fitted');
    return { class_name: 'MinMaxScaler', feature_range: this.featureRange, data_min: [...this.dataMin!], data_max: [...this.dataMax!] };
  }

  static fromJSON(json: string | { feature_range?: [number, number]; data_min: number[]; data_max: number[] }): MinMaxScaler {
    const o = typeof json === 'string' ? JSON.parse(json) : json;
    if (!o || !Array.isArray(o.data_min) || !Array.isArray(o.data_max) || o.data_min.length !== o.data_max.length) {
      throw new Error('MinMaxScaler.fromJSON: expected { data_min: number[], data_max: number[] } of equal length');
    }
    const s = new MinMaxScaler({ featureRange: o.feature_range });
    s.setStatistics(Float64Array.from(o.data_min), Float64Array.from(o.data_max));
    return s;
  }
}
