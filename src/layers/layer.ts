// The layer contract. A layer is a thin object: config, weights in the heap, and buffers
// for its outputs and input-gradients that it allocates once per shape and reuses. The
// math is in kernels (../kernels). Models drive layers through forward() and backward().
//
//   forward(inputs, ctx)  -> outputs   (buffers owned by the layer, valid until its next forward)
//   backward(dOutputs, ctx) -> dInputs (owned by the layer; adds into weight.grad)
//
// Shapes printed by summary() follow Keras: the batch dimension is `null` (None).

import { engine } from '../engine.ts';
import type { HeapBuffer } from '../heap.ts';
import type { Kernels } from '../kernels/index.ts';
import { threadedKernels } from '../threads/index.ts';
import { markLayerDisposed } from '../models/lifecycle.ts';
import { claimWeight } from '../io/weight-budget.ts';
import { getGlobalRandom, type Random } from '../random.ts';
import { Tensor, shapeSize, type DType } from '../tensor.ts';
import type { ApplyOptions, EagerApplyOptions, SymbolicTensor } from '../models/input.ts';
import type { EmbeddedIds } from './embedding-fusion.ts';

/** A symbolic shape, batch first; `null` where unknown (Keras' None). */
export type Shape = Array<number | null>;

/** A batch of values in the heap: concrete shape (batch first), dtype, optional time mask. */
export interface Activation {
  buf: HeapBuffer;
  shape: number[];
  dtype: DType;
  /** [batch, time] of 1 (keep) / 0 (masked), float32, set by Embedding(maskZero) or Masking. */
  mask?: HeapBuffer | null;
}

export interface CallContext {
  training: boolean;
  rng: Random;
  /** Set by the model for a layer fed by an Embedding that works from its ids and table instead (embedding-fusion.ts). */
  embedded?: EmbeddedIds;
}

export interface BackwardContext {
  /** Per input: whether the caller needs its gradient (false for the first layer, int inputs…). */
  needInputGrads: boolean[];
}

export interface LayerArgs {
  name?: string;
  trainable?: boolean;
  /** Shape of one sample (no batch dimension), as in Keras' input_shape. */
  inputShape?: Array<number | null>;
  batchInputShape?: Shape;
  batchSize?: number;
  /** Initial weight values, as Keras' `weights=[...]` (e.g. a GloVe matrix for Embedding). */
  weights?: Tensor[];
  dtype?: DType;
}

/** One trainable or frozen variable of a layer, with its gradient, both in the heap. */
export class Weight {
  grad: HeapBuffer;
  constructor(
    readonly layer: Layer,
    readonly name: string,
    readonly shape: number[],
    readonly value: HeapBuffer,
    grad: HeapBuffer,
    public trainable: boolean,
  ) {
    this.grad = grad;
  }

  get size(): number {
    return shapeSize(this.shape);
  }

  /** Keras-style path, e.g. `lstm_1/recurrent_kernel`. */
  get path(): string {
    return `${this.layer.name}/${this.name}`;
  }

  /** True when an optimizer should update it (the weight and its layer are trainable). */
  get isTrainable(): boolean {
    return this.trainable && this.layer.trainable;
  }
}

const nameCounters = new Map<string, number>();

/** Keras naming: first `lstm`, then `lstm_1`, `lstm_2`… per prefix within a process. */
export function uniqueLayerName(prefix: string): string {
  const n = nameCounters.get(prefix) ?? 0;
  nameCounters.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}

/** Resets the per-class counters (like keras.backend.clear_session()). */
export function resetLayerNames(): void {
  nameCounters.clear();
}

