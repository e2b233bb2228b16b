// The textbook's Jena generator (Deep Learning with Python, code 6-33) as a streaming dataset,
// and the books' make_sample() sliding windows.

import { Tensor } from '../tensor.ts';
import { getGlobalRandom, type Random } from '../random.ts';
import { assertNoNaN, checkInteger, toSeriesMatrix, type SeriesInput, type SeriesMatrix } from './series-data.ts';

export interface TimeseriesGeneratorOptions {
  /** Timesteps of history per sample (1440 in the book = 10 days of 10-minute rows). */
  lookback: number;
  /** How many timesteps after the window's end the target is (144 = 24 h). */
  delay: number;
  /** First row the windows may use (default 0). */
  minIndex?: number;
  /** Window ends are drawn from [minIndex + lookback, maxIndex). Default len − delay − 1, as the book. */
  maxIndex?: number | null;
  /** Random window ends (`np.random.randint`) instead of sequential ones (default false). */
  shuffle?: boolean;
  /** Default 128. */
  batchSize?: number;
  /** Keep one row in `step` (6 = hourly); lookback must be a multiple of it. Default 6. */
  step?: number;
  /** Column used as the target (default 1, the book's temperature 'T (degC)'). */
  targetColumn?: number;
  /** Source of randomness for shuffle (default: the global seeded generator). */
  rng?: Random;
}

/**
 * Infinite stream of [samples, targets]: samples [batch, lookback / step, features] float32 and
 * targets [batch] float32, exactly as the book's `generator()`:
 * - shuffle: rows = randint(minIndex + lookback, maxIndex, batchSize);
 * - otherwise rows run sequentially from minIndex + lookback and wrap back there when
 *   i + batchSize ≥ maxIndex (so the stream never ends, like the Python generator);
 * - samples[j] = data[rows[j] − lookback : rows[j] : step], targets[j] = data[rows[j] + delay][targetColumn].
 * Each batch is a fresh small copy; the windows are never materialised, so a 420,551-row series with
 * 240-step windows streams in constant memory. It is an Iterable and an AsyncIterable whose iterator
 * is the generator itself: like a Python generator, a new `for … of` continues where the last stopped.
 */
export class TimeseriesGenerator implements Iterator<[Tensor, Tensor]>, Iterable<[Tensor, Tensor]>, AsyncIterable<[Tensor, Tensor]> {
  readonly lookback: number;
  readonly delay: number;
  readonly minIndex: number;
  readonly maxIndex: number;
  readonly shuffle: boolean;
  readonly batchSize: number;
  readonly step: number;
  readonly targetColumn: number;
  readonly features: number;
  private readonly data: SeriesMatrix;
  private readonly rng: Random;
  private i: number;

  constructor(data: SeriesInput, options: TimeseriesGeneratorOptions) {
    const where = 'timeseriesGenerator';
    if (!options || typeof options !== 'object') throw new Error(`${where}: options { lookback, delay, … } are required`);
    this.data = toSeriesMatrix(data, where);
    const rows = this.data.rows;
    this.features = this.data.features;
    this.lookback = checkInteger(options.lookback, 'lookback', where, 1);
    this.delay = checkInteger(options.delay, 'delay', where, 0);
    this.minIndex = checkInteger(options.minIndex ?? 0, 'minIndex', where, 0);
    this.step = checkInteger(options.step ?? 6, 'step', where, 1);
    this.batchSize = checkInteger(options.batchSize ?? 128, 'batchSize', where, 1);
    this.targetColumn = checkInteger(options.targetColumn ?? 1, 'targetColumn', where, 0);
    this.shuffle = options.shuffle ?? false;
    this.rng = options.rng ?? getGlobalRandom();
    const maxIndex = options.maxIndex ?? rows - this.delay - 1;
    this.maxIndex = checkInteger(maxIndex, 'maxIndex', where, 0);
    if (this.lookback % this.step !== 0) {
      throw new Error(`${where}: lookback ${this.lookback} is not a multiple of step ${this.step} (each sample has lookback / step rows)`);
    }
    if (this.targetColumn >= this.features) {
      throw new Error(
        `${where}: targetColumn ${this.targetColumn} is outside the ${this.features} column(s) of the data${this.features === 1 ? ' (use targetColumn: 0 for a single series)' : ''}`,
      );
    }
    if (this.minIndex + this.lookback >= this.maxIndex) {
      throw new Error(
        `${where}: lookback ${this.lookback} is longer than the data allows: minIndex + lookback = ${this.minIndex + this.lookback} must be < maxIndex = ${this.maxIndex} (data has ${rows} rows, delay ${this.delay})`,
      );
    }
    if (this.maxIndex - 1 + this.delay >= rows) {
      throw new Error(
        `${where}: maxIndex ${this.maxIndex} with delay ${this.delay} reaches row ${this.maxIndex - 1 + this.delay}, past the last row ${rows - 1}`,
      );
    }
    assertNoNaN(this.data, this.minIndex, this.maxIndex + this.delay, where);
    this.i = this.minIndex + this.lookback;
  }

