// sunhwan: Keras-style recurrent deep learning in TypeScript.
// Public entry (browser-safe). Node-only parts (datasets, file I/O, worker threads) have their own entries.

export { tensor, zeros, Tensor, type DType, type NestedArray } from './tensor.ts';
export { Random, setSeed } from './random.ts';
export { engine, setKernels } from './engine.ts';
export { Layer, Weight, type Shape, type Activation } from './layers/layer.ts';
export * as layers from './layers/index.ts';
