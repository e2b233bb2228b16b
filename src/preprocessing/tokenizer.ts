// Keras' Tokenizer (keras/src/legacy/preprocessing/text.py), reproduced rule for rule:
// - word_index is ordered by count, descending; ties keep first-seen order (stable sort).
// - index 0 is reserved; an oovToken is forced to index 1.
// - with numWords, only indexes < numWords survive (numWords − 1 words), others map to the OOV
//   index when there is one, or are dropped.
// - charLevel iterates Unicode code points (as Python iterates a str), so an emoji or a Hangul
//   syllable is one token. Text is not Unicode-normalised (Keras does not); normalise NFD input
//   with `text.normalize('NFC')` first.
// Maps (not plain objects) hold the vocabularies, so words like "constructor" are safe.

import { Tensor } from '../tensor.ts';
import { DEFAULT_FILTERS, describe, textToWordSequence } from './text.ts';
import { pythonJsonDumps } from './python-json.ts';
import { parseOrderedJsonObject } from './ordered-json.ts';
import { forEachWord, separatorTable, WordTable } from './word-table.ts';

export interface TokenizerOptions {
  /** Keep only the numWords − 1 most frequent words (index < numWords). Default: all. */
  numWords?: number | null;
  filters?: string;
  lower?: boolean;
  split?: string;
  /** Every character (code point) is a token; filters and split are not applied. */
  charLevel?: boolean;
  /** Token for out-of-vocabulary words, given index 1. */
  oovToken?: string | null;
  /** Replaces the word splitting for string texts. */
  analyzer?: (text: string) => string[];
  documentCount?: number;
}

export type MatrixMode = 'binary' | 'count' | 'freq' | 'tfidf';
/** A text, or an already tokenised text (a list of tokens, used as is apart from lower-casing). */
export type TextInput = string | readonly string[];

export class Tokenizer {
  readonly numWords: number | null;
  readonly filters: string;
  readonly lower: boolean;
  readonly split: string;
  readonly charLevel: boolean;
  readonly oovToken: string | null;
  readonly analyzer: ((text: string) => string[]) | undefined;
  documentCount: number;
  /** index → number of documents containing it (used by tfidf). */
  indexDocs = new Map<number, number>();
  // Counts per word id (ids = first-seen order in `vocabulary`); see word-table.ts for why.
  private vocabulary = new WordTable();
  private counts: number[] = [];
  private docs: number[] = [];
  private lastDoc: number[] = [];
  private documentSerial = 0;
  /** Word separators for the one-pass scanner, or null when only textToWordSequence is exact. */
  private readonly separators: Uint8Array | null;
  private countsView: Map<string, number> | null = null;
  private docsView: Map<string, number> | null = null;
  /** word → index (1-based, by frequency). */
  wordIndex = new Map<string, number>();
  /** index → word. */
  indexWord = new Map<number, string>();

  constructor(options: TokenizerOptions = {}) {
    const { numWords = null, filters = DEFAULT_FILTERS, lower = true, split = ' ', charLevel = false, oovToken = null } = options;
    if (numWords !== null && (!Number.isInteger(numWords) || numWords < 1)) {
      throw new Error(`Tokenizer: numWords must be an integer ≥ 1 (or null for all words), got ${numWords}`);
    }
    if (typeof filters !== 'string') throw new Error(`Tokenizer: filters must be a string, got ${describe(filters)}`);
    if (typeof split !== 'string' || split === '') throw new Error('Tokenizer: split must be a non-empty string');
    if (oovToken !== null && typeof oovToken !== 'string')
      throw new Error(`Tokenizer: oovToken must be a string or null, got ${describe(oovToken)}`);
    this.numWords = numWords;
    this.filters = filters;
    this.lower = lower;
    this.split = split;
    this.charLevel = charLevel;
    this.oovToken = oovToken;
    this.analyzer = options.analyzer;
    this.documentCount = options.documentCount ?? 0;
    this.separators = charLevel || options.analyzer ? null : separatorTable(filters, split);
  }

