// Embedding → (Conv1D | recurrent layer) fusion: a layer fed directly by an Embedding can work
// from the token ids and the table instead of the [batch, time, d] values. A Conv1D projects the
// table once per tap (kernels/conv/embedding-conv1d-plan.ts); a recurrent layer projects it once
// (P = E·W + b) and gathers each step's rows of Z from it (recurrent/projections.ts). Both send
// the table's gradient straight into the Embedding's weight, and nothing to its output.
//
// The model sets the relation up: at build it pairs each Embedding with the layer reading its
// output (EmbeddingFusion.between); in each call it asks the consumer whether it fuses for these
// ids (fusesWithEmbedding) and, if so, hands it the ids and table in ctx.embedded. A Sequential
// model then skips the Embedding's gather too, since nothing else reads its output.

import type { HeapBuffer } from '../heap.ts';
import { Embedding } from './embedding.ts';
import type { Activation, Layer, Weight } from './layer.ts';

/** When a layer works from an Embedding's ids and table: 'auto' when that takes fewer FLOPs. */
export type EmbeddingFusionMode = 'auto' | 'never' | 'always';

/** What a fused consumer reads instead of the Embedding's output (CallContext.embedded). */
export interface EmbeddedIds {
  /** int32 token ids [batch, time] (the Embedding's input, stable for the step). */
  ids: HeapBuffer;
  /** The Embedding's (V, d) table. */
  table: Weight;
}

/** A layer that can work from an Embedding's ids and table (Conv1D, the recurrent layers, Bidirectional). */
export interface EmbeddingConsumer {
  /** Whether, fed `batch` × `time` ids of an Embedding with `vocab` rows, a call with `training` would work from them. */
  fusesWithEmbedding(vocab: number, batch: number, time: number, training: boolean): boolean;
}

function isEmbeddingConsumer(layer: Layer): layer is Layer & EmbeddingConsumer {
  return typeof (layer as Partial<EmbeddingConsumer>).fusesWithEmbedding === 'function';
}

/** An Embedding and the one layer the model feeds its output to. */
export class EmbeddingFusion {
  private constructor(
    readonly embedding: Embedding,
    readonly consumer: Layer & EmbeddingConsumer,
  ) {}

  /** The fusion of `producer` feeding `consumer`, or null when they are not an Embedding and a consumer. */
  static between(producer: Layer, consumer: Layer | undefined): EmbeddingFusion | null {
    if (!(producer instanceof Embedding) || !consumer || !isEmbeddingConsumer(consumer)) return null;
    return new EmbeddingFusion(producer, consumer);
  }

  /** For the Embedding's input `ids` in a call with `training`: what the consumer reads instead of its output, or null. */
  inputFor(ids: Activation, training: boolean): EmbeddedIds | null {
    const table = this.embedding.embeddings;
    if (!table || ids.dtype !== 'int32' || ids.shape.length !== 2) return null;
    const [batch, time] = ids.shape as [number, number];
    if (time < 1 || !this.consumer.fusesWithEmbedding(this.embedding.inputDim, batch, time, training)) return null;
    return { ids: ids.buf, table };
  }
}
