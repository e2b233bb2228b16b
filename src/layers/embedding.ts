// Embedding: int32 token ids [B, …] -> rows of a (inputDim, outputDim) table [B, …, outputDim].
// With maskZero, id 0 is padding: the output carries a [B, T] float mask (1 keep, 0 masked)
// that recurrent layers read. The gradient is a scatter-add into the table's rows.

import type { HeapBuffer } from '../heap.ts';
import { getInitializer, randomUniform, type InitializerSpec } from '../initializers.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type LayerArgs, type Shape, type Weight } from './layer.ts';
import { runRanges } from '../threads/index.ts';

export interface EmbeddingArgs extends LayerArgs {
  /** Vocabulary size: ids must be in [0, inputDim). */
  inputDim: number;
  outputDim: number;
  /** Fixed sequence length (needed before Flatten); omit for variable length. */
  inputLength?: number | null;
  maskZero?: boolean;
  /** Default Keras 'uniform' = RandomUniform(-0.05, 0.05). */
  embeddingsInitializer?: InitializerSpec;
}

export class Embedding extends Layer {
  readonly className = 'Embedding';
  /** Models copy this layer's input into the heap as int32 token ids. */
  readonly inputDtype = 'int32' as const;
  readonly inputDim: number;
  readonly outputDim: number;
  readonly inputLength: number | null;
  readonly maskZero: boolean;
  private readonly embeddingsInitializer: InitializerSpec;
  embeddings: Weight | null = null;
  private lastIds: Activation | null = null;
  /** Whether the last call wrote its output (a Sequential model skips it when a fused layer reads only ids and table). */
  outputWritten = false;

  constructor(args: EmbeddingArgs) {
    // Keras 2: Embedding's batch_input_shape is (None, input_length), so a model starting with
    // one can be built (and summarised) before seeing data.
    const withShape = args.inputShape || args.batchInputShape ? args : { ...args, inputShape: [args.inputLength ?? null] };
    super(withShape, 'embedding');
    for (const key of ['inputDim', 'outputDim'] as const) {
      if (!Number.isInteger(args[key]) || args[key] <= 0) throw new Error(`Embedding: ${key} must be a positive integer, got ${args[key]}`);
    }
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    this.inputLength = args.inputLength ?? null;
    this.maskZero = args.maskZero ?? false;
    this.embeddingsInitializer = args.embeddingsInitializer ?? 'uniform';
  }

  override build(inputShapes: Shape[]): void {
    const init = this.embeddingsInitializer === 'uniform' ? randomUniform(-0.05, 0.05) : getInitializer(this.embeddingsInitializer);
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], init);
    super.build(inputShapes);
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    return [[...inputShapes[0]!, this.outputDim]];
  }

  forward(inputs: Activation[], _ctx: CallContext): Activation[] {
    return [this.lookup(inputs[0]!, true)];
  }

  /**
   * The embedded ids [..., outputDim]; with `writeValues` false only their mask and shape (for
   * a model whose next layer reads the ids and the table instead: embedding-fusion.ts).
   */
  lookup(ids: Activation, writeValues: boolean): Activation {
    if (ids.dtype !== 'int32')
      throw new Error(`${this.name}: expects int32 token ids, got ${ids.dtype} (make the input with dtype 'int32')`);
    const ops = this.kernels;
    const n = ids.shape.reduce((a, b) => a * b, 1);
    const view = ops.heap.i32;
    const base = ids.buf.offset;
    for (let i = 0; i < n; i++) {
      const id = view[base + i]!;
      if (id < 0 || id >= this.inputDim) {
        const cols = ids.shape.length > 1 ? n / ids.shape[0]! : 1;
        const where = ids.shape.length > 1 ? `[${Math.floor(i / cols)}, ${i % cols}]` : `[${i}]`;
        throw new Error(
          `${this.name}: token id ${id} at ${where} is outside [0, ${this.inputDim}) (inputDim is ${this.inputDim}; raise it or cap the vocabulary, e.g. Tokenizer numWords)`,
        );
      }
    }
    const out = this.buffer('out', n * this.outputDim);
    if (writeValues) {
      runRanges(ops, n, n * this.outputDim, (calls, start, count) => {
        calls.call(
          'gather',
          this.embeddings!.value.offset,
          this.inputDim,
          this.outputDim,
          base + start,
          count,
          out.offset + start * this.outputDim,
        );
      });
    }
    let mask: HeapBuffer | null = null;
    if (this.maskZero) {
      mask = this.buffer('mask', n);
      const f = ops.heap.f32;
      const i32 = ops.heap.i32;
      for (let i = 0; i < n; i++) f[mask.offset + i] = i32[base + i] === 0 ? 0 : 1;
    }
    this.lastIds = ids;
    this.outputWritten = writeValues;
    return { buf: out, shape: [...ids.shape, this.outputDim], dtype: 'float32', mask };
  }

  backward(outputGrads: Array<HeapBuffer | null>, _ctx: BackwardContext): Array<HeapBuffer | null> {
    const dy = outputGrads[0];
    const ids = this.lastIds;
    if (dy && ids && this.embeddings!.isTrainable) {
      const n = ids.shape.reduce((a, b) => a * b, 1);
      this.kernels.scatterAdd(dy.offset, ids.buf.offset, n, this.outputDim, this.embeddings!.grad.offset);
    }
    return [null]; // token ids have no gradient
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      inputLength: this.inputLength,
      maskZero: this.maskZero,
      embeddingsInitializer: typeof this.embeddingsInitializer === 'function' ? 'uniform' : this.embeddingsInitializer,
    };
  }
}