  /** The tokens of one text, exactly as Keras splits it. */
  tokenize(text: TextInput, position = 0): string[] {
    if (Array.isArray(text)) {
      return text.map((token, i) => {
        if (typeof token !== 'string') throw new Error(`Tokenizer: text ${position} token ${i} is ${describe(token)}, not a string`);
        return this.lower ? token.toLowerCase() : token;
      });
    }
    if (typeof text !== 'string') throw new Error(`Tokenizer: text ${position} is ${describe(text)}, not a string or a list of tokens`);
    if (this.charLevel) return Array.from(this.lower ? text.toLowerCase() : text);
    if (this.analyzer) return this.analyzer(text);
    return textToWordSequence(text, { filters: this.filters, lower: this.lower, split: this.split });
  }

  /** word → number of occurrences, in first-seen order (a read-only view). */
  get wordCounts(): Map<string, number> {
    if (!this.countsView) {
      this.countsView = new Map();
      this.vocabulary.words.forEach((w, id) => {
        if (this.counts[id]! > 0) this.countsView!.set(w, this.counts[id]!);
      });
    }
    return this.countsView;
  }

  /** word → number of documents containing it (a read-only view). */
  get wordDocs(): Map<string, number> {
    if (!this.docsView) {
      this.docsView = new Map();
      this.vocabulary.words.forEach((w, id) => {
        if (this.docs[id]! > 0) this.docsView!.set(w, this.docs[id]!);
      });
    }
    return this.docsView;
  }

  private idOf(word: string): number {
    let id = this.vocabulary.findWord(word);
    if (id < 0) {
      id = this.vocabulary.add(word);
      this.counts.push(0);
      this.docs.push(0);
      this.lastDoc.push(-1);
    }
    return id;
  }

  /** Replaces the counts (used when loading a saved tokenizer). */
  private loadCounts(counts: Iterable<[string, number]>, docs: Iterable<[string, number]>): void {
    this.vocabulary = new WordTable();
    this.counts = [];
    this.docs = [];
    this.lastDoc = [];
    for (const [w, count] of counts) this.counts[this.idOf(w)] = count;
    for (const [w, d] of docs) this.docs[this.idOf(w)] = d;
    this.countsView = this.docsView = null;
  }

  /** Counts words and documents, then rebuilds wordIndex. Can be called repeatedly (counts accumulate). */
  fitOnTexts(texts: Iterable<TextInput>): this {
    checkIterable(texts, 'fitOnTexts', 'texts');
    const { vocabulary, counts, docs, lastDoc, separators } = this;
    let serial = 0;
    // Keras adds 1 per word of set(seq); lastDoc marks "already counted in this document".
    const count = (id: number): void => {
      counts[id]++;
      if (lastDoc[id] !== serial) {
        lastDoc[id] = serial;
        docs[id]++;
      }
    };
    let position = 0;
    for (const text of texts) {
      this.documentCount++;
      serial = this.documentSerial++;
      if (separators && typeof text === 'string') {
        const s = this.lower ? text.toLowerCase() : text;
        forEachWord(s, separators, (start, end, hash) => {
          let id = vocabulary.find(s, start, end, hash);
          if (id < 0) {
            id = vocabulary.add(s.slice(start, end), hash);
            counts.push(0);
            docs.push(0);
            lastDoc.push(-1);
          }
          count(id);
        });
        position++;
      } else {
        for (const w of this.tokenize(text, position++)) count(this.idOf(w));
      }
    }
    this.countsView = this.docsView = null;
    const ids: number[] = [];
    for (let id = 0; id < counts.length; id++) if (counts[id]! > 0) ids.push(id);
    ids.sort((a, b) => counts[b]! - counts[a]!); // stable: ties keep first-seen order
    const sortedVocabulary = this.oovToken === null ? [] : [this.oovToken];
    for (const id of ids) sortedVocabulary.push(vocabulary.words[id]!);
    // Like Python's dict(zip(...)): if the OOV token also occurs in the texts, its later index wins.
    this.wordIndex = new Map();
    sortedVocabulary.forEach((w, i) => this.wordIndex.set(w, i + 1));
    this.indexWord = new Map();
    for (const [w, i] of this.wordIndex) this.indexWord.set(i, w);
    vocabulary.words.forEach((w, id) => {
      if (docs[id]! > 0) this.indexDocs.set(this.wordIndex.get(w)!, docs[id]!);
    });
    return this;
  }

