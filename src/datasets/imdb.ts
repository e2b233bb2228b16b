// IMDB movie reviews, the Keras way: `imdb.loadData({numWords: 10000})` returns ragged integer
// sequences (1 = start, 2 = OOV, words from 3) and 0/1 labels, rebuilt from the raw aclImdb text
// and Keras' imdb_word_index.json.
//
// How this reproduces Keras' imdb.npz (checked against published samples, see test/datasets):
// - words: Keras' Python-2 `text_to_word_sequence` (keras-text.ts). The training reviews give
//   exactly the 88,584 words of the index. Test-set words missing from the index are dropped, as
//   `Tokenizer.texts_to_sequences` did (this gives Keras' well-known mean length 234.76 over 50,000).
// - order before shuffling: positive reviews, then negative, each in lexicographic file-name order
//   ("0_9.txt", "10000_8.txt", "10001_10.txt", …), i.e. sorted file listings.
// - then load_data's own steps: numpy RandomState(seed) shuffles train, then test (numpy-random.ts).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Tensor } from '../tensor.ts';
import { dataDir, sha256File } from './get-file.ts';
import { forEachLine, expectHeader, openContent, readContent, unescapeTsv } from './read.ts';
import { forEachTarFile } from './tar.ts';
import { aclImdbDownload, dataFiles, fetchDownload, locateDataFile, writableCacheDir, type LocateOptions } from './sources.ts';
import { KerasWordEncoder } from './keras-text.ts';
import { NumpyRandomState } from './numpy-random.ts';
import {
  capVocabulary,
  checkSequenceOptions,
  labelTensor,
  offsetSequences,
  removeLongSequences,
  type KerasSequenceOptions,
} from './keras-sequences.ts';

export interface ImdbLoadOptions extends KerasSequenceOptions, LocateOptions {
  /** Shuffle seed (numpy RandomState, as Keras). Default 113. */
  seed?: number;
  /** Keep the encoded reviews in the cache folder for fast reloads. Default true. */
  cache?: boolean;
  /** Where that cache goes; default the data folder if writable, else ~/.cache/sunhwan. */
  cacheDir?: string;
}

export type Split<X> = [X, Tensor];

const REVIEWS_PER_CLASS = 12500;

type RawSplit = { texts: string[]; labels: Int32Array };

/** Reads one split: texts in file order (negative by id, then positive by id) and labels. */
async function readSplit(which: 'train' | 'test', options: LocateOptions): Promise<RawSplit> {
  const file = which === 'train' ? dataFiles.imdbTrain : dataFiles.imdbTest;
  const root = options.dataDir ?? dataDir();
  if (!existsSync(join(root, file.path))) return (await readAclImdbTarball(options))[which];
  const path = await locateDataFile(file, options);
  const texts: string[] = [];
  const labels: number[] = [];
  await forEachLine(path, (line, n) => {
    if (n === 1) return expectHeader(line, ['label', 'text'], path);
    const tab = line.indexOf('\t');
    const label = line.slice(0, tab);
    if (tab < 0 || (label !== '0' && label !== '1')) throw new Error(`expected "<0|1><TAB>text", got "${line.slice(0, 40)}"`);
    labels.push(label === '1' ? 1 : 0);
    texts.push(unescapeTsv(line.slice(tab + 1)));
  });
  return { texts, labels: Int32Array.from(labels) };
}

const REVIEW_FILE = /^aclImdb\/(train|test)\/(neg|pos)\/(\d+)_\d+\.txt$/;
let tarballCache: { key: string; splits: Promise<{ train: RawSplit; test: RawSplit }> } | undefined;

/**
 * Without the shared TSVs: the canonical aclImdb_v1.tar.gz, downloaded once and read in one
 * streaming pass into the same rows (negative reviews by file id, then positive ones).
 */
