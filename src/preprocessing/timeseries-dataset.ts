// keras.utils.timeseries_dataset_from_array (Keras 3) as a finite, re-iterable dataset of batches.

import { Tensor } from '../tensor.ts';
import { Random } from '../random.ts';
import { assertNoNaN, checkInteger, toSeriesMatrix, type SeriesInput, type SeriesMatrix } from './series-data.ts';

export interface TimeseriesDatasetOptions {
  /** Timesteps per output sequence. */
  sequenceLength: number;
  /** Distance between the starts of successive sequences (default 1). */
  sequenceStride?: number;
  /** Distance between timesteps inside a sequence (default 1). */
  samplingRate?: number;
  /** Sequences per batch (default 128); null yields single sequences without a batch axis. */
  batchSize?: number | null;
  /** Visit the windows in a random order, new every pass (default false). */
  shuffle?: boolean;
  /** Seed of the shuffle (default: a random seed drawn once). */
  seed?: number;
  /** Rows before startIndex are not used. 0 and undefined mean 0. */
  startIndex?: number | null;
  /** Rows from endIndex on are not used; must be < len(data) as in Keras. 0 and undefined mean len(data). */
  endIndex?: number | null;
}

/**
 * Windows over a series, as Keras 3: window k starts at start = startIndex + k·sequenceStride and
 * takes rows start, start + samplingRate, …, (sequenceLength of them); its target is
 * targets[start]. The number of windows is endIndex − startIndex − (sequenceLength − 1)·samplingRate,
 * capped at len(targets). Batches are built on demand (nothing is materialised up front).
 * Differences from Keras: when no window fits, this throws (Keras silently yields nothing); the
 * shuffle order comes from sunhwan's seeded generator (numpy/tf.data orders cannot be reproduced)
 * and is a fresh permutation each pass, like tf.data's reshuffle_each_iteration.
 */
export class TimeseriesDataset<T extends Tensor | [Tensor, Tensor]> implements Iterable<T>, AsyncIterable<T> {
  readonly sequenceLength: number;
  readonly sequenceStride: number;
  readonly samplingRate: number;
  readonly batchSize: number | null;
  readonly shuffle: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  /** Number of windows (samples) per pass. */
  readonly numSequences: number;
  private readonly data: SeriesMatrix;
  private readonly targets: SeriesMatrix | null;
  private readonly shuffleRandom: Random;

  constructor(data: SeriesInput, targets: SeriesInput | null, options: TimeseriesDatasetOptions) {
    const where = 'timeseriesDatasetFromArray';
    if (!options || typeof options !== 'object') throw new Error(`${where}: options { sequenceLength, … } are required`);
    this.data = toSeriesMatrix(data, where);
    this.targets = targets === null || targets === undefined ? null : toSeriesMatrix(targets, where, 'targets');
    const length = this.data.rows;
    this.sequenceLength = checkInteger(options.sequenceLength, 'sequenceLength', where, 1);
    this.sequenceStride = checkInteger(options.sequenceStride ?? 1, 'sequenceStride', where, 1);
    this.samplingRate = checkInteger(options.samplingRate ?? 1, 'samplingRate', where, 1);
    const batchSize = options.batchSize === undefined ? 128 : options.batchSize;
    this.batchSize = batchSize === null ? null : checkInteger(batchSize, 'batchSize', where, 1);
    this.shuffle = options.shuffle ?? false;
    // Keras tests `if start_index:` / `if end_index:`, so 0 means "not given".
    const start = options.startIndex || 0;
    const end = options.endIndex || length;
    if (!Number.isInteger(start) || start < 0 || start >= length)
      throw new Error(`${where}: startIndex must be an integer in [0, ${length}) (the data length), got ${start}`);
    if (options.endIndex) {
      if (!Number.isInteger(end) || end <= 0) throw new Error(`${where}: endIndex must be a positive integer, got ${end}`);
      if (end <= start) throw new Error(`${where}: endIndex ${end} must be higher than startIndex ${start}`);
      if (end >= length) throw new Error(`${where}: endIndex ${end} must be lower than the length of the data (${length}), as in Keras`);
    }
    if (this.samplingRate >= length)
      throw new Error(`${where}: samplingRate ${this.samplingRate} must be lower than the length of the data (${length})`);
    if (this.sequenceStride >= length)
      throw new Error(`${where}: sequenceStride ${this.sequenceStride} must be lower than the length of the data (${length})`);
    this.startIndex = start;
    this.endIndex = end;
    let windows = end - start - (this.sequenceLength - 1) * this.samplingRate;
    if (this.targets) windows = Math.min(windows, this.targets.rows);
    if (windows <= 0) {
      throw new Error(
        `${where}: sequenceLength ${this.sequenceLength} × samplingRate ${this.samplingRate} is longer than the ${end - start} rows in [startIndex, endIndex): no window fits`,
      );
    }
    this.numSequences = Math.ceil(windows / this.sequenceStride);
    const lastStart = start + (this.numSequences - 1) * this.sequenceStride;
    if (this.targets && lastStart >= Math.min(this.targets.rows, end)) {
      throw new Error(
        `${where}: targets has ${this.targets.rows} rows, but the window starting at row ${lastStart} needs targets[${lastStart}] (within endIndex ${end})`,
      );
    }
    assertNoNaN(this.data, start, end, where);
    if (this.targets) assertNoNaN(this.targets, start, lastStart + 1, where, 'targets');
    this.shuffleRandom = new Random(options.seed ?? (Math.random() * 2 ** 32) >>> 0);
  }

