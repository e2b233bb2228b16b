// The `layers` namespace: tfjs-style factories with one options object, e.g.
//   layers.dense({ units: 1, activation: 'sigmoid' })
//   layers.embedding({ inputDim: 10000, outputDim: 8, inputLength: 20 })
// Other layer families add their factories below; every class loadModel() can re-create is listed
// in builtin.ts and registered here.

import { registerBuiltinLayers } from './builtin.ts';
import { ActivationLayer, type ActivationLayerArgs } from './activation.ts';
import { Dense, type DenseArgs } from './dense.ts';
import { Dropout, type DropoutArgs } from './dropout.ts';
import { Embedding, type EmbeddingArgs } from './embedding.ts';
import { Flatten } from './flatten.ts';
import type { LayerArgs } from './layer.ts';

export { ActivationLayer, Dense, Dropout, Embedding, Flatten };
export type { ActivationLayerArgs, DenseArgs, DropoutArgs, EmbeddingArgs };

// The one place the built-in classes become loadable by name (table: builtin.ts), so code that
// deserializes layers (loadModel, the CLI's model specs) finds them once the layers are imported.
registerBuiltinLayers();

export const dense = (args: DenseArgs): Dense => new Dense(args);
export const embedding = (args: EmbeddingArgs): Embedding => new Embedding(args);
export const dropout = (args: DropoutArgs): Dropout => new Dropout(args);
export const flatten = (args: LayerArgs = {}): Flatten => new Flatten(args);
export const activation = (args: ActivationLayerArgs): ActivationLayer => new ActivationLayer(args);

// Recurrent layers (src/layers/recurrent/):
export { GRU, LSTM, SimpleRNN, gru, lstm, simpleRNN } from './recurrent/index.ts';
export type { GRUArgs, LSTMArgs, SimpleRNNArgs } from './recurrent/index.ts';

// Sequence layers (src/layers/{conv,core,merge,wrappers,attention}/):
export * from './conv/index.ts';
export * from './core/index.ts';
export * from './merge/index.ts';
export * from './wrappers/index.ts';
export * from './attention/index.ts';
