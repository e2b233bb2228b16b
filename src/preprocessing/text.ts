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

// Splitting is the hot loop of Tokenizer.fitOnTexts (25,000 IMDB reviews = 6 M words), so the
// filter set is compiled once into a lookup table and the text is scanned once.
interface CompiledFilters {
  /** 1 for BMP code units that separate words (filters, and a one-unit split). */
  bmp: Uint8Array;
  /** Astral filter code points (emoji), matched as whole surrogate pairs. */
  astral: Set<number>;
}

const compiledFilters = new Map<string, CompiledFilters>();

function compileFilters(filters: string, split: string): CompiledFilters {
  const key = filters + '\u0000' + split;
  let compiled = compiledFilters.get(key);
  if (!compiled) {
    const bmp = new Uint8Array(65536);
    const astral = new Set<number>();
    for (const ch of filters) {
      const cp = ch.codePointAt(0)!;
      if (cp > 0xffff) astral.add(cp);
      else bmp[cp] = 1;
    }
    bmp[split.charCodeAt(0)] = 1;
    compiled = { bmp, astral };
    if (compiledFilters.size > 64) compiledFilters.clear();
    compiledFilters.set(key, compiled);
  }
  return compiled;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
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
  const s = lower ? text.toLowerCase() : text;
  const words: string[] = [];
  if (split.length === 1 && !isHighSurrogate(split.charCodeAt(0))) {
    // Replace-then-split with a one-unit separator = split at every filter or separator character.
    const { bmp, astral } = compileFilters(filters, split);
    let start = -1;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      let width = 1;
      let separator: boolean;
      if (isHighSurrogate(c) && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        width = 2;
        separator = astral.size > 0 && astral.has(s.codePointAt(i)!);
      } else separator = bmp[c] === 1;
      if (separator) {
        if (start >= 0) words.push(s.slice(start, i));
        start = -1;
      } else if (start < 0) start = i;
      i += width - 1;
    }
    if (start >= 0) words.push(s.slice(start));
    return words;
  }
  // General case (a multi-character split): replace each filter code point, then split.
  let replaced = '';
  for (const ch of s) replaced += filters.includes(ch) ? split : ch;
  for (const part of replaced.split(split)) if (part !== '') words.push(part);
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
  if (typeof hashFunction !== 'function')
    throw new Error(`${where}: hashFunction must be 'md5' or a function, got ${describe(hashFunction)}`);
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
