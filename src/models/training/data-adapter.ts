// Data adapters (Keras' DataAdapter): turn what the user passed — arrays of samples, or a
// dataset/generator of batches — into the same stream of batches, so fit, evaluate and predict each
// have one loop. Arrays are shuffled and sliced here, sample and class weights are applied here,
// and the validation split is taken here; the training loops never look at the kind of data.

import type { Random } from '../../random.ts';
import { Tensor } from '../../tensor.ts';
import { DatasetReader, normalizeBatch, type Dataset, type NormalizedBatch } from '../data.ts';
import { knownLength } from '../../preprocessing/dataset-length.ts';

/**
 * One batch: inputs still as tensor rows (the stepper copies them into the heap), targets gathered.
 * Its arrays are reused by the next batch of the pass.
 */
export interface Batch {
  xs: Tensor[];
  /** The batch's rows of `xs`: order[start..start+count), or start..start+count without an order. */
  order: Int32Array | null;
  start: number;
  count: number;
  /** One array per output (empty for predict). */
  targets: Float32Array[];
  sampleWeight: Float32Array | null;
}

export interface DataAdapter {
  /** Batches per pass, or null when the pass ends with the data. */
  readonly steps: number | null;
  /** Samples per pass, when known (arrays). */
  readonly samples: number | null;
  readonly batchSize: number | null;
  /** One pass (an epoch) over the data; `rng` shuffles arrays when shuffling is on. */
  batches(rng: Random | null): Iterable<Batch> | AsyncIterable<Batch>;
}

/** In-memory samples: the rows of xs/ys, in batches of batchSize, optionally shuffled per pass. */
export class ArrayAdapter implements DataAdapter {
  readonly samples: number;
  readonly steps: number;
  private readonly order: Int32Array;

  constructor(
    readonly xs: Tensor[],
    readonly ys: Tensor[],
    readonly sampleWeight: Float32Array | null,
    readonly batchSize: number,
    private readonly shuffle = false,
  ) {
    this.samples = xs[0]!.shape[0]!;
    this.steps = Math.ceil(this.samples / batchSize);
    this.order = new Int32Array(shuffle ? this.samples : 0);
  }

  *batches(rng: Random | null): Iterable<Batch> {
    const n = this.samples;
    const rows = Math.min(this.batchSize, n);
    const targetScratch = this.ys.map((t) => new Float32Array((t.size / n) * rows));
    const weightScratch = this.sampleWeight && this.shuffle ? new Float32Array(rows) : null;
    const order = this.shuffle ? this.order : null;
    if (order) {
      for (let i = 0; i < n; i++) order[i] = i;
      rng?.shuffle(order);
    }
    for (let b = 0; b < this.steps; b++) {
      const start = b * this.batchSize;
      const count = Math.min(this.batchSize, n - start);
      const targets = this.ys.map((t, i) => gatherRows(t, order, start, count, targetScratch[i]!));
      let sampleWeight: Float32Array | null = null;
      if (this.sampleWeight && order) {
        sampleWeight = weightScratch!.subarray(0, count);
        for (let r = 0; r < count; r++) sampleWeight[r] = this.sampleWeight[order[start + r]!]!;
      } else if (this.sampleWeight) sampleWeight = this.sampleWeight.subarray(start, start + count);
      yield { xs: this.xs, order, start, count, targets, sampleWeight };
    }
  }

  /** Holds out the last `fraction` of the samples (taken before any shuffling), as Keras does. */
  splitValidation(fraction: number, where: string): [ArrayAdapter, ArrayAdapter] {
    if (!(fraction > 0 && fraction < 1)) throw new Error(`${where}: validationSplit must be in (0, 1), got ${fraction}`);
    const n = this.samples;
    const at = Math.floor(n * (1 - fraction));
    if (at === 0 || at === n)
      throw new Error(`${where}: validationSplit ${fraction} of ${n} samples leaves an empty training or validation set`);
    const sw = this.sampleWeight;
    const part = (from: number, to: number | undefined, shuffle: boolean): ArrayAdapter =>
      new ArrayAdapter(
        this.xs.map((t) => t.slice(from, to)),
        this.ys.map((t) => t.slice(from, to)),
        sw ? sw.subarray(from, to) : null,
        this.batchSize,
        shuffle,
      );
    return [part(0, at, this.shuffle), part(at, undefined, false)];
  }
}