/** `SimpleRNN` -> `simple_rnn`, `Conv1D` -> `conv1d`, `LSTM` -> `lstm`. */
export function snakeCase(className: string): string {
  return className
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** How `layer.apply` runs on symbolic or concrete tensors; the functional API (models/input.ts) provides it. */
export type LayerCall = (
  layer: Layer,
  inputs: SymbolicTensor | SymbolicTensor[] | Tensor | Tensor[],
  options: ApplyOptions | EagerApplyOptions | undefined,
) => unknown;

let layerCall: LayerCall | null = null;

/** Installs `layer.apply`'s implementation (called once by models/input.ts). */
export function setLayerCall(call: LayerCall): void {
  layerCall = call;
}

export abstract class Layer {
  /** Keras class name as summary() prints it, e.g. 'LSTM', 'SimpleRNN', 'Dense'. */
  abstract readonly className: string;
  name: string;
  trainable: boolean;
  built = false;
  /** Batch-first input shape if the user gave one (inputShape / batchInputShape). */
  readonly batchInputShape: Shape | null;
  readonly weights: Weight[] = [];
  protected readonly initialWeights: Tensor[] | null;
  private kernelsRef: Kernels | null = null;
  /** Buffers this layer owns (outputs, gradients, saved activations), by role. */
  private readonly scratch = new Map<string, HeapBuffer>();

  constructor(args: LayerArgs = {}, defaultNamePrefix?: string) {
    this.name = args.name ?? uniqueLayerName(defaultNamePrefix ?? 'layer');
    this.trainable = args.trainable ?? true;
    if (args.batchInputShape) this.batchInputShape = [...args.batchInputShape];
    else if (args.inputShape) this.batchInputShape = [args.batchSize ?? null, ...args.inputShape];
    else this.batchInputShape = null;
    this.initialWeights = args.weights ?? null;
  }

  /**
   * The kernels (and heap) this layer lives in, fixed at first use: the engine's, with GEMMs
   * of ≥ 2 MFLOP split across the worker threads (src/threads).
   */
  get kernels(): Kernels {
    if (!this.kernelsRef) this.kernelsRef = threadedKernels(engine());
    return this.kernelsRef;
  }

  /** Calls the layer on symbolic tensors (functional API; builds it and records a node). */
  apply(inputs: SymbolicTensor | SymbolicTensor[], options?: ApplyOptions): SymbolicTensor | SymbolicTensor[];
  /** Runs the layer on concrete tensors, in inference mode unless `training` (tfjs' `layer.apply(tensor)`). */
  apply(inputs: Tensor | Tensor[], options?: EagerApplyOptions): Tensor | Tensor[];
  apply(inputs: SymbolicTensor | SymbolicTensor[] | Tensor | Tensor[], options?: ApplyOptions | EagerApplyOptions): unknown {
    if (!layerCall) throw new Error(`${this.name}.apply: the functional API is not loaded (import from 'sunhwan')`);
    return layerCall(this, inputs, options);
  }

  /** Creates weights for an input shape. Subclasses call super.build() at the end. */
  build(_inputShapes: Shape[]): void {
    if (this.initialWeights) this.setWeights(this.initialWeights);
    this.built = true;
  }

  /** Output shapes (batch first, null for unknown) for the given input shapes. */
  abstract computeOutputShape(inputShapes: Shape[]): Shape[];

  abstract forward(inputs: Activation[], ctx: CallContext): Activation[];

  /**
   * Given gradients of the loss with respect to each output (null = zero), adds the weight
   * gradients into weight.grad (only when the weight is trainable) and returns the gradient
   * for each input (null where not needed or not defined, e.g. int token ids).
   */
  abstract backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null>;

  /** Keras-style config (serialized by save/load and shown by getConfig()). */
  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, batchInputShape: this.batchInputShape };
  }

  /** Creates a weight (and its gradient) in the heap, filled by `init`. */
  protected addWeight(
    name: string,
    shape: number[],
    init: (size: number, shape: number[], rng: Random) => Float32Array,
    trainable = true,
  ): Weight {
    const k = this.kernels;
    claimWeight(this, name, shape);
    const size = shapeSize(shape);
    const value = k.heap.alloc(size);
    const grad = k.heap.alloc(size);
    k.heap.view(value).set(init(size, shape, getGlobalRandom()));
    const w = new Weight(this, name, shape, value, grad, trainable);
    this.weights.push(w);
    return w;
  }

  /** A buffer of at least `length` elements for `role`, reused across calls (grown when needed). */
  protected buffer(role: string, length: number): HeapBuffer {
    const have = this.scratch.get(role);
    if (have && have.length >= length) return { offset: have.offset, length };
    if (have) this.kernels.heap.release(have);
    const fresh = this.kernels.heap.alloc(length);
    this.scratch.set(role, fresh);
    return { offset: fresh.offset, length };
  }

  /** Frees every buffer and weight of this layer. */
  dispose(): void {
    const heap = this.kernels.heap;
    for (const b of this.scratch.values()) heap.release(b);
    this.scratch.clear();
    for (const w of this.weights) {
      heap.release(w.value);
      heap.release(w.grad);
    }
    this.weights.length = 0;
    this.built = false;
    markLayerDisposed(this);
  }

  get trainableWeights(): Weight[] {
    return this.trainable ? this.weights.filter((w) => w.trainable) : [];
  }

  get nonTrainableWeights(): Weight[] {
    return this.trainable ? this.weights.filter((w) => !w.trainable) : [...this.weights];
  }

  countParams(): number {
    return this.weights.reduce((n, w) => n + w.size, 0);
  }

  /** Copies of the weights, in Keras order. */
  getWeights(): Tensor[] {
    const heap = this.kernels.heap;
    return this.weights.map((w) => new Tensor(heap.view(w.value).slice(), w.shape));
  }

  setWeights(values: Tensor[]): void {
    if (values.length !== this.weights.length) {
      throw new Error(
        `${this.name}.setWeights: expected ${this.weights.length} arrays (${this.weights.map((w) => `${w.name} [${w.shape}]`).join(', ')}), got ${values.length}`,
      );
    }
    values.forEach((t, i) => {
      const w = this.weights[i]!;
      if (t.shape.length !== w.shape.length || t.shape.some((d, j) => d !== w.shape[j])) {
        throw new Error(`${this.name}.setWeights: ${w.name} has shape [${w.shape}], got [${t.shape}]`);
      }
    });
    const heap = this.kernels.heap;
    values.forEach((t, i) => heap.view(this.weights[i]!.value).set(t.dataSync()));
  }
}