  /** Updates document counts per index from integer sequences (for tfidf without texts). */
  fitOnSequences(sequences: readonly ArrayLike<number>[]): this {
    if (!Array.isArray(sequences)) throw new Error(`fitOnSequences: sequences must be an array, got ${describe(sequences)}`);
    this.documentCount += sequences.length;
    sequences.forEach((seq, s) => {
      const seen = new Set<number>();
      for (let p = 0; p < seq.length; p++) {
        const i = seq[p]!;
        if (!Number.isInteger(i)) throw new Error(`fitOnSequences: sequence ${s} has ${i} at position ${p}, not an integer`);
        seen.add(i);
      }
      for (const i of seen) this.indexDocs.set(i, (this.indexDocs.get(i) ?? 0) + 1);
    });
    return this;
  }

  private oovIndex(where: string): number | null {
    if (this.oovToken === null) return null;
    const index = this.wordIndex.get(this.oovToken);
    if (index === undefined) throw new Error(`${where}: the tokenizer has an oovToken but no vocabulary yet; call fitOnTexts first`);
    return index;
  }

  /** Texts → lists of word indexes (unknown words dropped, or mapped to the OOV index). */
  textsToSequences(texts: Iterable<TextInput>): number[][] {
    checkIterable(texts, 'textsToSequences', 'texts');
    const out: number[][] = [];
    for (const seq of this.textsToSequencesGenerator(texts)) out.push(seq);
    return out;
  }

  *textsToSequencesGenerator(texts: Iterable<TextInput>): Generator<number[]> {
    const numWords = this.numWords;
    const oov = this.oovIndex('textsToSequences');
    // The word index as a WordTable (rebuilt per call, so edits to wordIndex are always seen).
    const table = new WordTable(this.wordIndex.size);
    const indexOf: number[] = [];
    for (const [w, i] of this.wordIndex) {
      if (table.findWord(w) < 0) indexOf[table.add(w)] = i;
    }
    const separators = this.separators;
    let position = 0;
    for (const text of texts) {
      const sequence: number[] = [];
      const append = (id: number): void => {
        if (id >= 0) {
          const i = indexOf[id]!;
          if (numWords !== null && i >= numWords) {
            if (oov !== null) sequence.push(oov);
          } else sequence.push(i);
        } else if (oov !== null) sequence.push(oov);
      };
      if (separators && typeof text === 'string') {
        const s = this.lower ? text.toLowerCase() : text;
        forEachWord(s, separators, (start, end, hash) => append(table.find(s, start, end, hash)));
        position++;
      } else {
        for (const w of this.tokenize(text, position++)) append(table.findWord(w));
      }
      yield sequence;
    }
  }

  /** Index lists → texts, words joined by a space (also at char level, as Keras does). */
  sequencesToTexts(sequences: readonly ArrayLike<number>[]): string[] {
    if (!Array.isArray(sequences)) throw new Error(`sequencesToTexts: sequences must be an array, got ${describe(sequences)}`);
    const numWords = this.numWords;
    const oov = this.oovIndex('sequencesToTexts');
    const oovWord = oov === null ? null : (this.indexWord.get(oov) ?? null);
    return sequences.map((seq) => {
      const words: string[] = [];
      for (let p = 0; p < seq.length; p++) {
        const num = seq[p]!;
        const word = this.indexWord.get(num);
        if (word !== undefined) {
          if (numWords !== null && num >= numWords) {
            if (oovWord !== null) words.push(oovWord);
          } else words.push(word);
        } else if (oovWord !== null) words.push(oovWord);
      }
      return words.join(' ');
    });
  }

  /** Texts → [texts, numWords] float32 matrix (bag of words). */
  textsToMatrix(texts: Iterable<TextInput>, mode: MatrixMode = 'binary'): Tensor {
    return this.sequencesToMatrix(this.textsToSequences(texts), mode);
  }

