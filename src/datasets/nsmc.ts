// NSMC, the Naver sentiment movie corpus: 150,000 training and 50,000 test reviews (Korean),
// label 0 = negative, 1 = positive.
//
// From the data folder this reads the shared *reconstruction* (same size, balance and format as
// the official files, a different sample of the same crawl: see nsmc/README.md). Without a data
// folder it downloads the official ratings_train.txt / ratings_test.txt from e9t/nsmc, the files
// the TensorFlow 2.0 book (ch. 7) downloads; both have the header `id<TAB>document<TAB>label`.
import type { Tensor } from '../tensor.ts';
import { expectHeader, forEachLine } from './read.ts';
import { dataFiles, locateDataFile, type DataFile, type LocateOptions } from './sources.ts';
import { labelTensor } from './keras-sequences.ts';

export interface NsmcSplit {
  documents: string[];
  labels: Tensor;
  /** Naver review ids (strings, as in the file). */
  ids: string[];
}

async function readSplit(file: DataFile, options: LocateOptions): Promise<NsmcSplit> {
  const path = await locateDataFile(file, options);
  const documents: string[] = [];
  const labels: number[] = [];
  const ids: string[] = [];
  await forEachLine(path, (line, n) => {
    if (n === 1) return expectHeader(line, ['id', 'document', 'label'], path);
    const first = line.indexOf('\t');
    const last = line.lastIndexOf('\t');
    if (first < 0 || last === first) throw new Error(`expected "id<TAB>document<TAB>label", got "${line.slice(0, 40)}"`);
    const label = line.slice(last + 1);
    if (label !== '0' && label !== '1') throw new Error(`label must be 0 or 1, got "${label}"`);
    ids.push(line.slice(0, first));
    documents.push(line.slice(first + 1, last));
    labels.push(label === '1' ? 1 : 0);
  });
  return { documents, labels: labelTensor(labels), ids };
}

/** Full splits with ids: `{train, test}`. */
export async function loadSplits(options: LocateOptions = {}): Promise<{ train: NsmcSplit; test: NsmcSplit }> {
  const [train, test] = await Promise.all([readSplit(dataFiles.nsmcTrain, options), readSplit(dataFiles.nsmcTest, options)]);
  return { train, test };
}

/** `[[documentsTrain, labelsTrain], [documentsTest, labelsTest]]`, in file order. */
export async function loadData(options: LocateOptions = {}): Promise<[[string[], Tensor], [string[], Tensor]]> {
  const { train, test } = await loadSplits(options);
  return [
    [train.documents, train.labels],
    [test.documents, test.labels],
  ];
}