async function readAclImdbTarball(options: LocateOptions): Promise<{ train: RawSplit; test: RawSplit }> {
  const path = await fetchDownload(aclImdbDownload, options.dataDir ?? dataDir(), options.urls);
  if (tarballCache?.key === path) return tarballCache.splits;
  const splits = (async () => {
    const found = {
      train: { neg: new Map<number, string>(), pos: new Map<number, string>() },
      test: { neg: new Map<number, string>(), pos: new Map<number, string>() },
    };
    await forEachTarFile(
      openContent(path),
      (name) => REVIEW_FILE.test(name),
      (name, content) => {
        const [, split, polarity, id] = REVIEW_FILE.exec(name)!;
        found[split as 'train' | 'test'][polarity as 'neg' | 'pos'].set(Number(id), content.toString('utf8'));
      },
    );
    const toSplit = (which: 'train' | 'test'): RawSplit => {
      const texts: string[] = [];
      const labels: number[] = [];
      for (const [polarity, label] of [
        ['neg', 0],
        ['pos', 1],
      ] as const) {
        const reviews = found[which][polarity];
        if (reviews.size === 0) throw new Error(`${path}: no aclImdb/${which}/${polarity}/*.txt reviews in the archive`);
        for (const id of [...reviews.keys()].sort((a, b) => a - b)) {
          texts.push(reviews.get(id)!);
          labels.push(label);
        }
      }
      return { texts, labels: Int32Array.from(labels) };
    };
    return { train: toSplit('train'), test: toSplit('test') };
  })();
  tarballCache = { key: path, splits };
  try {
    return await splits;
  } catch (e) {
    tarballCache = undefined;
    throw e;
  }
}

/**
 * Raw review strings and labels (0 = negative, 1 = positive), for the Tokenizer/GloVe chapter.
 * Order: the data file's (every negative review by file id, then every positive one); shuffle yourself.
 */
export async function loadTexts(options: LocateOptions = {}): Promise<[Split<string[]>, Split<string[]>]> {
  const [train, test] = await Promise.all([readSplit('train', options), readSplit('test', options)]);
  return [
    [train.texts, labelTensor(train.labels)],
    [test.texts, labelTensor(test.labels)],
  ];
}

let wordIndexCache: { key: string; index: Map<string, number> } | undefined;

/** Keras' imdb_word_index.json: word -> rank (1 = "the"), without the index_from offset. */
export async function getWordIndex(options: LocateOptions = {}): Promise<Map<string, number>> {
  const path = await locateDataFile(dataFiles.imdbWordIndex, options);
  if (wordIndexCache?.key === path) return new Map(wordIndexCache.index);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readContent(path).toString('utf8'));
  } catch (e) {
    throw new Error(`${path}: not valid JSON: ${(e as Error).message}`);
  }
  const index = new Map<string, number>();
  for (const [word, rank] of Object.entries(parsed as Record<string, unknown>)) {
    if (!Number.isInteger(rank)) throw new Error(`${path}: word '${word}' has index ${String(rank)}, expected an integer`);
    index.set(word, rank as number);
  }
  wordIndexCache = { key: path, index };
  return new Map(index);
}

/** File ids 0..n-1 in lexicographic file-name order ("0_", "1_", "10_", "100_", …). */
function lexicographicFileOrder(n: number): number[] {
  const ids = Array.from({ length: n }, (_, i) => i);
  const names = ids.map((i) => `${i}_`);
  return ids.sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
}

/** Rows of one split in imdb.npz's stored order: positives then negatives, by file name. */
function npzOrder(labels: Int32Array, which: string): number[] {
  const negatives = labels.subarray(0, REVIEWS_PER_CLASS);
  const positives = labels.subarray(REVIEWS_PER_CLASS);
  if (labels.length !== 2 * REVIEWS_PER_CLASS || negatives.some((y) => y !== 0) || positives.some((y) => y !== 1)) {
    throw new Error(
      `imdb ${which}: expected ${REVIEWS_PER_CLASS} negative then ${REVIEWS_PER_CLASS} positive reviews (the aclImdb layout)`,
    );
  }
  const order = lexicographicFileOrder(REVIEWS_PER_CLASS);
  return [...order.map((id) => REVIEWS_PER_CLASS + id), ...order];
}

