// The books' common-sense baseline for series: "the value `horizon` steps ahead is the value
// now" (Chollet 6-35). A model is only worth training if it beats this MAE.

import { Tensor } from '../tensor.ts';

export interface NaiveForecast {
  /** forecast[t] = series[t], the prediction for time t + horizon; length n − horizon. */
  forecast: Float32Array;
  /** The values being predicted: series[t + horizon]. */
  actual: Float32Array;
  /** Mean absolute error of forecast vs actual. */
  mae: number;
}

/**
 * Last-value forecast of a 1-D series, or of `column` of a [rows, features] Tensor:
 * `naiveForecast(temperature, { horizon: 24 }).mae`.
 */
export function naiveForecast(series: Tensor | ArrayLike<number>, options: { horizon?: number; column?: number } = {}): NaiveForecast {
  const where = 'naiveForecast';
  const horizon = options.horizon ?? 1;
  let values: ArrayLike<number>;
  let stride = 1;
  let offset = 0;
  if (series instanceof Tensor && series.rank === 2) {
    stride = series.shape[1]!;
    offset = options.column ?? 0;
    if (options.column === undefined && stride !== 1)
      throw new Error(`${where}: the series has ${stride} columns; say which with { column }`);
    if (!Number.isInteger(offset) || offset < 0 || offset >= stride)
      throw new Error(`${where}: column ${offset} is outside the ${stride} columns`);
    values = series.dataSync();
  } else values = series instanceof Tensor ? series.dataSync() : series;
  const n = values.length / stride;
  if (!Number.isInteger(horizon) || horizon < 1 || horizon >= n)
    throw new Error(`${where}: horizon must be an integer in [1, ${n - 1}] for a series of ${n} steps, got ${horizon}`);
  const m = n - horizon;
  const forecast = new Float32Array(m);
  const actual = new Float32Array(m);
  let sum = 0;
  for (let t = 0; t < m; t++) {
    forecast[t] = values[t * stride + offset]!;
    actual[t] = values[(t + horizon) * stride + offset]!;
    sum += Math.abs(actual[t]! - forecast[t]!);
  }
  if (Number.isNaN(sum))
    throw new Error(`${where}: the series has missing values (NaN); fill them first (Table.interpolate / fillForward)`);
  return { forecast, actual, mae: sum / m };
}

/**
 * The book's evaluate_naive_method: over `steps` batches of [samples [B, T, F], targets [B]]
 * (a timeseriesGenerator or dataset), the mean of each batch's MAE between the last step's
 * `column` and the target.
 */
export function naiveBatchMae(batches: Iterator<unknown> | Iterable<unknown>, options: { column: number; steps?: number }): number {
  const it = Symbol.iterator in (batches as object) ? (batches as Iterable<unknown>)[Symbol.iterator]() : (batches as Iterator<unknown>);
  const steps = options.steps ?? Infinity;
  const maes: number[] = [];
  for (let i = 0; i < steps; i++) {
    const next = it.next();
    if (next.done) break;
    const [samples, targets] = next.value as [Tensor, Tensor];
    const [n, T, F] = samples.shape as [number, number, number];
    if (options.column < 0 || options.column >= F) throw new Error(`naiveBatchMae: column ${options.column} is outside the ${F} features`);
    const x = samples.dataSync();
    const t = targets.dataSync();
    let sum = 0;
    for (let j = 0; j < n; j++) sum += Math.abs(x[(j * T + T - 1) * F + options.column]! - t[j]!);
    maes.push(sum / n);
  }
  if (maes.length === 0) throw new Error('naiveBatchMae: no batches');
  return maes.reduce((a, b) => a + b, 0) / maes.length;
}