  /** Batches that cover [minIndex + lookback, maxIndex) once: the book's `val_steps` formula. */
  get stepsPerPass(): number {
    return Math.floor((this.maxIndex - this.minIndex - this.lookback) / this.batchSize);
  }

  /** Window end rows of the next batch. */
  private nextRows(): number[] {
    const low = this.minIndex + this.lookback;
    if (this.shuffle) {
      const rows = new Array<number>(this.batchSize);
      for (let j = 0; j < this.batchSize; j++) rows[j] = low + this.rng.int(this.maxIndex - low);
      return rows;
    }
    if (this.i + this.batchSize >= this.maxIndex) this.i = low;
    const end = Math.min(this.i + this.batchSize, this.maxIndex);
    const rows: number[] = [];
    for (let r = this.i; r < end; r++) rows.push(r);
    this.i += rows.length;
    return rows;
  }

  /** The next [samples, targets] pair (never done). */
  nextBatch(): [Tensor, Tensor] {
    const rows = this.nextRows();
    const { values } = this.data;
    const features = this.features;
    const steps = this.lookback / this.step;
    const samples = new Float32Array(rows.length * steps * features);
    const targets = new Float32Array(rows.length);
    for (let j = 0; j < rows.length; j++) {
      const row = rows[j]!;
      let out = j * steps * features;
      for (let t = row - this.lookback; t < row; t += this.step) {
        const from = t * features;
        for (let f = 0; f < features; f++) samples[out++] = values[from + f]!;
      }
      targets[j] = values[(row + this.delay) * features + this.targetColumn]!;
    }
    return [new Tensor(samples, [rows.length, steps, features]), new Tensor(targets, [rows.length])];
  }

  next(): IteratorResult<[Tensor, Tensor]> {
    return { value: this.nextBatch(), done: false };
  }

  [Symbol.iterator](): Iterator<[Tensor, Tensor]> {
    return this;
  }

  [Symbol.asyncIterator](): AsyncIterator<[Tensor, Tensor]> {
    return { next: async () => this.next() };
  }
}

/** `generator(data, lookback, delay, min_index, max_index, shuffle, batch_size, step)` from the book. */
export function timeseriesGenerator(data: SeriesInput, options: TimeseriesGeneratorOptions): TimeseriesGenerator {
  return new TimeseriesGenerator(data, options);
}

/**
 * The books' `make_sample(data, window)`: for i in [0, len − window), x[i] = data[i : i + window]
 * and y[i] = data[i + window]. Returns [x [n, window, features], y [n, features]] float32
 * (a 1-D series counts as one feature, so x is ready for an RNN's [batch, time, features] input).
 */
export function makeSamples(data: SeriesInput, window: number): [Tensor, Tensor] {
  const where = 'makeSamples';
  const m = toSeriesMatrix(data, where);
  checkInteger(window, 'window', where, 1);
  const n = m.rows - window;
  if (n <= 0) throw new Error(`${where}: window ${window} leaves no samples: the data has ${m.rows} rows (needs more than ${window})`);
  assertNoNaN(m, 0, m.rows, where);
  const f = m.features;
  const x = new Float32Array(n * window * f);
  const y = new Float32Array(n * f);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < window * f; k++) x[i * window * f + k] = m.values[i * f + k]!;
    for (let k = 0; k < f; k++) y[i * f + k] = m.values[(i + window) * f + k]!;
  }
  return [new Tensor(x, [n, window, f]), new Tensor(y, [n, f])];
}
