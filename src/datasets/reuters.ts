// Reuters newswires, 46 topics, the Keras way: `reuters.loadData({numWords: 1000})`.
//
// Built from the shared keras46.tsv.gz: the 11,228 newswire bodies in the order of Keras'
// original dataset builder, with their labels. Keras' own steps follow exactly (numpy
// RandomState(seed) shuffle, start/offset, maxlen, 80/20 split), so with seed 113 the split and
// order equal Keras' (the file's keras_split/keras_position columns check this).
// The word index is rebuilt with Keras' tokenizer over all 11,228 bodies: 30,979 words, as Keras'
// reuters_word_index.json; words with equal counts may be ranked differently (the original
// builder broke ties in Python 2 dict order), so ids of rare words can differ from Keras'.
//
// Keras' own files instead (`source: 'keras'`, and the default when the data folder has no
// keras46.tsv.gz): reuters.npz and reuters_word_index.json, downloaded once and checked (the
// sha256 and md5 keras/src/datasets/reuters.py checks); the ids then equal Keras' exactly. The npz
// holds pickled object arrays: npz.ts reads them without executing anything.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor } from '../tensor.ts';
import { dataDir } from './get-file.ts';
import { readNpz } from './npz.ts';
import { expectHeader, forEachLine, readContent, unescapeTsv } from './read.ts';
import { dataFiles, fetchDownload, locateDataFile, type Download, type LocateOptions } from './sources.ts';
import { buildWordIndex, KerasWordEncoder } from './keras-text.ts';
import { NumpyRandomState } from './numpy-random.ts';
import {
  capVocabulary,
  checkSequenceOptions,
  labelTensor,
  offsetSequences,
  removeLongSequences,
  type KerasSequenceOptions,
} from './keras-sequences.ts';

export interface ReutersSourceOptions extends LocateOptions {
  /**
   * 'text': the data folder's keras46.tsv.gz (word ids rebuilt here); 'keras': Keras' reuters.npz and
   * reuters_word_index.json (downloaded when absent; ids equal Keras'). Default: 'text' when the data
   * folder has keras46.tsv.gz, else 'keras'.
   */
  source?: 'text' | 'keras';
}

/** Keras' word index file; Keras checks it by md5 (no sha256 is published), as done here. */
export const kerasWordIndexDownload: Download & { md5: string } = {
  url: 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/reuters_word_index.json',
  file: 'reuters/reuters_word_index.json',
  md5: '4d44cc38712099c9e383dc6e5f11a921',
};

/** Keras' topic names (keras.datasets.reuters.get_label_names), used when keras46_topics.txt is absent. */
export const KERAS_LABEL_NAMES: readonly string[] = Object.freeze(
  (
    'cocoa grain veg-oil earn acq wheat copper housing money-supply coffee sugar trade reserves ship cotton carcass crude nat-gas ' +
    'cpi money-fx interest gnp meal-feed alum oilseed gold tin strategic-metal livestock retail ipi iron-steel rubber heat jobs lei ' +
    'bop zinc orange pet-chem dlr gas silver wpi hog lead'
  ).split(' '),
);

function sourceOf(options: ReutersSourceOptions): 'text' | 'keras' {
  if (options.source) return options.source;
  return existsSync(join(options.dataDir ?? dataDir(), dataFiles.reutersKeras46.path)) ? 'text' : 'keras';
}

export interface ReutersLoadOptions extends KerasSequenceOptions, ReutersSourceOptions {
  /** Fraction of the (shuffled) data used as the test set. Default 0.2. */
  testSplit?: number;
  /** Shuffle seed (numpy RandomState, as Keras). Default 113. */
  seed?: number;
}

export interface ReutersDocument {
  /** Position in the builder's order (before shuffling). */
  index: number;
  label: number;
  topic: string;
  text: string;
}

let documentsCache: { key: string; docs: ReutersDocument[] } | undefined;

/** The 11,228 newswires in the builder's order, with label and topic name. */
export async function loadDocuments(options: LocateOptions = {}): Promise<ReutersDocument[]> {
  const path = await locateDataFile(dataFiles.reutersKeras46, options);
  if (documentsCache?.key === path) return documentsCache.docs;
  const docs: ReutersDocument[] = [];
  await forEachLine(path, (line, n) => {
    if (n === 1) return expectHeader(line, ['index', 'label', 'topic', 'keras_split', 'keras_position', 'text'], path);
    const fields = line.split('\t');
    if (fields.length !== 6) throw new Error(`expected 6 tab-separated fields, got ${fields.length}`);
    const index = Number(fields[0]);
    const label = Number(fields[1]);
    if (index !== docs.length) throw new Error(`rows out of order: index ${fields[0]} where ${docs.length} was expected`);
    if (!Number.isInteger(label) || label < 0 || label > 45) throw new Error(`label '${fields[1]}' is not in 0..45`);
    docs.push({ index, label, topic: fields[2]!, text: unescapeTsv(fields[5]!) });
  });
  documentsCache = { key: path, docs };
  return docs;
}

/** The 46 topic names; `topics[label]` is the label's name (0 = cocoa, 3 = earn, 4 = acq, …). */
export async function getTopics(options: LocateOptions = {}): Promise<string[]> {
  if (!existsSync(join(options.dataDir ?? dataDir(), dataFiles.reutersTopics.path))) return [...KERAS_LABEL_NAMES];
  const path = await locateDataFile(dataFiles.reutersTopics, options);
  const topics = readContent(path)
    .toString('utf8')
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (topics.length !== 46) throw new Error(`${path}: expected 46 topic names, found ${topics.length}`);
  return topics;
}

