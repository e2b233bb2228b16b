// sunhwan/datasets (Node only): the textbooks' data sets, loaded the way Keras users expect.
//   const [[xTrain, yTrain], [xTest, yTest]] = await imdb.loadData({ numWords: 10000 });
// Files come from SUNHWAN_DATA (a folder laid out like the shared data) or are downloaded once
// into it (default ~/.cache/sunhwan) from their canonical URL and checked by SHA-256.
export * as imdb from './imdb.ts';
export * as reuters from './reuters.ts';
export * as nsmc from './nsmc.ts';
export * as smsSpam from './sms-spam.ts';
export * as jena from './jena.ts';
export * as stocks from './stocks.ts';
export * as textCorpora from './text-corpora.ts';
export * as glove from './glove.ts';
export * as synthetic from './synthetic.ts';
export * as timeSeries from './time-series.ts';
export { getFile, dataDir, sha256File, type GetFileOptions } from './get-file.ts';
export { dataFiles, locateDataFile, type DataFile, type LocateOptions } from './sources.ts';
export { NumpyRandomState } from './numpy-random.ts';
export { kerasWords, buildWordIndex } from './keras-text.ts';
