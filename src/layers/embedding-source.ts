// Lets a layer that reads an Embedding's output work from the token ids and the table instead
// (ARCHITECTURE.md, Recurrent layers, "Inputs given as ids"): Embedding.forward notes its output
// Activation here. A Conv1D then projects the table once per tap (P_j = E·W_j, V rows) and sums
// gathered rows per output position — V·in·k·f multiply-adds instead of B·T·in·k·f — and in
// backward scatters into dP_j, then dW_j += Eᵀ·dP_j and dE += dP_j·W_jᵀ. A recurrent layer
// projects the table once (P = E·W + b), gathers each step's rows of Z from it, and in
// backward scatters dZ into dP, then dW += Eᵀ·dP and dE += dP·Wᵀ.

import type { HeapBuffer } from '../heap.ts';
import type { Activation, Layer, Weight } from './layer.ts';

export interface EmbeddingSource {
  /** int32 token ids [batch, time] (the model's input buffer, stable for the step). */
  ids: HeapBuffer;
  /** The (V, d) table. */
  table: Weight;
  /** False when the Embedding skipped writing its output (a fused consumer reads only ids and table). */
  valuesWritten: boolean;
}

const sources = new WeakMap<Activation, EmbeddingSource>();

/** Called by Embedding.forward for its [batch, time, d] output. */
export function noteEmbeddingOutput(output: Activation, source: EmbeddingSource): void {
  sources.set(output, source);
}

export function embeddingSourceOf(x: Activation): EmbeddingSource | undefined {
  return sources.get(x);
}

/** For readsOnlyFused: the vocabulary and [batch, time] of an Embedding `producer` fed `input`, else null. */
export function embeddingProducer(producer: Layer, input: Activation): { vocab: number; batch: number; time: number } | null {
  const vocab = (producer as Layer & { inputDim?: unknown }).inputDim;
  if (producer.className !== 'Embedding' || typeof vocab !== 'number' || input.shape.length !== 2) return null;
  return { vocab, batch: input.shape[0]!, time: input.shape[1]! };
}
