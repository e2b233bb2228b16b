// GloVe word vectors (Pennington, Socher, Manning 2014; PDDL 1.0), read from the standard text
// format `word v1 … vd` of any dimension, and the embedding matrix of Deep Learning with Python (code 6-11).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Tensor } from '../tensor.ts';
import { forEachLine } from './read.ts';
import { dataFiles, fetchDownload, glove6BDownload, locateDataFile, type LocateOptions } from './sources.ts';

export class GloveEmbeddings {
  constructor(
    /** word -> row of `vectors`. */
    readonly rows: Map<string, number>,
    /** [words, dim] float32. */
    readonly vectors: Tensor,
  ) {}

  get dim(): number {
    return this.vectors.shape[1]!;
  }

  get size(): number {
    return this.rows.size;
  }

  /** The vector of a word (a view), or undefined if the word is unknown. */
  get(word: string): Float32Array | undefined {
    const row = this.rows.get(word);
    if (row === undefined) return undefined;
    const d = this.dim;
    return (this.vectors.dataSync() as Float32Array).subarray(row * d, (row + 1) * d);
  }

  has(word: string): boolean {
    return this.rows.has(word);
  }

  /** `embeddingMatrix(this, wordIndex, options)`: the Embedding-layer weights for a word index. */
  embeddingMatrix(wordIndex: Map<string, number> | Record<string, number>, options: EmbeddingMatrixOptions = {}): Tensor {
    return embeddingMatrix(this, wordIndex, options);
  }
}

/** A decimal number as GloVe and word2vec write them (no hex, no Infinity/NaN, no empty field). */
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Parses GloVe text (`word v1 … vd` per line) strictly: a leading BOM is dropped, a word2vec
 * header line (`<count> <dim>`) is recognised and checked against the body, every value must be
 * a finite decimal, fields are separated by exactly one space, and every line has the dimension
 * of the first. Errors say what is wrong; the caller adds the file and line.
 */
export class GloveParser {
  private readonly rows = new Map<string, number>();
  private dim = 0;
  private values = new Float32Array(0);
  private count = 0;
  private lines = 0;
  private header: { count: number; dim: number } | null = null;

