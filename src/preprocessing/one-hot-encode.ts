// The textbook's hand-written one-hot encodings (Deep Learning with Python, codes 6-1, 6-2, 6-4):
// word level with a first-seen token index, character level over string.printable, and word
// level through a hash. Each returns [samples, maxLength, width] float32.

import { Tensor } from '../tensor.ts';
import { hashToBucket, type HashFunction } from './text.ts';
import { md5BigInt } from './md5.ts';

/** Python's `string.printable` (100 characters: digits, letters, punctuation, whitespace). */
export const PRINTABLE = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c';

export type OneHotEncodeOptions =
  /** Code 6-1: words = `sample.split()`, indexes 1.. in first-seen order (or your tokenIndex). */
  | { level: 'word'; maxLength: number; tokenIndex?: ReadonlyMap<string, number> }
  /** Code 6-2: characters (code points) indexed 1.. in the order of `characters` (default PRINTABLE). */
  | { level: 'char'; maxLength: number; characters?: string }
  /** Code 6-4: word → hash(word) mod dimensionality (md5 by default; the book's Python `hash` is salted). */
  | { level: 'hash'; maxLength: number; dimensionality: number; hashFunction?: 'md5' | HashFunction };

export interface OneHotEncoding {
  /** [samples, maxLength, width] float32; positions past a sample's end stay all-zero. */
  encoded: Tensor;
  /** token → index (empty for 'hash'). */
  tokenIndex: Map<string, number>;
}

/** Python's `str.split()` with no argument: split on runs of whitespace, no empty tokens. */
function splitWhitespace(text: string): string[] {
  return text.split(/\s+/u).filter((w) => w !== '');
}

/**
 * One-hot encodes samples like the book's codes 6-1 / 6-2 / 6-4. Tokens past maxLength are cut
 * (the book does this for words; for characters it would fail with an IndexError). A token that
 * has no index is an error (numpy would silently set the whole row to 1 through `results[i, j, None]`).
 */
export function oneHotEncode(samples: readonly string[], options: OneHotEncodeOptions): OneHotEncoding {
  const where = 'oneHotEncode';
  if (!Array.isArray(samples)) throw new Error(`${where}: samples must be an array of strings`);
  samples.forEach((s, i) => {
    if (typeof s !== 'string') throw new Error(`${where}: sample ${i} is ${typeof s}, not a string`);
  });
  const { maxLength } = options;
  if (!Number.isInteger(maxLength) || maxLength < 1) throw new Error(`${where}: maxLength must be an integer ≥ 1, got ${maxLength}`);

  let tokens: string[][];
  let tokenIndex: Map<string, number>;
  let width: number;
  let indexOf: (token: string, sample: number, position: number) => number;
  if (options.level === 'word') {
    tokens = samples.map(splitWhitespace);
    if (options.tokenIndex) tokenIndex = new Map(options.tokenIndex);
    else {
      tokenIndex = new Map();
      for (const words of tokens) for (const w of words) if (!tokenIndex.has(w)) tokenIndex.set(w, tokenIndex.size + 1);
    }
    width = Math.max(0, ...tokenIndex.values()) + 1;
    indexOf = (w, s, p) => {
      const i = tokenIndex.get(w);
      if (i === undefined) throw new Error(`${where}: word '${w}' (sample ${s}, position ${p}) is not in the token index`);
      return i;
    };
  } else if (options.level === 'char') {
    const characters = Array.from(options.characters ?? PRINTABLE);
    tokenIndex = new Map(characters.map((c, i) => [c, i + 1]));
    width = Math.max(0, ...tokenIndex.values()) + 1;
    tokens = samples.map((s) => Array.from(s));
    indexOf = (c, s, p) => {
      const i = tokenIndex.get(c);
      if (i === undefined)
        throw new Error(
          `${where}: character '${c}' (sample ${s}, position ${p}) is not in the character set; pass { characters } including it`,
        );
      return i;
    };
  } else if (options.level === 'hash') {
    const { dimensionality } = options;
    if (!Number.isInteger(dimensionality) || dimensionality < 1)
      throw new Error(`${where}: dimensionality must be an integer ≥ 1, got ${dimensionality}`);
    const hash = options.hashFunction === undefined || options.hashFunction === 'md5' ? md5BigInt : options.hashFunction;
    if (typeof hash !== 'function') throw new Error(`${where}: hashFunction must be 'md5' or a function`);
    tokens = samples.map(splitWhitespace);
    tokenIndex = new Map();
    width = dimensionality;
    indexOf = (w) => hashToBucket(hash(w), dimensionality, where);
  } else {
    throw new Error(`${where}: level must be 'word', 'char' or 'hash', got '${String((options as { level: unknown }).level)}'`);
  }

  const out = new Float32Array(samples.length * maxLength * width);
  tokens.forEach((list, s) => {
    const n = Math.min(list.length, maxLength);
    for (let p = 0; p < n; p++) out[(s * maxLength + p) * width + indexOf(list[p]!, s, p)] = 1;
  });
  return { encoded: new Tensor(out, [samples.length, maxLength, width]), tokenIndex };
}
