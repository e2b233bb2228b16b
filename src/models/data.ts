// Input plumbing for fit/evaluate/predict: what counts as data (a Tensor, a list of Tensors
// for several inputs, or a dataset = any (async) iterable / iterator of [x, y] batches, the
// books' fit_generator), and the checks that give clear errors before training starts.

import { Tensor } from '../tensor.ts';

export type TensorOrList = Tensor | Tensor[];

/** One batch from a dataset: [x, y], [x, y, sampleWeight], or {xs, ys}. predict() also accepts bare x. */
export type DatasetBatch =
  [TensorOrList, TensorOrList] | [TensorOrList, TensorOrList, Tensor] | { xs: TensorOrList; ys?: TensorOrList; sampleWeight?: Tensor };

export type Dataset<T = DatasetBatch> = Iterable<T> | AsyncIterable<T> | Iterator<T> | AsyncIterator<T>;

export interface NormalizedBatch {
  xs: Tensor[];
  ys: Tensor[];
  sampleWeight: Tensor | null;
}

export function toList(x: TensorOrList, what: string): Tensor[] {
  const list = Array.isArray(x) ? x : [x];
  list.forEach((t, i) => {
    if (!(t instanceof Tensor)) {
      throw new Error(`${what}${list.length > 1 ? `[${i}]` : ''} must be a Tensor (make one with tensor(...)), got ${describe(t)}`);
    }
  });
  return list;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `a JS array of length ${v.length}`;
  return typeof v === 'object' ? ((v as object).constructor?.name ?? 'an object') : typeof v;
}

/** True for iterables/iterators of batches (not a Tensor or a list of Tensors). */
export function isDataset(x: unknown): x is Dataset<unknown> {
  if (x === null || typeof x !== 'object' || x instanceof Tensor) return false;
  if (Array.isArray(x)) return x.length > 0 && !(x[0] instanceof Tensor);
  const o = x as Record<PropertyKey, unknown>;
  return typeof o[Symbol.asyncIterator] === 'function' || typeof o[Symbol.iterator] === 'function' || typeof o.next === 'function';
}

/**
 * Reads batches from a dataset. `restart()` asks the source for a fresh iterator (a re-iterable
 * dataset starts over; a generator object continues where it was, as Keras' generators do).
 */
export class DatasetReader<T> {
  private iterator: Iterator<T> | AsyncIterator<T> | null = null;

  constructor(private readonly source: Dataset<T>) {}

  restart(): void {
    const s = this.source as unknown as Record<PropertyKey, unknown>;
    if (typeof s[Symbol.asyncIterator] === 'function') this.iterator = (s[Symbol.asyncIterator] as () => AsyncIterator<T>).call(s);
    else if (typeof s[Symbol.iterator] === 'function') this.iterator = (s[Symbol.iterator] as () => Iterator<T>).call(s);
    else this.iterator = this.source as Iterator<T>;
  }

  /** The next batch, or null when the source is exhausted. */
  async next(): Promise<T | null> {
    if (!this.iterator) this.restart();
    const r = await this.iterator!.next();
    return r.done ? null : r.value;
  }
}

/** Accepts the batch shapes a dataset may yield, for a model with `numInputs` inputs. */
export function normalizeBatch(batch: unknown, needTargets: boolean, numInputs: number, where: string): NormalizedBatch {
  let xs: TensorOrList;
  let ys: TensorOrList | undefined;
  let sw: Tensor | undefined;
  if (batch instanceof Tensor) xs = batch;
  else if (Array.isArray(batch)) {
    const pairLike = batch.length >= 2 && batch.length <= 3 && (numInputs === 1 ? batch[0] instanceof Tensor : Array.isArray(batch[0]));
    if (pairLike) [xs, ys, sw] = batch as [TensorOrList, TensorOrList, Tensor?];
    else xs = batch as Tensor[];
  } else if (batch && typeof batch === 'object' && 'xs' in batch)
    ({ xs, ys, sampleWeight: sw } = batch as { xs: TensorOrList; ys?: TensorOrList; sampleWeight?: Tensor });
  else throw new Error(`${where}: each dataset element must be [x, y] (or {xs, ys}), got ${describe(batch)}`);
  if (needTargets && ys === undefined) throw new Error(`${where}: each dataset element must be [x, y]; got no y`);
  const norm: NormalizedBatch = {
    xs: toList(xs, `${where}: batch x`),
    ys: ys === undefined ? [] : toList(ys, `${where}: batch y`),
    sampleWeight: sw ?? null,
  };
  checkRows(norm.xs, norm.ys, norm.sampleWeight, where);
  return norm;
}

/** All inputs, targets and weights must have the same number of samples (first dimension). */
export function checkRows(xs: Tensor[], ys: Tensor[], sampleWeight: Tensor | null, where: string): number {
  const rows = (t: Tensor): number => (t.rank === 0 ? 1 : t.shape[0]!);
  const n = rows(xs[0]!);
  xs.forEach((t, i) => {
    if (t.rank === 0) throw new Error(`${where}: x${xs.length > 1 ? `[${i}]` : ''} is a scalar; it needs a batch dimension`);
    if (rows(t) !== n) throw new Error(`${where}: x[0] has ${n} samples but x[${i}] has ${rows(t)}`);
  });
  ys.forEach((t, i) => {
    if (rows(t) !== n)
      throw new Error(
        `${where}: x has ${n} samples but y${ys.length > 1 ? `[${i}]` : ''} has ${rows(t)} (the first dimensions must match)`,
      );
  });
  if (sampleWeight && rows(sampleWeight) !== n) throw new Error(`${where}: x has ${n} samples but sampleWeight has ${rows(sampleWeight)}`);
  if (n === 0) throw new Error(`${where}: x has 0 samples`);
  return n;
}
