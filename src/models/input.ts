// The symbolic side of the functional API (keras.Input, calling layers on tensors):
//   const x = input({shape: [null], dtype: 'int32'});
//   const h = layers.lstm({units: 32}).apply(layers.embedding({...}).apply(x));
// A SymbolicTensor is a shape, a dtype and the Node (layer call) that produced it. Applying a
// layer builds it for the input shapes (if needed), records a Node and returns symbolic
// outputs. `new Model({inputs, outputs})` (./functional.ts) walks these nodes.

import type { HeapBuffer } from '../heap.ts';
import {
  Layer,
  setLayerCall,
  uniqueLayerName,
  type Activation,
  type BackwardContext,
  type CallContext,
  type Shape,
} from '../layers/layer.ts';
import { getGlobalRandom } from '../random.ts';
import { Tensor, type DType } from '../tensor.ts';

const showShape = (s: Shape): string => `(${s.map((d) => d ?? 'None').join(', ')})`;

let nextNodeId = 0;

/** One call of a layer: its input tensors and output tensors. */
export class Node {
  readonly outputs: SymbolicTensor[];
  /** Position among the layer's calls (Keras' node index in "lstm[1][0]"). */
  readonly index: number;
  /** Global creation order: a node is always created after the nodes it reads from. */
  readonly id = nextNodeId++;

  constructor(
    readonly layer: Layer,
    readonly inputs: SymbolicTensor[],
    outputShapes: Shape[],
    dtype: DType,
  ) {
    const nodes = nodesOf(layer);
    this.index = nodes.length;
    nodes.push(this);
    this.outputs = outputShapes.map((shape, i) => new SymbolicTensor(shape, dtype, this, i));
  }
}

/** A placeholder for data flowing through a functional model (shape batch-first, null = unknown). */
export class SymbolicTensor {
  readonly shape: Shape;
  constructor(
    shape: Shape,
    readonly dtype: DType,
    readonly node: Node,
    readonly outputIndex: number,
  ) {
    this.shape = [...shape];
  }

  get rank(): number {
    return this.shape.length;
  }

  /** Keras' name, e.g. "lstm/1:0" style shown as "lstm[0][1]" in summaries. */
  get name(): string {
    return `${this.node.layer.name}[${this.node.index}][${this.outputIndex}]`;
  }

  toString(): string {
    return `SymbolicTensor(${showShape(this.shape)}, ${this.dtype}, from ${this.node.layer.name})`;
  }
}

const layerNodes = new WeakMap<Layer, Node[]>();

/** Every call recorded for a layer (across all models). */
export function nodesOf(layer: Layer): Node[] {
  let nodes = layerNodes.get(layer);
  if (!nodes) {
    nodes = [];
    layerNodes.set(layer, nodes);
  }
  return nodes;
}

export interface InputLayerArgs {
  /** Shape of one sample (no batch), `null` for unknown dimensions (e.g. [null] for any length). */
  shape?: Array<number | null>;
  /** Full shape with the batch dimension (fixes the batch size, e.g. for stateful RNNs). */
  batchShape?: Shape;
  batchSize?: number;
  dtype?: DType;
  name?: string;
}

/** Keras' InputLayer: the source of a model input (identity at run time). */
export class InputLayer extends Layer {
  readonly className = 'InputLayer';
  readonly dtype: DType;
  readonly shape: Shape;

  constructor(args: InputLayerArgs) {
    // Keras 2 names inputs input_1, input_2, …
    const auto = uniqueLayerName('input');
    const name = args.name ?? (auto === 'input' ? 'input_1' : `input_${Number(auto.slice(6)) + 1}`);
    const shape = args.batchShape ?? (args.shape ? [args.batchSize ?? null, ...args.shape] : null);
    if (!shape) throw new Error(`input: give a shape (one sample, e.g. {shape: [10]}) or a batchShape`);
    super({ name, batchInputShape: shape });
    this.shape = [...shape];
    this.dtype = args.dtype ?? 'float32';
    if (this.dtype !== 'float32' && this.dtype !== 'int32')
      throw new Error(`input '${name}': dtype must be 'float32' or 'int32', got '${String(this.dtype)}'`);
    this.built = true;
  }

  computeOutputShape(): Shape[] {
    return [[...this.shape]];
  }

