// The built-in layer classes, by the class name getConfig() reports, in one table: what loading a
// model (Sequential.fromConfig, Model.fromConfig) can re-create. Loaders call registerBuiltinLayers()
// before they deserialize; a user's own layer class is registered the same way, with
// registerLayer(className, factory) from io/registry.ts.

import { deserializeLayer, isLayerRegistered, registerLayer, type LayerFactory } from '../io/registry.ts';
import { ActivationLayer, type ActivationLayerArgs } from './activation.ts';
import { AdditiveAttention, Attention, type AdditiveAttentionArgs, type AttentionArgs } from './attention/attention.ts';
import { Conv1D, type Conv1DArgs } from './conv/conv1d.ts';
import {
  AveragePooling1D,
  GlobalAveragePooling1D,
  GlobalMaxPooling1D,
  MaxPooling1D,
  type GlobalPooling1DArgs,
  type Pooling1DArgs,
} from './conv/pooling.ts';
import { Masking, type MaskingArgs } from './core/masking.ts';
import { RepeatVector, type RepeatVectorArgs } from './core/repeat-vector.ts';
import { Permute, Reshape, type PermuteArgs, type ReshapeArgs } from './core/reshape.ts';
import { SpatialDropout1D, type SpatialDropout1DArgs } from './core/spatial-dropout1d.ts';
import { Dense, type DenseArgs } from './dense.ts';
import { Dropout, type DropoutArgs } from './dropout.ts';
import { Embedding, type EmbeddingArgs } from './embedding.ts';
import { Flatten } from './flatten.ts';
import type { Layer, LayerArgs } from './layer.ts';
import { Concatenate, type ConcatenateArgs } from './merge/concatenate.ts';
import { Dot, type DotArgs } from './merge/dot.ts';
import { ElementwiseMerge, type MergeOp } from './merge/merge.ts';
import { GRU, type GRUArgs } from './recurrent/gru.ts';
import { LSTM, type LSTMArgs } from './recurrent/lstm.ts';
import { SimpleRNN, type SimpleRNNArgs } from './recurrent/simple-rnn.ts';
import { Bidirectional, type BidirectionalOptions } from './wrappers/bidirectional.ts';
import { TimeDistributed } from './wrappers/time-distributed.ts';

interface Nested {
  className: string;
  config: Record<string, unknown>;
}
const inner = (n: unknown): Layer => deserializeLayer((n as Nested).className, (n as Nested).config);
const merge =
  (op: MergeOp): LayerFactory =>
  (c) =>
    new ElementwiseMerge(op, c as LayerArgs);

export const builtinLayers: Readonly<Record<string, LayerFactory>> = {
  Dense: (c) => new Dense(c as unknown as DenseArgs),
  Embedding: (c) => new Embedding(c as unknown as EmbeddingArgs),
  Dropout: (c) => new Dropout(c as unknown as DropoutArgs),
  Flatten: (c) => new Flatten(c as LayerArgs),
  Activation: (c) => new ActivationLayer(c as unknown as ActivationLayerArgs),
  SimpleRNN: (c) => new SimpleRNN(c as unknown as SimpleRNNArgs),
  LSTM: (c) => new LSTM(c as unknown as LSTMArgs),
  GRU: (c) => new GRU(c as unknown as GRUArgs),
  Conv1D: (c) => new Conv1D(c as unknown as Conv1DArgs),
  MaxPooling1D: (c) => new MaxPooling1D(c as Pooling1DArgs),
  AveragePooling1D: (c) => new AveragePooling1D(c as Pooling1DArgs),
  GlobalMaxPooling1D: (c) => new GlobalMaxPooling1D(c as GlobalPooling1DArgs),
  GlobalAveragePooling1D: (c) => new GlobalAveragePooling1D(c as GlobalPooling1DArgs),
  Masking: (c) => new Masking(c as MaskingArgs),
  RepeatVector: (c) => new RepeatVector(c as unknown as RepeatVectorArgs),
  Reshape: (c) => new Reshape(c as unknown as ReshapeArgs),
  Permute: (c) => new Permute(c as unknown as PermuteArgs),
  SpatialDropout1D: (c) => new SpatialDropout1D(c as unknown as SpatialDropout1DArgs),
  Concatenate: (c) => new Concatenate(c as ConcatenateArgs),
  Dot: (c) => new Dot(c as unknown as DotArgs),
  Add: merge('add'),
  Subtract: merge('subtract'),
  Multiply: merge('multiply'),
  Average: merge('average'),
  Maximum: merge('maximum'),
  Minimum: merge('minimum'),
  Attention: (c) => new Attention(c as AttentionArgs),
  AdditiveAttention: (c) => new AdditiveAttention(c as AdditiveAttentionArgs),
  Bidirectional: (c) =>
    new Bidirectional({
      ...(c as BidirectionalOptions),
      layer: inner(c.layer),
      backwardLayer: c.backwardLayer ? inner(c.backwardLayer) : undefined,
    }),
  TimeDistributed: (c) => new TimeDistributed({ ...(c as object), layer: inner(c.layer) }),
};

let registered = false;

/** Makes every built-in layer class loadable (idempotent; a user's registration of a name wins). */
export function registerBuiltinLayers(): void {
  if (registered) return;
  registered = true;
  for (const [className, factory] of Object.entries(builtinLayers)) if (!isLayerRegistered(className)) registerLayer(className, factory);
}
