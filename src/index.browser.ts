// sunhwan's public API: the main entry as browsers get it (the "browser" export condition). Node
// gets it through ./index.ts, which adds the native kernels and the thread pool up front.
// Node-only parts (datasets, file I/O) have their own entries.

export { tensor, zeros, Tensor, type DType, type NestedArray } from './tensor.ts';
export { Random, setSeed } from './random.ts';
export { engine, setKernels, setBackend, setBackendAsync, availableBackends, type BackendName, type BackendChoice } from './engine.ts';
export { setThreads, getThreads, startThreads } from './threads/index.ts';
export { Layer, Weight, type Shape, type Activation } from './layers/layer.ts';
export * as layers from './layers/index.ts';
export { Sequential, type SequentialArgs } from './models/sequential.ts';
export { Model, model, input, SymbolicTensor, InputLayer, type ModelArgs, type InputLayerArgs } from './models/functional.ts';
export { LayersModel, type CompileArgs, type FitArgs, type EvaluateArgs, type PredictArgs } from './models/model.ts';
export type { Dataset, DatasetBatch } from './models/data.ts';
export * as optimizers from './optimizers/index.ts';
export * as losses from './losses.ts';
export * as metrics from './metrics.ts';
export { setLogSink, type LogSink } from './utils/output.ts';
export * as callbacks from './callbacks/index.ts';
export {
  EarlyStopping,
  ModelCheckpoint,
  ReduceLROnPlateau,
  TerminateOnNaN,
  CSVLogger,
  LambdaCallback,
  Callback,
  History,
} from './callbacks/index.ts';
export { loadModel, modelFromBytes, modelToBytes, weightsToBytes } from './io/save.ts';
export {
  loadKerasModel,
  loadKerasModelFromBytes,
  modelToKerasBytes,
  saveKerasModel,
  isKerasFile,
  type LoadKerasOptions,
  type SaveKerasOptions,
} from './io/keras/index.ts';
export {
  Tokenizer,
  padSequences,
  toCategorical,
  textToWordSequence,
  oneHot,
  hashingTrick,
  timeseriesGenerator,
  timeseriesDatasetFromArray,
  makeSamples,
  CharTokenizer,
  sample,
  generateText,
} from './preprocessing/index.ts';
// 'sunhwan/preprocessing' has all of the above plus the tables, CSV, scalers, splits, encoders and
// Korean text tools, kept out of this entry so that a page using every export of it stays within
// the 100 kB gzip budget (npm run size).
export { plotHistory, type PlotHistoryOptions } from './utils/plot.ts';
export { wasInterrupted } from './models/interrupt.ts';
export { nonFiniteReport, type NonFiniteReport } from './models/numerics.ts';
export { addSample, onSample, type Sample } from './viz/samples.ts';
