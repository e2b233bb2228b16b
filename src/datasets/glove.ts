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

/** Reads a GloVe text file (plain or gzip). Every line must have the first line's dimension. */
export async function readGloveFile(path: string): Promise<GloveEmbeddings> {
  const rows = new Map<string, number>();
  let dim = 0;
  let values = new Float32Array(0);
  let count = 0;
  await forEachLine(path, (line) => {
    if (line.length === 0) return;
    const fields = line.trimEnd().split(' ');
    if (dim === 0) {
      dim = fields.length - 1;
      if (dim < 1) throw new Error('expected "word v1 v2 …", found a single field');
      values = new Float32Array(dim * 1024);
    }
    // Some GloVe files have words with spaces: the vector is always the last `dim` fields.
    if (fields.length < dim + 1) throw new Error(`expected ${dim} values after the word (the first line's dimension), got ${fields.length - 1}`);
    const word = fields.length === dim + 1 ? fields[0]! : fields.slice(0, fields.length - dim).join(' ');
    if (rows.has(word)) return; // keep the first vector of a repeated word
    if ((count + 1) * dim > values.length) {
      const grown = new Float32Array(values.length * 2);
      grown.set(values);
      values = grown;
    }
    const base = count * dim;
    const offset = fields.length - dim;
    for (let k = 0; k < dim; k++) {
      const v = Number(fields[offset + k]);
      if (Number.isNaN(v)) throw new Error(`value ${k + 1} of '${word}' is not a number: "${fields[offset + k]}"`);
      values[base + k] = v;
    }
    rows.set(word, count++);
  });
  if (count === 0) throw new Error(`${path}: no vectors`);
  return new GloveEmbeddings(rows, new Tensor(values.slice(0, count * dim), [count, dim]));
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
  if (options.dim !== undefined && options.dim !== dim) throw new Error(`embeddingMatrix: dim ${options.dim} was asked, but the vectors have ${dim} dimensions`);
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