/** Word ranks of every review; words not in the index are dropped (Keras' texts_to_sequences). */
function encodeAll(texts: string[], index: Map<string, number>): Int32Array[] {
  const encoder = new KerasWordEncoder(index);
  const buffer: number[] = [];
  return texts.map((text) => {
    buffer.length = 0;
    return Int32Array.from(encoder.encode(text, buffer));
  });
}

interface EncodedSplits {
  train: { ranks: Int32Array[]; labels: Int32Array };
  test: { ranks: Int32Array[]; labels: Int32Array };
}

const ENCODED_FORMAT = 1;

/**
 * The encoded reviews, in file order. Encoding 50,000 reviews takes seconds, so the result is
 * kept in `<cache>/imdb/encoded-<inputs>.bin` (like Keras' imdb.npz) and reused while the input
 * files are unchanged (the key is their SHA-256).
 */
async function loadEncoded(options: ImdbLoadOptions): Promise<EncodedSplits> {
  // Locate (and verify) the inputs first: the cache is only valid for these exact files.
  const root = options.dataDir ?? dataDir();
  const fromTsv = existsSync(join(root, dataFiles.imdbTrain.path)) && existsSync(join(root, dataFiles.imdbTest.path));
  let inputs: string;
  if (fromTsv) {
    await Promise.all([locateDataFile(dataFiles.imdbTrain, options), locateDataFile(dataFiles.imdbTest, options)]);
    inputs = `${dataFiles.imdbTrain.sha256}:${dataFiles.imdbTest.sha256}`;
  } else {
    const tarball = await fetchDownload(aclImdbDownload, root, options.urls);
    inputs = `tar:${existsSync(`${tarball}.sha256`) ? readFileSync(`${tarball}.sha256`, 'utf8').trim() : await sha256File(tarball)}`;
  }
  const key = createHash('sha256').update(`${ENCODED_FORMAT}:${inputs}:${dataFiles.imdbWordIndex.sha256}`).digest('hex').slice(0, 16);
  const useCache = options.cache ?? true;
  let cacheFile: string | undefined;
  if (useCache) {
    try {
      cacheFile = join(options.cacheDir ?? writableCacheDir(options.dataDir ?? dataDir()), 'imdb', `encoded-${key}.bin`);
    } catch {
      cacheFile = undefined;
    }
  }
  if (cacheFile && existsSync(cacheFile)) {
    const decoded = decodeCache(readFileSync(cacheFile));
    if (decoded) return decoded;
  }
  const [index, train, test] = await Promise.all([getWordIndex(options), readSplit('train', options), readSplit('test', options)]);
  const encoded: EncodedSplits = {
    train: { ranks: encodeAll(train.texts, index), labels: train.labels },
    test: { ranks: encodeAll(test.texts, index), labels: test.labels },
  };
  if (cacheFile) {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const temp = `${cacheFile}.part-${process.pid}`;
    writeFileSync(temp, encodeCache(encoded));
    renameSync(temp, cacheFile);
  }
  return encoded;
}

// Layout (int32 little-endian): magic, format, nTrain, nTest, labels…, lengths…, ranks….
const MAGIC = 0x53484944; // "SHID"

function encodeCache(e: EncodedSplits): Buffer {
  const splits = [e.train, e.test];
  let total = 4;
  for (const s of splits) {
    total += 2 * s.ranks.length;
    for (const r of s.ranks) total += r.length;
  }
  const out = new Int32Array(total);
  out[0] = MAGIC;
  out[1] = ENCODED_FORMAT;
  out[2] = e.train.ranks.length;
  out[3] = e.test.ranks.length;
  let p = 4;
  for (const s of splits) {
    out.set(s.labels, p);
    p += s.labels.length;
    for (const r of s.ranks) out[p++] = r.length;
  }
  for (const s of splits)
    for (const r of s.ranks) {
      out.set(r, p);
      p += r.length;
    }
  return Buffer.from(out.buffer);
}

