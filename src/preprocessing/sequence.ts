// keras.utils.pad_sequences and keras.utils.to_categorical.

import { Tensor, type DType, type NestedArray } from '../tensor.ts';
import { describe } from './text.ts';

export interface PadSequencesOptions {
  /** Output length; default: the longest sequence. */
  maxlen?: number | null;
  /** Where padding goes: 'pre' (default, Keras) or 'post'. */
  padding?: 'pre' | 'post';
  /** Which end is cut from longer sequences: 'pre' (default: keeps the last maxlen) or 'post'. */
  truncating?: 'pre' | 'post';
  /** Padding value (default 0). */
  value?: number;
  /** 'int32' (default) or 'float32'. */
  dtype?: DType;
}

type Sequence = ArrayLike<number> | ArrayLike<ArrayLike<number>>;

/**
 * Pads (and truncates) sequences to one length: Tensor [N, maxlen] (or [N, maxlen, F] for
 * sequences of F-vectors), exactly as Keras' `pad_sequences`:
 * - maxlen defaults to the longest sequence; an empty sequence becomes all padding;
 * - no sequences and no maxlen is an error (numpy cannot take the max of nothing), no sequences
 *   with a maxlen gives shape [0, maxlen];
 * - maxlen 0 gives [N, 0] when every sequence is empty or truncating is 'post'; with truncating
 *   'pre' Keras fails (Python's `s[-0:]` keeps the whole sequence), and so does this function,
 *   with an explanation;
 * - int32 output truncates fractional values toward zero (numpy's cast); NaN is an error.
 */
export function padSequences(sequences: readonly Sequence[], options: PadSequencesOptions = {}): Tensor {
  const { padding = 'pre', truncating = 'pre', value = 0, dtype = 'int32' } = options;
  if (!Array.isArray(sequences) && !ArrayBuffer.isView(sequences)) {
    throw new Error(`padSequences: sequences must be an array of sequences, got ${describe(sequences)}`);
  }
  if (padding !== 'pre' && padding !== 'post') throw new Error(`padSequences: padding must be 'pre' or 'post', got '${String(padding)}'`);
  if (truncating !== 'pre' && truncating !== 'post')
    throw new Error(`padSequences: truncating must be 'pre' or 'post', got '${String(truncating)}'`);
  if (dtype !== 'int32' && dtype !== 'float32') throw new Error(`padSequences: dtype must be 'int32' or 'float32', got '${String(dtype)}'`);
  if (typeof value !== 'number' || Number.isNaN(value)) throw new Error(`padSequences: value must be a number, got ${String(value)}`);
  if (dtype === 'int32' && !Number.isFinite(value)) throw new Error(`padSequences: value ${value} cannot be stored as int32`);

  // Feature width from the first non-empty sequence (Keras' sample_shape).
  let features = 0; // 0 = sequences of scalars
  let longest = 0;
  let shapeFound = false;
  sequences.forEach((seq, s) => {
    if (seq == null || typeof seq !== 'object' || typeof (seq as ArrayLike<unknown>).length !== 'number') {
      throw new Error(`padSequences: sequence ${s} is ${describe(seq)}, not an array`);
    }
    longest = Math.max(longest, seq.length);
    if (!shapeFound && seq.length > 0) {
      shapeFound = true;
      const first = (seq as ArrayLike<unknown>)[0];
      if (typeof first === 'object' && first !== null) features = (first as ArrayLike<number>).length;
    }
  });
  let maxlen: number;
  if (options.maxlen === undefined || options.maxlen === null) {
    if (sequences.length === 0) throw new Error('padSequences: no sequences and no maxlen, so the length cannot be inferred; pass maxlen');
    maxlen = longest;
  } else {
    maxlen = options.maxlen;
    if (!Number.isInteger(maxlen) || maxlen < 0) throw new Error(`padSequences: maxlen must be an integer ≥ 0, got ${maxlen}`);
  }
  const width = Math.max(features, 1);
  const rowSize = maxlen * width;
  const out = dtype === 'int32' ? new Int32Array(sequences.length * rowSize) : new Float32Array(sequences.length * rowSize);
  const padValue = dtype === 'int32' ? Math.trunc(value) : value;
  if (padValue !== 0) out.fill(padValue);

  const store = (s: number, p: number, x: unknown, at: number): void => {
    if (typeof x !== 'number') throw new Error(`padSequences: sequence ${s} has ${describe(x)} at position ${p}, not a number`);
    if (Number.isNaN(x)) throw new Error(`padSequences: sequence ${s} contains NaN at position ${p}`);
    if (dtype === 'int32') {
      const t = Math.trunc(x);
      if (t > 2147483647 || t < -2147483648)
        throw new Error(`padSequences: sequence ${s} has ${x} at position ${p}, outside the int32 range`);
      out[at] = t;
    } else out[at] = x;
  };

  sequences.forEach((seq, s) => {
    const n = seq.length;
    if (n === 0) return;
    let from: number;
    let count: number;
    if (truncating === 'pre') {
      // Python's s[-maxlen:]; with maxlen 0 that is the whole sequence, which cannot fit.
      if (maxlen === 0) {
        throw new Error(
          `padSequences: maxlen 0 with truncating 'pre' cannot hold sequence ${s} (Keras fails here too: s[-0:] keeps the whole sequence); use truncating 'post' or maxlen ≥ 1`,
        );
      }
      from = Math.max(0, n - maxlen);
      count = n - from;
    } else {
      from = 0;
      count = Math.min(n, maxlen);
    }
    const startColumn = padding === 'post' ? 0 : maxlen - count;
    const base = s * rowSize + startColumn * width;
    if (features === 0) {
      for (let k = 0; k < count; k++) store(s, from + k, (seq as ArrayLike<unknown>)[from + k], base + k);
    } else {
      for (let k = 0; k < count; k++) {
        const step = (seq as ArrayLike<unknown>)[from + k] as ArrayLike<number>;
        if (step == null || typeof step !== 'object' || step.length !== features) {
          throw new Error(
            `padSequences: sequence ${s} position ${from + k} should be a vector of ${features} values (the shape of the first non-empty sequence), got ${describe(step)}${step && typeof step === 'object' ? ` of length ${step.length}` : ''}`,
          );
        }
        for (let f = 0; f < features; f++) store(s, from + k, step[f], base + k * width + f);
      }
    }
  });
  return new Tensor(out, features === 0 ? [sequences.length, maxlen] : [sequences.length, maxlen, features]);
}