  line(raw: string): void {
    let line = raw;
    if (this.lines++ === 0 && line.startsWith('\uFEFF')) line = line.slice(1);
    if (line.length === 0) return;
    const fields = line.replace(/ +$/, '').split(' ');
    if (this.lines === 1 && fields.length === 2 && /^\d+$/.test(fields[0]!) && /^\d+$/.test(fields[1]!)) {
      this.header = { count: Number(fields[0]), dim: Number(fields[1]) }; // word2vec text format
      if (this.header.dim < 1) throw new Error(`word2vec header says dimension ${this.header.dim}`);
      return;
    }
    if (fields.some((f) => f.length === 0)) throw new Error('two spaces in a row (fields are separated by one space)');
    if (this.dim === 0) {
      this.dim = this.header?.dim ?? fields.length - 1;
      if (this.dim < 1) throw new Error('expected "word v1 v2 …", found a single field');
      this.values = new Float32Array(this.dim * 1024);
    }
    const dim = this.dim;
    // Some GloVe files have words with spaces: the vector is always the last `dim` fields.
    if (fields.length < dim + 1)
      throw new Error(
        `expected ${dim} values after the word (${this.header ? 'the header' : 'the first line'}'s dimension), got ${fields.length - 1}`,
      );
    const word = fields.length === dim + 1 ? fields[0]! : fields.slice(0, fields.length - dim).join(' ');
    const offset = fields.length - dim;
    for (let k = 0; k < dim; k++) {
      const text = fields[offset + k]!;
      const v = Number(text);
      if (!DECIMAL.test(text) || !Number.isFinite(Math.fround(v)))
        throw new Error(`value ${k + 1} of '${word}' is not a finite number: "${text}"`);
    }
    if (this.rows.has(word)) return; // keep the first vector of a repeated word
    if ((this.count + 1) * dim > this.values.length) {
      const grown = new Float32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    const base = this.count * dim;
    for (let k = 0; k < dim; k++) this.values[base + k] = Number(fields[offset + k]);
    this.rows.set(word, this.count++);
  }

  finish(source: string): GloveEmbeddings {
    if (this.count === 0) throw new Error(`${source}: no vectors`);
    if (this.header && this.header.count !== this.count) {
      throw new Error(
        `${source}: the word2vec header announces ${this.header.count} vectors but the file has ${this.count} distinct words`,
      );
    }
    return new GloveEmbeddings(this.rows, new Tensor(this.values.slice(0, this.count * this.dim), [this.count, this.dim]));
  }
}

/** Reads a GloVe text file (plain or gzip), strictly (GloveParser); errors name the file and line. */
export async function readGloveFile(path: string): Promise<GloveEmbeddings> {
  const parser = new GloveParser();
  await forEachLine(path, (line) => parser.line(line));
  return parser.finish(path);
}

const FULL_6B = /^glove\.6B\.(50|100|200|300)d$/;

/**
 * Loads GloVe vectors from a file path, or by name:
 * - 'glove.6B.50d.subset5k': the shared 5,050-word subset (data folder);
 * - 'glove.6B.50d' … 'glove.6B.300d': Stanford's glove.6B.zip (822 MB), downloaded once and extracted.
 */
export async function load(pathOrName: string, options: LocateOptions = {}): Promise<GloveEmbeddings> {
  if (existsSync(pathOrName) && statSync(pathOrName).isFile()) return readGloveFile(pathOrName);
  if (pathOrName === 'glove.6B.50d.subset5k') return readGloveFile(await locateDataFile(dataFiles.gloveSubset, options));
  if (FULL_6B.test(pathOrName)) {
    const folder = await fetchDownload(glove6BDownload, options.dataDir, options.urls);
    return readGloveFile(join(folder, `${pathOrName}.txt`));
  }
  throw new Error(`glove.load: '${pathOrName}' is neither a file nor a known name (glove.6B.50d.subset5k, glove.6B.{50,100,200,300}d)`);
}

export interface EmbeddingMatrixOptions {
  /** Rows of the matrix (Keras' max_words): words with index >= numWords are left out. Default: largest index + 1. */
  numWords?: number;
  /** Must equal the vectors' dimension when given (a guard against mixing files). */
  dim?: number;
}

/**
 * The [numWords, dim] float32 matrix for an Embedding layer: row i is the vector of the word
 * with index i in `wordIndex` (a Tokenizer's word index). Row 0 and unknown words stay zero,
 * as in Deep Learning with Python's (ch. 6) code 6-11.
 */
export function embeddingMatrix(
  embeddings: GloveEmbeddings,
  wordIndex: Map<string, number> | Record<string, number>,
  options: EmbeddingMatrixOptions = {},
): Tensor {
  const entries = wordIndex instanceof Map ? [...wordIndex] : Object.entries(wordIndex);
  const dim = embeddings.dim;
  if (options.dim !== undefined && options.dim !== dim)
    throw new Error(`embeddingMatrix: dim ${options.dim} was asked, but the vectors have ${dim} dimensions`);
  let numWords = options.numWords;
  if (numWords === undefined) numWords = entries.reduce((m, [, i]) => Math.max(m, i), 0) + 1;
  if (!Number.isInteger(numWords) || numWords < 1) throw new Error(`embeddingMatrix: numWords must be a positive integer, got ${numWords}`);
  const out = new Float32Array(numWords * dim);
  for (const [word, index] of entries) {
    if (index <= 0 || index >= numWords) continue;
    const vector = embeddings.get(word);
    if (vector) out.set(vector, index * dim);
  }
  return new Tensor(out, [numWords, dim]);
}
