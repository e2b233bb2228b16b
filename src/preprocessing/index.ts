// sunhwan/preprocessing: everything between raw text or raw series and tensors, matching Keras.
// Browser-safe (no Node built-ins); file helpers live in ./csv-node.ts.

export { Tokenizer, type TokenizerOptions, type MatrixMode, type TextInput } from './tokenizer.ts';
export {
  textToWordSequence,
  hashingTrick,
  oneHot,
  DEFAULT_FILTERS,
  type WordSplitOptions,
  type HashingTrickOptions,
  type HashFunction,
} from './text.ts';
export { md5Hex } from './md5.ts';
export { padSequences, toCategorical, type PadSequencesOptions } from './sequence.ts';
export { timeseriesGenerator, TimeseriesGenerator, makeSamples, type TimeseriesGeneratorOptions } from './timeseries.ts';
export { timeseriesDatasetFromArray, TimeseriesDataset, type TimeseriesDatasetOptions } from './timeseries-dataset.ts';
export type { SeriesInput } from './series-data.ts';
export { cleanKorean, cleanStr, truncateWords, removeStopwords, KOREAN_STOPWORDS, type CleanKoreanOptions } from './korean.ts';
export { toJamo, fromJamo, isHangulSyllable, decomposeSyllable, type JamoForm } from './jamo.ts';
export { CharTokenizer, JamoTokenizer, type CharTokenizerOptions } from './char-tokenizer.ts';
export {
  sample,
  generateSequence,
  generateText,
  type PredictFunction,
  type GenerateSequenceOptions,
  type GenerateTextOptions,
} from './sampling.ts';
export { StandardScaler, MinMaxScaler, type FitRange, type MinMaxScalerOptions } from './scalers.ts';
export { readCsv, parseNumber, type ReadCsvOptions, type CsvTable } from './csv.ts';
export { oneHotEncode, PRINTABLE, type OneHotEncodeOptions, type OneHotEncoding } from './one-hot-encode.ts';
export { readTable, parseDate, type ReadTableOptions } from './table-read.ts';
export { Table, type Column, type ColumnKind, type NumberColumn, type CategoryColumn, type TextColumn, type DateColumn } from './table.ts';
export { DEFAULT_NA_VALUES } from './csv-records.ts';
export { trainTestSplit, splitIndices, type TrainTestSplitOptions } from './split.ts';
export { LabelEncoder } from './label-encoder.ts';
export { naiveForecast, naiveBatchMae, type NaiveForecast } from './naive-forecast.ts';
export { KoreanMorphTokenizer, type MorphOptions } from './korean-morph.ts';