  /**
   * Sequences → [N, width] float32 matrix; width = numWords, or wordIndex.size + 1.
   * binary: 1; count: c; freq: c / len(seq); tfidf: (1 + ln c) · ln(1 + docs / (1 + docsWith(j))).
   * Indexes ≥ width are ignored (but still count in len(seq) for freq, as in Keras).
   */
  sequencesToMatrix(sequences: readonly ArrayLike<number>[], mode: MatrixMode = 'binary'): Tensor {
    if (!Array.isArray(sequences)) throw new Error(`sequencesToMatrix: sequences must be an array, got ${describe(sequences)}`);
    let width: number;
    if (this.numWords !== null) width = this.numWords;
    else if (this.wordIndex.size > 0) width = this.wordIndex.size + 1;
    else throw new Error('sequencesToMatrix: specify a dimension (numWords), or fit on some text data first');
    if (!['binary', 'count', 'freq', 'tfidf'].includes(mode)) {
      throw new Error(`sequencesToMatrix: unknown mode '${String(mode)}' (use 'binary', 'count', 'freq' or 'tfidf')`);
    }
    if (mode === 'tfidf' && !this.documentCount)
      throw new Error('sequencesToMatrix: fit the Tokenizer on some data before using tfidf mode');
    const out = new Float32Array(sequences.length * width);
    sequences.forEach((seq, row) => {
      if (seq.length === 0) return;
      const counts = new Map<number, number>();
      for (let p = 0; p < seq.length; p++) {
        const j = seq[p]!;
        if (!Number.isInteger(j) || j < 0)
          throw new Error(`sequencesToMatrix: sequence ${row} has ${j} at position ${p}; indexes must be integers ≥ 0`);
        if (j >= width) continue;
        counts.set(j, (counts.get(j) ?? 0) + 1);
      }
      const base = row * width;
      for (const [j, c] of counts) {
        let value: number;
        if (mode === 'count') value = c;
        else if (mode === 'freq') value = c / seq.length;
        else if (mode === 'binary') value = 1;
        else value = (1 + Math.log(c)) * Math.log(1 + this.documentCount / (1 + (this.indexDocs.get(j) ?? 0)));
        out[base + j] = value;
      }
    });
    return new Tensor(out, [sequences.length, width]);
  }

  /** Keras `get_config()` layout (the vocabularies as JSON strings). */
  getConfig(): Record<string, unknown> {
    return {
      num_words: this.numWords,
      filters: this.filters,
      lower: this.lower,
      split: this.split,
      char_level: this.charLevel,
      oov_token: this.oovToken,
      document_count: this.documentCount,
      word_counts: pythonJsonDumps(this.wordCounts),
      word_docs: pythonJsonDumps(this.wordDocs),
      index_docs: pythonJsonDumps(numberKeyed(this.indexDocs)),
      index_word: pythonJsonDumps(numberKeyed(this.indexWord)),
      word_index: pythonJsonDumps(this.wordIndex),
    };
  }

  /**
   * The same JSON as Keras' `tokenizer.to_json()` (Python json.dumps spacing, non-ASCII escaped),
   * readable by `keras.preprocessing.text.tokenizer_from_json` and by Tokenizer.fromJSON.
   * An `analyzer` function is not saved (Keras cannot save it either).
   */
  toJSON(): string {
    const config = this.getConfig();
    return pythonJsonDumps(
      new Map<string, any>([
        ['class_name', 'Tokenizer'],
        ['config', new Map(Object.entries(config) as [string, any][])],
      ]),
    );
  }