  forward(inputs: Activation[], _ctx: CallContext): Activation[] {
    return [inputs[0]!];
  }

  backward(outputGrads: Array<HeapBuffer | null>, _ctx: BackwardContext): Array<HeapBuffer | null> {
    return [outputGrads[0] ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { name: this.name, batchInputShape: this.shape, dtype: this.dtype };
  }
}

/** keras.Input: a symbolic tensor to start a functional model from. */
export function input(args: InputLayerArgs): SymbolicTensor {
  const layer = new InputLayer(args);
  return new Node(layer, [], [layer.shape], layer.dtype).outputs[0]!;
}

export interface ApplyOptions {
  /** Initial states of a recurrent layer ([h] or [h, c]); appended to its inputs. */
  initialState?: SymbolicTensor | SymbolicTensor[];
}

/**
 * Calls a layer on symbolic tensors: builds it for their shapes (first call), records the
 * node, and returns its symbolic output (or outputs, for e.g. an LSTM with returnState).
 */
export function applyLayer(
  layer: Layer,
  inputs: SymbolicTensor | SymbolicTensor[],
  options: ApplyOptions = {},
): SymbolicTensor | SymbolicTensor[] {
  const list = [...(Array.isArray(inputs) ? inputs : [inputs])];
  if (options.initialState) list.push(...(Array.isArray(options.initialState) ? options.initialState : [options.initialState]));
  list.forEach((t, i) => {
    if (!(t instanceof SymbolicTensor))
      throw new Error(`${layer.name}.apply: input ${i} is not a symbolic tensor (make one with input({shape}))`);
  });
  const shapes = list.map((t) => t.shape);
  let outputShapes: Shape[];
  try {
    if (!layer.built) layer.build(shapes);
    outputShapes = layer.computeOutputShape(shapes);
  } catch (e) {
    throw new Error(`${layer.name} (${layer.className}) cannot take input ${shapes.map(showShape).join(', ')}: ${(e as Error).message}`);
  }
  const node = new Node(layer, list, outputShapes, 'float32');
  return node.outputs.length === 1 ? node.outputs[0]! : node.outputs;
}

/**
 * Runs a layer once on concrete tensors (inference mode), as tfjs' `layer.apply(tensor)`:
 * builds it for their shapes if needed and returns copies of its outputs.
 */
export interface EagerApplyOptions {
  initialState?: Tensor | Tensor[];
  training?: boolean;
}

export function applyEager(layer: Layer, inputs: Tensor | Tensor[], options: EagerApplyOptions = {}): Tensor | Tensor[] {
  const list = [...(Array.isArray(inputs) ? inputs : [inputs])];
  if (options.initialState) list.push(...(Array.isArray(options.initialState) ? options.initialState : [options.initialState]));
  const heap = layer.kernels.heap;
  const bufs = list.map((t) => {
    const buf = heap.alloc(t.size);
    if (t.dtype === 'int32') heap.viewInt(buf).set(t.dataSync());
    else heap.view(buf).set(t.dataSync());
    return buf;
  });
  try {
    if (!layer.built) layer.build(list.map((t) => [null, ...t.shape.slice(1)]));
    const outs = layer.forward(
      list.map((t, i) => ({ buf: bufs[i]!, shape: [...t.shape], dtype: t.dtype })),
      { training: options.training ?? false, rng: getGlobalRandom() },
    );
    const tensors = outs.map((o) => {
      const n = o.shape.reduce((a, b) => a * b, 1);
      const values = o.dtype === 'int32' ? heap.viewInt(o.buf).slice(0, n) : heap.view(o.buf).slice(0, n);
      return new Tensor(values, o.shape);
    });
    return tensors.length === 1 ? tensors[0]! : tensors;
  } finally {
    for (const b of bufs) heap.release(b);
  }
}

// layer.apply(...) dispatches here: symbolic tensors build a graph node, concrete ones run eagerly.
setLayerCall((layer, inputs, options) => {
  const first = Array.isArray(inputs) ? inputs[0] : inputs;
  if (first instanceof Tensor) return applyEager(layer, inputs as Tensor | Tensor[], options as EagerApplyOptions);
  return applyLayer(layer, inputs as SymbolicTensor | SymbolicTensor[], options as ApplyOptions);
});