let wordIndexCache: { key: string; index: Map<string, number> } | undefined;

/** word -> rank (1 = "the"), from Keras' tokenizer over all newswires (see the file comment). */
export async function getWordIndex(options: ReutersSourceOptions = {}): Promise<Map<string, number>> {
  if (sourceOf(options) === 'keras') return kerasWordIndex(options);
  const docs = await loadDocuments(options);
  const key = documentsCache?.key ?? '';
  if (wordIndexCache?.key !== key) wordIndexCache = { key, index: buildWordIndex(docs.map((d) => d.text)) };
  return new Map(wordIndexCache.index);
}

/**
 * `reuters.load_data`: `[[xTrain, yTrain], [xTest, yTest]]` with ragged word-id sequences and
 * int32 labels 0..45. Defaults as Keras: testSplit 0.2, seed 113, startChar 1, oovChar 2, indexFrom 3.
 */
export async function loadData(options: ReutersLoadOptions = {}): Promise<[[number[][], Tensor], [number[][], Tensor]]> {
  checkSequenceOptions('reuters.loadData', options);
  const { numWords, skipTop = 0, maxlen, testSplit = 0.2, seed = 113, startChar = 1, oovChar = 2, indexFrom = 3 } = options;
  if (!(testSplit >= 0 && testSplit <= 1)) throw new Error(`reuters.loadData: testSplit must be in [0, 1], got ${testSplit}`);
  const { ranks: builderRanks, labels: builderLabels } =
    sourceOf(options) === 'keras' ? await kerasArrays(options) : await textArrays(options);

  const order = new NumpyRandomState(seed).permutation(builderRanks.length);
  const ranks = Array.from(order, (row) => builderRanks[row]!);
  let xs = offsetSequences(ranks, startChar, indexFrom);
  let labels: number[] = Array.from(order, (row) => builderLabels[row]!);
  if (maxlen !== undefined) [xs, labels] = removeLongSequences(maxlen, xs, labels);
  xs = capVocabulary(xs, numWords, skipTop, oovChar);

  const split = Math.trunc(xs.length * (1 - testSplit));
  return [
    [xs.slice(0, split), labelTensor(labels.slice(0, split))],
    [xs.slice(split), labelTensor(labels.slice(split))],
  ];
}

/** Word ranks and labels in the builder's order, encoded here from the newswire text. */
async function textArrays(options: LocateOptions): Promise<{ ranks: number[][]; labels: number[] }> {
  const docs = await loadDocuments(options);
  const encoder = new KerasWordEncoder(await getWordIndex({ ...options, source: 'text' }));
  return { ranks: docs.map((d) => encoder.encode(d.text)), labels: docs.map((d) => d.label) };
}

let npzCache: { key: string; arrays: { ranks: number[][]; labels: number[] } } | undefined;

/** Keras' reuters.npz: x (ragged word ranks) and y (labels) in the builder's order. */
export async function kerasArrays(options: LocateOptions = {}): Promise<{ ranks: number[][]; labels: number[] }> {
  const path = await locateDataFile(dataFiles.reutersNpz, options);
  if (npzCache?.key === path) return npzCache.arrays;
  const npz = readNpz(readFileSync(path), path);
  const x = npz.x;
  const y = npz.y;
  if (!x || !y) throw new Error(`${path}: expected arrays 'x' and 'y' (found ${Object.keys(npz).join(', ') || 'none'})`);
  if (x.shape.length !== 1 || y.shape.length !== 1 || x.shape[0] !== y.shape[0])
    throw new Error(`${path}: x of shape (${x.shape.join(', ')}) and y of shape (${y.shape.join(', ')}) do not pair up`);
  const ranks = x.data.map((row, i) => {
    if (!Array.isArray(row) || !row.every((w) => Number.isInteger(w) && w >= 0))
      throw new Error(`${path}: x[${i}] is not a list of word ranks`);
    return row as number[];
  });
  const labels = (y.data as number[]).map((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label > 45) throw new Error(`${path}: y[${i}] = ${label} is not in 0..45`);
    return label;
  });
  npzCache = { key: path, arrays: { ranks, labels } };
  return npzCache.arrays;
}

/** Keras' reuters_word_index.json (downloaded once, md5-checked as Keras does). */
async function kerasWordIndex(options: LocateOptions): Promise<Map<string, number>> {
  const d = kerasWordIndexDownload;
  const local = join(options.dataDir ?? dataDir(), d.file);
  const downloaded = !existsSync(local);
  const path = downloaded ? await fetchDownload(d, options.dataDir ?? dataDir(), options.urls, options.hashes) : local;
  const bytes = readFileSync(path);
  const md5 = createHash('md5').update(bytes).digest('hex');
  const expected = options.hashes?.[`${d.file}#md5`] ?? d.md5;
  if (md5 !== expected) {
    if (downloaded) for (const f of [path, `${path}.sha256`]) rmSync(f, { force: true });
    throw new Error(`${path}: md5 mismatch: expected ${expected} (Keras' file_hash), got ${md5}; the file was not kept`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new Error(`${path}: not JSON (${(e as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`${path}: expected an object of word -> rank`);
  const index = new Map<string, number>();
  for (const [word, rank] of Object.entries(parsed)) {
    if (!Number.isInteger(rank) || (rank as number) < 1)
      throw new Error(`${path}: rank of '${word}' is ${String(rank)}, not a positive integer`);
    index.set(word, rank as number);
  }
  return index;
}