  /** Batches per pass. */
  get length(): number {
    return this.batchSize === null ? this.numSequences : Math.ceil(this.numSequences / this.batchSize);
  }

  private order(): Int32Array {
    const order = new Int32Array(this.numSequences);
    for (let k = 0; k < order.length; k++) order[k] = k;
    if (this.shuffle) this.shuffleRandom.shuffle(order);
    return order;
  }

  private build(windows: Int32Array, batched: boolean): T {
    const { values, features, rowShape } = this.data;
    const L = this.sequenceLength;
    const x = new Float32Array(windows.length * L * features);
    let out = 0;
    for (const k of windows) {
      const first = this.startIndex + k * this.sequenceStride;
      for (let t = 0; t < L; t++) {
        const from = (first + t * this.samplingRate) * features;
        for (let f = 0; f < features; f++) x[out++] = values[from + f]!;
      }
    }
    const xShape = [...(batched ? [windows.length] : []), L, ...rowShape];
    const xs = new Tensor(x, xShape);
    if (!this.targets) return xs as T;
    const t = this.targets;
    const y = new Float32Array(windows.length * t.features);
    windows.forEach((k, j) => {
      const row = this.startIndex + k * this.sequenceStride;
      for (let f = 0; f < t.features; f++) y[j * t.features + f] = t.values[row * t.features + f]!;
    });
    const ys = new Tensor(y, [...(batched ? [windows.length] : []), ...t.rowShape]);
    return [xs, ys] as T;
  }

  *[Symbol.iterator](): Iterator<T> {
    const order = this.order();
    if (this.batchSize === null) {
      for (let k = 0; k < order.length; k++) yield this.build(order.subarray(k, k + 1), false);
      return;
    }
    for (let b = 0; b < order.length; b += this.batchSize) yield this.build(order.subarray(b, b + this.batchSize), true);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (const batch of this) yield batch;
  }
}

/** Keras 3 `timeseries_dataset_from_array(data, targets, sequence_length, …)`. */
export function timeseriesDatasetFromArray(data: SeriesInput, targets: null, options: TimeseriesDatasetOptions): TimeseriesDataset<Tensor>;
export function timeseriesDatasetFromArray(
  data: SeriesInput,
  targets: SeriesInput,
  options: TimeseriesDatasetOptions,
): TimeseriesDataset<[Tensor, Tensor]>;
export function timeseriesDatasetFromArray(
  data: SeriesInput,
  targets: SeriesInput | null,
  options: TimeseriesDatasetOptions,
): TimeseriesDataset<Tensor | [Tensor, Tensor]> {
  return new TimeseriesDataset(data, targets, options);
}