export interface DatasetAdapterOptions {
  /** Batches per pass; null: until the dataset ends (a finite dataset starts over each pass). */
  steps: number | null;
  /** fit's stepsPerEpoch: passes continue where the last one stopped and wrap around once. */
  continueAcrossPasses?: boolean;
  /** predict needs no targets. */
  needTargets: boolean;
  numInputs: number;
  where: string;
  /** Called on each batch's inputs before use (builds the model, checks shapes). */
  checkInputs(xs: Tensor[]): void;
  /** Turns a batch's targets and given weights into per-sample weights (class weights). */
  weigh?(ys: Tensor[], sampleWeight: Tensor | null): Float32Array | null;
}

/** A dataset (any (async) iterable or iterator of batches, the books' fit_generator). */
export class DatasetAdapter implements DataAdapter {
  readonly samples = null;
  readonly batchSize = null;
  readonly steps: number | null;
  /** Set when a pass of `steps` batches found the data exhausted: the batches it got. */
  ranOutAfter: number | null = null;
  private readonly reader: DatasetReader<unknown>;

  constructor(
    dataset: Dataset<unknown>,
    private readonly options: DatasetAdapterOptions,
  ) {
    this.reader = new DatasetReader<unknown>(dataset);
    this.steps = options.steps ?? knownLength(dataset); // for progress and params; batches() iterates by options.steps
  }

  async *batches(): AsyncIterable<Batch> {
    const { steps, continueAcrossPasses } = this.options;
    this.ranOutAfter = null;
    if (steps === null || !continueAcrossPasses) this.reader.restart();
    for (let b = 0; steps === null || b < steps; b++) {
      let raw = await this.reader.next();
      if (raw === null && steps !== null && continueAcrossPasses) {
        this.reader.restart(); // re-iterable datasets start over; exhausted generators stay empty
        raw = await this.reader.next();
      }
      if (raw === null) {
        if (steps !== null && continueAcrossPasses) this.ranOutAfter = b;
        return;
      }
      yield this.toBatch(normalizeBatch(raw, this.options.needTargets, this.options.numInputs, this.options.where));
    }
  }

  private toBatch(batch: NormalizedBatch): Batch {
    this.options.checkInputs(batch.xs);
    const count = batch.xs[0]!.shape[0]!;
    const targets = batch.ys.map((t) => gatherRows(t, null, 0, count, null));
    const sampleWeight = this.options.weigh
      ? this.options.weigh(batch.ys, batch.sampleWeight)
      : batch.sampleWeight
        ? Float32Array.from(batch.sampleWeight.dataSync())
        : null;
    return { xs: batch.xs, order: null, start: 0, count, targets, sampleWeight };
  }
}

/** Rows of t (in `order`, or contiguous from `start`) as float32, in `scratch` when it is big enough. */
function gatherRows(t: Tensor, order: Int32Array | null, start: number, count: number, scratch: Float32Array | null): Float32Array {
  const rowSize = t.size / t.shape[0]!;
  const length = rowSize * count;
  const out = scratch && scratch.length >= length ? scratch.subarray(0, length) : new Float32Array(length);
  const src = t.dataSync();
  if (!order) out.set(src.subarray(start * rowSize, (start + count) * rowSize));
  else {
    for (let r = 0; r < count; r++) {
      const from = order[start + r]! * rowSize;
      out.set(src.subarray(from, from + rowSize), r * rowSize);
    }
  }
  return out;
}

/**
 * Per-sample weights: the given ones times the class weight of each sample's class (targets of one
 * unit or class ids: the value; one-hot: the argmax). Null when neither is given.
 */
export function sampleWeights(
  ys: Tensor[],
  sampleWeight: Tensor | null | undefined,
  classWeight: Record<number, number> | undefined,
): Float32Array | null {
  const n = ys[0]!.shape[0]!;
  let w: Float32Array | null = null;
  if (sampleWeight) {
    if (sampleWeight.size !== n) throw new Error(`sampleWeight has ${sampleWeight.size} values for ${n} samples`);
    w = Float32Array.from(sampleWeight.dataSync());
  }
  if (classWeight) {
    w ??= new Float32Array(n).fill(1);
    const y = ys[0]!;
    const data = y.dataSync();
    const row = y.size / n;
    for (let i = 0; i < n; i++) {
      let cls: number;
      if (row === 1) cls = Math.round(data[i]!);
      else {
        cls = 0;
        for (let j = 1; j < row; j++) if (data[i * row + j]! > data[i * row + cls]!) cls = j;
      }
      w[i] = w[i]! * (classWeight[cls] ?? 1);
    }
  }
  return w;
}