function decodeCache(bytes: Buffer): EncodedSplits | undefined {
  if (bytes.length < 16 || bytes.length % 4 !== 0) return undefined;
  const copy = new Int32Array(bytes.length / 4);
  new Uint8Array(copy.buffer).set(bytes);
  if (copy[0] !== MAGIC || copy[1] !== ENCODED_FORMAT) return undefined;
  const counts = [copy[2]!, copy[3]!];
  let p = 4;
  const parts = counts.map((n) => {
    const labels = copy.subarray(p, p + n);
    p += n;
    const lengths = copy.subarray(p, p + n);
    p += n;
    return { labels, lengths };
  });
  const out = parts.map(({ labels, lengths }) => {
    const ranks: Int32Array[] = [];
    for (let i = 0; i < lengths.length; i++) {
      ranks.push(copy.subarray(p, p + lengths[i]!));
      p += lengths[i]!;
    }
    return { ranks, labels };
  });
  if (p !== copy.length) return undefined;
  return { train: out[0]!, test: out[1]! };
}

/**
 * `imdb.load_data`: `[[xTrain, yTrain], [xTest, yTest]]`, x as ragged number[][] and y as an
 * int32 Tensor. Defaults as Keras: seed 113, startChar 1, oovChar 2, indexFrom 3, all words.
 */
export async function loadData(options: ImdbLoadOptions = {}): Promise<[Split<number[][]>, Split<number[][]>]> {
  checkSequenceOptions('imdb.loadData', options);
  const { numWords, skipTop = 0, maxlen, seed = 113, startChar = 1, oovChar = 2, indexFrom = 3 } = options;
  const { train, test } = await loadEncoded(options);

  const rng = new NumpyRandomState(seed);
  const prepare = (split: { ranks: Int32Array[]; labels: Int32Array }, which: string) => {
    const stored = npzOrder(split.labels, which);
    const shuffled = rng.shuffle(stored.slice());
    const ranks = shuffled.map((row) => split.ranks[row]!);
    const labels = shuffled.map((row) => split.labels[row]!);
    return { xs: offsetSequences(ranks, startChar, indexFrom), labels };
  };
  let trainSet = prepare(train, 'train');
  let testSet = prepare(test, 'test');

  if (maxlen !== undefined) {
    const [xTrain, yTrain] = removeLongSequences(maxlen, trainSet.xs, trainSet.labels);
    const [xTest, yTest] = removeLongSequences(maxlen, testSet.xs, testSet.labels);
    if (xTrain.length === 0 || xTest.length === 0) {
      throw new Error(`imdb.loadData: after removing sequences of length >= maxlen=${maxlen}, no sequence is left; increase maxlen`);
    }
    trainSet = { xs: xTrain, labels: yTrain };
    testSet = { xs: xTest, labels: yTest };
  }
  const capped = capVocabulary([...trainSet.xs, ...testSet.xs], numWords, skipTop, oovChar);
  const nTrain = trainSet.xs.length;
  return [
    [capped.slice(0, nTrain), labelTensor(trainSet.labels)],
    [capped.slice(nTrain), labelTensor(testSet.labels)],
  ];
}

/**
 * Turns a sequence back into words (the usual `reverse_word_index` snippet). Indexes below
 * indexFrom print as "?" — 0 padding, 1 start, 2 OOV — like the Keras tutorials.
 */
export function decodeReview(sequence: ArrayLike<number>, wordIndex: Map<string, number>, indexFrom = 3): string {
  const reverse = new Map<number, string>();
  for (const [word, rank] of wordIndex) reverse.set(rank, word);
  const words: string[] = [];
  for (let i = 0; i < sequence.length; i++) words.push(reverse.get(sequence[i]! - indexFrom) ?? '?');
  return words.join(' ');
}
