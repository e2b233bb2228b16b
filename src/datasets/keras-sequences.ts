// The steps Keras' imdb/reuters `load_data` apply to integer sequences after shuffling:
// start character and index offset, dropping long sequences, the vocabulary cut-off.
// Follows keras/src/datasets/imdb.py and reuters.py step by step, quirks included
// (e.g. `skipTop > startChar` turns the start character into the OOV character, as in Keras).
import { Tensor } from '../tensor.ts';

export interface KerasSequenceOptions {
  /** Keep words with index < numWords (after the offset); others become oovChar. Default: all. */
  numWords?: number;
  /** Words with index < skipTop (after the offset) become oovChar. Default 0. */
  skipTop?: number;
  /** Drop sequences whose length (with the start character) is not below maxlen. */
  maxlen?: number;
  /** Marks the start of every sequence; null for none. Default 1. */
  startChar?: number | null;
  /** Replaces cut-off words; null drops them instead. Default 2. */
  oovChar?: number | null;
  /** Added to every word's rank. Default 3 (0 = padding, 1 = start, 2 = OOV). */
  indexFrom?: number;
}

export function checkSequenceOptions(name: string, o: KerasSequenceOptions): void {
  const positiveInt = (key: keyof KerasSequenceOptions, v: number | null | undefined, min: number) => {
    if (v !== undefined && v !== null && (!Number.isInteger(v) || v < min)) {
      throw new Error(`${name}: ${key} must be an integer >= ${min}, got ${v}`);
    }
  };
  positiveInt('numWords', o.numWords, 1);
  positiveInt('skipTop', o.skipTop, 0);
  positiveInt('maxlen', o.maxlen, 1);
  positiveInt('startChar', o.startChar, 0);
  positiveInt('oovChar', o.oovChar, 0);
  positiveInt('indexFrom', o.indexFrom, 0);
}

/** `[start_char] + [w + index_from for w in x]` for every sequence. */
export function offsetSequences(ranks: readonly ArrayLike<number>[], startChar: number | null, indexFrom: number): number[][] {
  return ranks.map((x) => {
    const out: number[] = startChar === null ? new Array(x.length) : new Array(x.length + 1);
    let k = 0;
    if (startChar !== null) out[k++] = startChar;
    for (let i = 0; i < x.length; i++) out[k++] = x[i]! + indexFrom;
    return out;
  });
}

/** Keras' remove_long_seq: keeps sequences with length < maxlen. */
export function removeLongSequences(maxlen: number, xs: number[][], labels: ArrayLike<number>): [number[][], number[]] {
  const keptX: number[][] = [];
  const keptY: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (xs[i]!.length < maxlen) {
      keptX.push(xs[i]!);
      keptY.push(labels[i]!);
    }
  }
  return [keptX, keptY];
}

/** Out-of-range words become oovChar (or are dropped when oovChar is null), as in Keras. */
export function capVocabulary(xs: number[][], numWords: number | undefined, skipTop: number, oovChar: number | null): number[][] {
  let limit = numWords;
  if (limit === undefined) {
    // Keras: `num_words = max(max(x) for x in xs)`, then keeps `w < num_words`, so the single
    // largest index becomes OOV even without a cut-off. Kept for identical sequences.
    limit = 0;
    for (const x of xs) for (const w of x) if (w > limit) limit = w;
  }
  return xs.map((x) => {
    if (oovChar === null) return x.filter((w) => w >= skipTop && w < limit!);
    for (let i = 0; i < x.length; i++) if (x[i]! < skipTop || x[i]! >= limit!) x[i] = oovChar;
    return x;
  });
}

export function labelTensor(labels: ArrayLike<number>): Tensor {
  return new Tensor(Int32Array.from(labels), [labels.length]);
}
