// Reuters newswires, 46 topics, the Keras way: `reuters.loadData({numWords: 1000})`.
//
// Built from the shared keras46.tsv.gz: the 11,228 newswire bodies in the order of Keras'
// original dataset builder, with their labels. Keras' own steps follow exactly (numpy
// RandomState(seed) shuffle, start/offset, maxlen, 80/20 split), so with seed 113 the split and
// order equal Keras' (the file's keras_split/keras_position columns check this).
// The word index is rebuilt with Keras' tokenizer over all 11,228 bodies: 30,979 words, as Keras'
// reuters_word_index.json; words with equal counts may be ranked differently (the original
// builder broke ties in Python 2 dict order), so ids of rare words can differ from Keras'.
import type { Tensor } from '../tensor.ts';
import { expectHeader, forEachLine, readContent, unescapeTsv } from './read.ts';
import { dataFiles, locateDataFile, type LocateOptions } from './sources.ts';
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

export interface ReutersLoadOptions extends KerasSequenceOptions, LocateOptions {
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
export async function getWordIndex(options: LocateOptions = {}): Promise<Map<string, number>> {
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
  const docs = await loadDocuments(options);
  const index = await getWordIndex(options);

  const order = new NumpyRandomState(seed).permutation(docs.length);
  const encoder = new KerasWordEncoder(index);
  const ranks = Array.from(order, (row) => encoder.encode(docs[row]!.text));
  let xs = offsetSequences(ranks, startChar, indexFrom);
  let labels: number[] = Array.from(order, (row) => docs[row]!.label);
  if (maxlen !== undefined) [xs, labels] = removeLongSequences(maxlen, xs, labels);
  xs = capVocabulary(xs, numWords, skipTop, oovChar);

  const split = Math.trunc(xs.length * (1 - testSplit));
  return [
    [xs.slice(0, split), labelTensor(labels.slice(0, split))],
    [xs.slice(split), labelTensor(labels.slice(split))],
  ];
}