  /** Reads Keras' `to_json()` output (or this class's toJSON()). */
  static fromJSON(json: string | Record<string, unknown>): Tokenizer {
    const root = typeof json === 'string' ? parseJson(json) : json;
    const config = (root as { config?: Record<string, unknown> }).config;
    if (!config || typeof config !== 'object' || Array.isArray(config))
      throw new Error("Tokenizer.fromJSON: no 'config' object (expected Keras' to_json() layout)");
    const show = (v: unknown): string => (v === undefined ? 'missing' : JSON.stringify(v));
    const bad = (key: string, v: unknown, want: string): never => {
      throw new Error(`Tokenizer.fromJSON: config.${key} is ${show(v)}, not ${want}`);
    };
    const option = <T>(key: string, ok: (v: unknown) => boolean, want: string, fallback: T): T => {
      const v = config[key];
      if (v === undefined) return fallback;
      return ok(v) ? (v as T) : bad(key, v, want);
    };
    const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
    const tokenizer = new Tokenizer({
      numWords: option<number | null>('num_words', (v) => v === null || (isCount(v) && v > 0), 'null or a positive integer', null),
      filters: option('filters', (v) => typeof v === 'string', 'a string', DEFAULT_FILTERS),
      lower: option('lower', (v) => typeof v === 'boolean', 'true or false', true),
      split: option('split', (v) => typeof v === 'string' && v.length > 0, 'a non-empty string', ' '),
      charLevel: option('char_level', (v) => typeof v === 'boolean', 'true or false', false),
      oovToken: option<string | null>('oov_token', (v) => v === null || typeof v === 'string', 'null or a string', null),
      documentCount: option('document_count', isCount, 'an integer ≥ 0', 0),
    });
    const table = (key: string): [string, unknown][] => {
      const value = config[key];
      if (value === undefined) return [];
      try {
        return typeof value === 'string' ? parseOrderedJsonObject(value) : Object.entries(value as object);
      } catch (e) {
        throw new Error(`Tokenizer.fromJSON: config.${key} is not a JSON object (${(e as Error).message})`);
      }
    };
    // counts are integers ≥ 0; indices integers ≥ 1 (0 is reserved for padding)
    const asCount = (key: string, v: unknown): number => {
      if (!isCount(v)) throw new Error(`Tokenizer.fromJSON: config.${key} holds ${show(v)}, not an integer count ≥ 0`);
      return v;
    };
    const asIndexKey = (key: string, k: string): number => asIndex(key, /^\d+$/.test(k) ? Number(k) : k);
    const asIndex = (key: string, i: unknown): number => {
      if (!isCount(i) || i < 1)
        throw new Error(`Tokenizer.fromJSON: config.${key} has index ${show(i)}; indices are integers ≥ 1 (0 is reserved for padding)`);
      return i;
    };
    tokenizer.loadCounts(
      table('word_counts').map(([k, v]) => [k, asCount('word_counts', v)]),
      table('word_docs').map(([k, v]) => [k, asCount('word_docs', v)]),
    );
    tokenizer.indexDocs = new Map(table('index_docs').map(([k, v]) => [asIndexKey('index_docs', k), asCount('index_docs', v)]));
    tokenizer.wordIndex = new Map(table('word_index').map(([k, v]) => [k, asIndex('word_index', v)]));
    const owner = new Map<number, string>();
    for (const [word, i] of tokenizer.wordIndex) {
      const other = owner.get(i);
      if (other !== undefined) throw new Error(`Tokenizer.fromJSON: config.word_index gives index ${i} to both '${other}' and '${word}'`);
      owner.set(i, word);
    }
    if (tokenizer.oovToken !== null && tokenizer.wordIndex.size > 0 && !tokenizer.wordIndex.has(tokenizer.oovToken)) {
      throw new Error(`Tokenizer.fromJSON: config.oov_token ${show(tokenizer.oovToken)} is not in config.word_index`);
    }
    tokenizer.indexWord = new Map(table('index_word').map(([k, v]) => [asIndexKey('index_word', k), String(v)]));
    for (const [i, word] of tokenizer.indexWord) {
      if (tokenizer.wordIndex.size > 0 && tokenizer.wordIndex.get(word) !== i) {
        throw new Error(
          `Tokenizer.fromJSON: config.index_word maps ${i} to '${word}', but config.word_index gives '${word}' ${show(tokenizer.wordIndex.get(word))}`,
        );
      }
    }
    return tokenizer;
  }
}

function numberKeyed<V>(map: Map<number, V>): Map<string, V> {
  return new Map([...map].map(([k, v]) => [String(k), v]));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`Tokenizer.fromJSON: not valid JSON (${(e as Error).message})`);
  }
}

function checkIterable(value: unknown, where: string, what: string): void {
  if (typeof value === 'string') throw new Error(`${where}: ${what} must be a list of texts, got a single string (wrap it: [text])`);
  if (value == null || typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new Error(`${where}: ${what} must be an iterable of texts, got ${describe(value)}`);
  }
}