/**
 * `to_categorical(labels, numClasses)`: integer class labels → float32 one-hot, shape
 * labels.shape + [numClasses] (a trailing dimension of 1 is dropped first, as in Keras).
 * numClasses defaults to max(label) + 1.
 */
export function toCategorical(labels: ArrayLike<number> | NestedArray | Tensor, numClasses?: number | null): Tensor {
  let flat: ArrayLike<number>;
  let shape: number[];
  if (labels instanceof Tensor) {
    flat = labels.dataSync();
    shape = [...labels.shape];
  } else if (typeof labels === 'number') {
    flat = [labels];
    shape = [];
  } else {
    const values: number[] = [];
    shape = [];
    let probe: unknown = labels;
    while (Array.isArray(probe) || ArrayBuffer.isView(probe)) {
      shape.push((probe as ArrayLike<unknown>).length);
      probe = (probe as ArrayLike<unknown>)[0];
    }
    const walk = (v: unknown, depth: number, path: string): void => {
      if (depth === shape.length) {
        if (typeof v !== 'number') throw new Error(`toCategorical: label at ${path} is ${describe(v)}, not a number`);
        values.push(v);
        return;
      }
      const arr = v as ArrayLike<unknown>;
      if (arr == null || typeof arr !== 'object' || arr.length !== shape[depth])
        throw new Error(`toCategorical: ragged labels at ${path || 'top level'}`);
      for (let i = 0; i < arr.length; i++) walk(arr[i], depth + 1, `${path}[${i}]`);
    };
    walk(labels, 0, '');
    flat = values;
  }
  if (shape.length > 1 && shape[shape.length - 1] === 1) shape = shape.slice(0, -1);
  for (let i = 0; i < flat.length; i++) {
    const y = flat[i]!;
    if (!Number.isInteger(y) || y < 0) throw new Error(`toCategorical: label ${i} is ${y}; labels must be integers ≥ 0`);
  }
  let classes: number;
  if (numClasses === undefined || numClasses === null || numClasses === 0) {
    if (flat.length === 0) throw new Error('toCategorical: no labels and no numClasses; pass numClasses');
    classes = 0;
    for (let i = 0; i < flat.length; i++) classes = Math.max(classes, flat[i]! + 1);
  } else {
    if (!Number.isInteger(numClasses) || numClasses < 1)
      throw new Error(`toCategorical: numClasses must be an integer ≥ 1, got ${numClasses}`);
    classes = numClasses;
  }
  const out = new Float32Array(flat.length * classes);
  for (let i = 0; i < flat.length; i++) {
    const y = flat[i]!;
    if (y >= classes) throw new Error(`toCategorical: label ${i} is ${y}, but numClasses is ${classes} (labels must be < numClasses)`);
    out[i * classes + y] = 1;
  }
  return new Tensor(out, [...shape, classes]);
}
