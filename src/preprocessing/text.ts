// Keras' word splitting and the hashing trick (keras/src/legacy/preprocessing/text.py).
// Strings are handled as Unicode code points, like Python's str: a filter character outside
// the BMP (an emoji) is one filter, not two UTF-16 halves.

import { md5BigInt } from './md5.ts';

/** Keras' default `filters`: ASCII punctuation, tab and newline (note: no apostrophe `'`). */
export const DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

export interface WordSplitOptions {
  /** Characters replaced by `split` before splitting (default: DEFAULT_FILTERS). */
  filters?: string;
  /** Lower-case the text first (default true). */
  lower?: boolean;
  /** Separator (default ' '). */
  split?: string;
}

const filterPatterns = new Map<string, RegExp>();

function filterPattern(filters: string): RegExp | null {
  if (filters === '') return null;
  let pattern = filterPatterns.get(filters);
  if (!pattern) {
    const chars = Array.from(new Set(Array.from(filters)));
    const escaped = chars.map((c) => c.replace(/[\\\]\[^\-]/g, '\\$&')).join('');
    pattern = new RegExp(`[${escaped}]`, 'gu');
    filterPatterns.set(filters, pattern);
  }
  return pattern;
}

/**
 * `text_to_word_sequence`: lower-case, replace every filter character by `split`, split on
 * `split`, drop empty tokens. `textToWordSequence('The cat sat on the mat.')` →
 * `['the', 'cat', 'sat', 'on', 'the', 'mat']`.
 */
export function textToWordSequence(text: string, options: WordSplitOptions = {}): string[] {
  const { filters = DEFAULT_FILTERS, lower = true, split = ' ' } = options;
  if (typeof text !== 'string') throw new Error(`textToWordSequence: expected a string, got ${describe(text)}`);
  if (split === '') throw new Error("textToWordSequence: split must not be empty (Python's str.split raises 'empty separator')");
  let s = lower ? text.toLowerCase() : text;
  const pattern = filterPattern(filters);
  if (pattern) s = s.replace(pattern, () => split);
  const parts = s.split(split);
  const words: string[] = [];
  for (const part of parts) if (part !== '') words.push(part);
  return words;
}

/** A word hash: an integer (number or bigint); taken modulo n−1 the Python way (never negative). */
export type HashFunction = (word: string) => number | bigint;

export interface HashingTrickOptions extends WordSplitOptions {
  /**
   * 'md5' (default; Keras' deterministic option: the digest read as a 128-bit integer) or your own
   * function. Keras' default is Python's built-in `hash`, which is salted per process and so
   * cannot be reproduced; sunhwan defaults to md5 so results are the same on every run.
   */
  hashFunction?: 'md5' | HashFunction;
  /** Replaces the word splitting (Keras' `analyzer`). */
  analyzer?: (text: string) => string[];
}

/** `word → hash(word) mod m`, with Python's non-negative modulo. */
export function hashToBucket(hash: number | bigint, modulus: number, where: string): number {
  if (typeof hash === 'bigint') {
    const m = BigInt(modulus);
    return Number(((hash % m) + m) % m);
  }
  if (!Number.isSafeInteger(hash)) {
    throw new Error(`${where}: the hash function returned ${hash}, which is not a safe integer (return an integer or a bigint)`);
  }
  return ((hash % modulus) + modulus) % modulus;
}

function resolveHash(hashFunction: 'md5' | HashFunction | undefined, where: string): HashFunction {
  if (hashFunction === undefined || hashFunction === 'md5') return md5BigInt;
  if (typeof hashFunction !== 'function') throw new Error(`${where}: hashFunction must be 'md5' or a function, got ${describe(hashFunction)}`);
  return hashFunction;
}

/**
 * `hashing_trick(text, n)`: each word becomes `hash(word) % (n − 1) + 1`, an index in [1, n − 1]
 * (0 stays reserved for padding). Collisions are possible; that is the trade-off.
 */
export function hashingTrick(text: string, n: number, options: HashingTrickOptions = {}): number[] {
  if (!Number.isInteger(n) || n < 2) throw new Error(`hashingTrick: n must be an integer ≥ 2 (indexes are hash % (n − 1) + 1), got ${n}`);
  const hash = resolveHash(options.hashFunction, 'hashingTrick');
  const words = options.analyzer ? options.analyzer(text) : textToWordSequence(text, options);
  return words.map((w) => hashToBucket(hash(w), n - 1, 'hashingTrick') + 1);
}

/**
 * `one_hot(text, n)`: the hashing trick with the default hash. Keras uses Python's salted `hash`
 * here; sunhwan uses md5 so the indexes are reproducible. Returns word indexes in [1, n − 1].
 */
export function oneHot(text: string, n: number, options: Omit<HashingTrickOptions, 'hashFunction'> = {}): number[] {
  if (!Number.isInteger(n) || n < 2) throw new Error(`oneHot: n must be an integer ≥ 2, got ${n}`);
  return hashingTrick(text, n, options);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
