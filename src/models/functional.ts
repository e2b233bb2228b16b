// The functional Model (keras.Model(inputs, outputs)): any graph of layer calls — several
// inputs and outputs, shared layers, recurrent initial states taken from another layer's
// returned states. Compile / fit / evaluate / predict come from LayersModel.
//
// Forward runs the nodes in topological order. Backward runs them in reverse and sums the
// gradients of tensors used more than once (fan-out). Two rules keep the layer contract
// (a layer keeps the state of its LAST forward, and owns its output/gradient buffers) valid
// for a layer called at several nodes of this model (a shared layer):
//   - its outputs are copied to node-owned buffers right after each call;
//   - before its backward at a node, its forward is re-run on that node's inputs with the
//     same random stream (identical dropout masks), restoring the saved state.

import type { HeapBuffer } from '../heap.ts';
import { uniqueLayerName, type Activation, type CallContext, type Layer, type Shape } from '../layers/layer.ts';
import { Random } from '../random.ts';
import type { DType } from '../tensor.ts';
import { getLogSink } from '../utils/output.ts';
import { deserializeLayer, registerModel } from '../io/registry.ts';
import { registerBuiltinLayers } from '../layers/builtin.ts';
import { EmbeddingFusion, type EmbeddedIds } from '../layers/embedding-fusion.ts';
import { InputLayer, Node, SymbolicTensor, applyLayer, input, nodesOf, type InputLayerArgs } from './input.ts';
import { LayersModel } from './model.ts';
import { formatSummary, type SummaryRow } from './summary.ts';

export { input, SymbolicTensor, InputLayer, type InputLayerArgs };

export interface ModelArgs {
  inputs: SymbolicTensor | SymbolicTensor[];
  outputs: SymbolicTensor | SymbolicTensor[];
  name?: string;
}

const asList = <T>(x: T | T[]): T[] => (Array.isArray(x) ? [...x] : [x]);

/** Per-node run state: node-owned output copies (shared layers) and the node's rng seed. */
interface NodeRun {
  outputs: Activation[];
  seed: number;
  copies: HeapBuffer[];
}

export class Model extends LayersModel {
  readonly className: string = 'Functional';
  readonly inputs: SymbolicTensor[];
  readonly outputs: SymbolicTensor[];
  /** Nodes in topological order (model inputs are sources, not nodes). */
  private readonly nodes: Node[];
  private readonly layerList: Layer[];
  /** Calls per layer inside this model (> 1: shared). */
  private readonly callCount = new Map<Layer, number>();
  /** Consumers per tensor inside this model (plus 1 per appearance as a model output). */
  private readonly uses = new Map<SymbolicTensor, number>();
  private readonly runs = new Map<Node, NodeRun>();
  private values = new Map<SymbolicTensor, Activation>();
  private readonly tensorGradBufs = new Map<SymbolicTensor, HeapBuffer>();
  /**
   * Nodes fed by an Embedding called once in this model whose ids and table they can read
   * instead of its values (embedding-fusion.ts), with that Embedding's ids tensor. The
   * Embedding still writes its values: another node may read them.
   */
  private readonly fusions = new Map<Node, { fusion: EmbeddingFusion; ids: SymbolicTensor }>();

  constructor(args: ModelArgs) {
    super(args.name ?? uniqueLayerName('model'));
    this.inputs = asList(args.inputs);
    this.outputs = asList(args.outputs);
    for (const [what, list] of [
      ['inputs', this.inputs],
      ['outputs', this.outputs],
    ] as const) {
      if (list.length === 0) throw new Error(`${this.name}: needs at least one of ${what}`);
      list.forEach((t, i) => {
        if (!(t instanceof SymbolicTensor))
          throw new Error(`${this.name}: ${what}[${i}] is not a symbolic tensor (use input({shape}) and layer.apply)`);
      });
    }
    if (new Set(this.inputs).size !== this.inputs.length) throw new Error(`${this.name}: the same tensor is given twice as an input`);
    this.nodes = this.topologicalNodes();
    // layers: inputs' layers first (as Keras lists InputLayers), then in call order
    const layers: Layer[] = [];
    const addLayer = (l: Layer): void => {
      if (!layers.includes(l)) layers.push(l);
    };
    for (const t of this.inputs) addLayer(t.node.layer);
    for (const n of this.nodes) {
      addLayer(n.layer);
      this.callCount.set(n.layer, (this.callCount.get(n.layer) ?? 0) + 1);
      for (const t of n.inputs) this.uses.set(t, (this.uses.get(t) ?? 0) + 1);
    }
    for (const t of this.outputs) this.uses.set(t, (this.uses.get(t) ?? 0) + 1);
    for (const n of this.nodes) {
      const t = n.inputs[0];
      // (a shared Embedding's outputs are node copies: not fused)
      if (!t || t.outputIndex !== 0 || this.isShared(t.node.layer)) continue;
      const fusion = EmbeddingFusion.between(t.node.layer, n.layer);
      if (fusion) this.fusions.set(n, { fusion, ids: t.node.inputs[0]! });
    }
    const names = new Set<string>();
    for (const l of layers) {
      if (names.has(l.name))
        throw new Error(`${this.name}: two different layers are named '${l.name}'; layer names must be unique in a model`);
      names.add(l.name);
    }
    this.layerList = layers;
  }

  /** Post-order DFS from the outputs, stopping at the model inputs; checks they suffice. */
  private topologicalNodes(): Node[] {
    const order: Node[] = [];
    const state = new Map<Node, 'visiting' | 'done'>();
    const inputSet = new Set(this.inputs);
    const visit = (t: SymbolicTensor, path: string): void => {
      if (inputSet.has(t)) return;
      const node = t.node;
      if (node.layer instanceof InputLayer) {
        throw new Error(
          `${this.name}: output depends on input '${node.layer.name}', which is not among the model's inputs (${this.inputs.map((i) => i.node.layer.name).join(', ')}) ${path}`,
        );
      }
      const s = state.get(node);
      if (s === 'done') return;
      if (s === 'visiting') throw new Error(`${this.name}: the graph has a cycle through '${node.layer.name}'`);
      state.set(node, 'visiting');
      for (const inp of node.inputs) visit(inp, `(via ${node.layer.name})`);
      state.set(node, 'done');
      order.push(node);
    };
    for (const t of this.outputs) visit(t, '');
    // creation order is topological too, and lists layers in the order the user wrote them
    return order.sort((a, b) => a.id - b.id);
  }

  get layers(): Layer[] {
    return [...this.layerList];
  }

  get inputShapes(): Shape[] {
    return this.inputs.map((t) => [...t.shape]);
  }

  get outputShapes(): Shape[] {
    return this.outputs.map((t) => [...t.shape]);
  }

  protected override ownedBuffers(): HeapBuffer[] {
    return [...[...this.runs.values()].flatMap((r) => r.copies), ...this.tensorGradBufs.values()];
  }

  ensureBuilt(_inputShapes: Shape[]): void {
    // layers were built when called on symbolic tensors
  }

  protected inputDtypes(): DType[] {
    return this.inputs.map((t) => t.dtype);
  }

  protected outputLayers(): Layer[] {
    return this.outputs.map((t) => t.node.layer);
  }

  private isShared(layer: Layer): boolean {
    return (this.callCount.get(layer) ?? 0) > 1;
  }

  /** Copies activations into buffers owned by this node run (reused across batches). */
  private keepCopies(run: NodeRun, outs: Activation[]): Activation[] {
    const heap = this.kernels.heap;
    return outs.map((o, i) => {
      const n = o.shape.reduce((a, b) => a * b, 1);
      const maskLen = o.mask ? o.shape[0]! * (o.shape[1] ?? 1) : 0;
      let buf = run.copies[i];
      if (!buf || buf.length < n + maskLen) {
        if (buf) heap.release(buf);
        buf = heap.alloc(n + maskLen);
        run.copies[i] = buf;
      }
      this.kernels.copy(o.buf.offset, buf.offset, n);
      let mask: HeapBuffer | null = null;
      if (o.mask) {
        mask = { offset: buf.offset + n, length: maskLen };
        this.kernels.copy(o.mask.offset, mask.offset, maskLen);
      }
      return { buf: { offset: buf.offset, length: n }, shape: [...o.shape], dtype: o.dtype, mask };
    });
  }

  /** The context of a call at `node`: with the Embedding ids and table it reads, when it fuses. */
  private nodeContext(node: Node, values: Map<SymbolicTensor, Activation>, ctx: CallContext): CallContext {
    const f = this.fusions.get(node);
    const embedded: EmbeddedIds | null = f ? f.fusion.inputFor(values.get(f.ids)!, ctx.training) : null;
    return embedded ? { ...ctx, embedded } : ctx;
  }

  protected forwardPass(inputs: Activation[], ctx: CallContext): Activation[] {
    if (inputs.length !== this.inputs.length)
      throw new Error(`${this.name}: expected ${this.inputs.length} input(s), got ${inputs.length}`);
    const values = new Map<SymbolicTensor, Activation>();
    this.inputs.forEach((t, i) => values.set(t, inputs[i]!));
    for (const node of this.nodes) {
      const args = node.inputs.map((t) => values.get(t)!);
      let run = this.runs.get(node);
      if (!run) {
        run = { outputs: [], seed: 0, copies: [] };
        this.runs.set(node, run);
      }
      const shared = this.isShared(node.layer);
      let outs: Activation[];
      if (shared) {
        run.seed = ctx.rng.nextUint32();
        const nodeCtx = this.nodeContext(node, values, { training: ctx.training, rng: new Random(run.seed) });
        outs = this.keepCopies(run, node.layer.forward(args, nodeCtx));
      } else {
        outs = node.layer.forward(args, this.nodeContext(node, values, ctx));
      }
      if (outs.length !== node.outputs.length) {
        throw new Error(
          `${this.name}: layer '${node.layer.name}' returned ${outs.length} outputs, its symbolic call had ${node.outputs.length}`,
        );
      }
      run.outputs = outs;
      node.outputs.forEach((t, i) => values.set(t, outs[i]!));
    }
    this.values = values;
    this.lastTraining = ctx.training;
    return this.outputs.map((t) => values.get(t)!);
  }

  private lastTraining = false;

  /** Whether a gradient must flow into this tensor (it leads back to a trainable weight). */
  private needsGrad(t: SymbolicTensor, memo: Map<SymbolicTensor, boolean>): boolean {
    const have = memo.get(t);
    if (have !== undefined) return have;
    let need = false;
    if (!this.inputs.includes(t) && t.dtype !== 'int32' && !(t.node.layer instanceof InputLayer)) {
      const layer = t.node.layer;
      need = layer.trainable && layer.weights.some((w) => w.isTrainable);
      if (!need) need = t.node.inputs.some((i) => this.needsGrad(i, memo));
    }
    memo.set(t, need);
    return need;
  }

  protected backwardPass(outputGrads: HeapBuffer[]): void {
    const k = this.kernels;
    const heap = k.heap;
    // gradient per tensor: a borrowed buffer (single use) or an accumulator we own
    const grads = new Map<SymbolicTensor, HeapBuffer>();
    const owned = new Set<SymbolicTensor>();
    const size = (t: SymbolicTensor): number => this.values.get(t)!.shape.reduce((a, b) => a * b, 1);
    // `stable`: g stays valid for the rest of this pass (not a shared layer's reused buffer)
    const contribute = (t: SymbolicTensor, g: HeapBuffer, stable: boolean): void => {
      const n = size(t);
      const have = grads.get(t);
      if (!have) {
        if ((this.uses.get(t) ?? 0) <= 1 && stable) {
          grads.set(t, g); // the only consumer: use its buffer as is
          return;
        }
        let acc = this.tensorGradBufs.get(t);
        if (!acc || acc.length < n) {
          if (acc) heap.release(acc);
          acc = heap.alloc(n);
          this.tensorGradBufs.set(t, acc);
        }
        k.copy(g.offset, acc.offset, n);
        grads.set(t, { offset: acc.offset, length: n });
        owned.add(t);
        return;
      }
      if (!owned.has(t)) {
        // a second contribution to a borrowed buffer: move it into an accumulator first
        let acc = this.tensorGradBufs.get(t);
        if (!acc || acc.length < n) {
          if (acc) heap.release(acc);
          acc = heap.alloc(n);
          this.tensorGradBufs.set(t, acc);
        }
        k.copy(have.offset, acc.offset, n);
        grads.set(t, { offset: acc.offset, length: n });
        owned.add(t);
      }
      k.add(grads.get(t)!.offset, g.offset, grads.get(t)!.offset, n);
    };
    this.outputs.forEach((t, i) => contribute(t, outputGrads[i]!, true));
    const memo = new Map<SymbolicTensor, boolean>();
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const node = this.nodes[i]!;
      const outGrads = node.outputs.map((t) => grads.get(t) ?? null);
      if (outGrads.every((g) => g === null)) continue;
      const layer = node.layer;
      const needInputGrads = node.inputs.map((t) => this.needsGrad(t, memo));
      if (this.isShared(layer)) {
        // restore this node's forward state (same inputs, same random stream)
        const run = this.runs.get(node)!;
        const nodeCtx = this.nodeContext(node, this.values, { training: this.lastTraining, rng: new Random(run.seed) });
        layer.forward(
          node.inputs.map((t) => this.values.get(t)!),
          nodeCtx,
        );
      }
      const inGrads = layer.backward(outGrads, { needInputGrads });
      node.inputs.forEach((t, j) => {
        const g = inGrads[j];
        if (g && needInputGrads[j]) contribute(t, g, !this.isShared(layer));
      });
    }
  }

  /**
   * Keras-like config. Tensor references are [layer name, node index, output index] with node
   * indices counted within this model; `nodeOrder` lists the nodes in the order to replay them.
   */
  getConfig(): Record<string, unknown> {
    const local = (n: Node): number => this.nodes.filter((m) => m.layer === n.layer).indexOf(n);
    const ref = (t: SymbolicTensor): [string, number, number] => [
      t.node.layer.name,
      this.inputs.includes(t) ? 0 : local(t.node),
      t.outputIndex,
    ];
    return {
      name: this.name,
      layers: this.layerList.map((l) => ({
        className: l.className,
        name: l.name,
        config: l.getConfig(),
        inboundNodes: this.nodes.filter((n) => n.layer === l).map((n) => n.inputs.map(ref)),
      })),
      inputLayers: this.inputs.map(ref),
      outputLayers: this.outputs.map(ref),
      nodeOrder: this.nodes.map((n) => [n.layer.name, local(n)]),
    };
  }

  /** Re-creates a functional model from getConfig() output (weights are set separately). */
  static fromConfig(config: Record<string, unknown>): Model {
    type Ref = [string, number, number];
    const specs = config.layers as Array<{ className: string; name: string; config: Record<string, unknown>; inboundNodes: Ref[][] }>;
    if (!Array.isArray(specs)) throw new Error('Model.fromConfig: config.layers must be a list of layer specs');
    registerBuiltinLayers();
    const layers = new Map<string, Layer>();
    const tensors = new Map<string, SymbolicTensor>();
    const key = (r: Ref): string => `${r[0]}:${r[1]}:${r[2]}`;
    for (const spec of specs) {
      if (spec.className === 'InputLayer') {
        const c = spec.config as { name: string; batchInputShape: Shape; dtype?: 'float32' | 'int32' };
        const t = input({ batchShape: c.batchInputShape, dtype: c.dtype, name: c.name });
        tensors.set(key([c.name, 0, 0]), t);
      } else layers.set(spec.name, deserializeLayer(spec.className, spec.config));
    }
    const inbound = new Map(specs.map((s) => [s.name, s.inboundNodes] as const));
    for (const [name, index] of config.nodeOrder as Array<[string, number]>) {
      const refs = inbound.get(name)?.[index];
      const layer = layers.get(name);
      if (!refs || !layer) throw new Error(`Model.fromConfig: node ${index} of '${name}' is not in the config`);
      const args = refs.map((r) => {
        const t = tensors.get(key(r));
        if (!t) throw new Error(`Model.fromConfig: '${name}' reads ${r[0]}[${r[1]}][${r[2]}], which is not produced before it`);
        return t;
      });
      const outs = applyLayer(layer, args);
      (Array.isArray(outs) ? outs : [outs]).forEach((t, i) => tensors.set(key([name, index, i]), t));
    }
    const pick = (refs: Ref[]): SymbolicTensor[] =>
      refs.map((r) => {
        const t = tensors.get(key(r));
        if (!t) throw new Error(`Model.fromConfig: unknown tensor ${r[0]}[${r[1]}][${r[2]}]`);
        return t;
      });
    return new Model({
      inputs: pick(config.inputLayers as Ref[]),
      outputs: pick(config.outputLayers as Ref[]),
      name: config.name as string | undefined,
    });
  }

  /** Prints (unless print: false) and returns the Keras 2 table with the "Connected to" column. */
  summary(options: { print?: boolean; lineLength?: number } = {}): string {
    const rows: SummaryRow[] = this.layerList.map((l) => {
      const nodes = this.nodes.filter((n) => n.layer === l);
      const shapes = nodes.length ? nodes[0]!.outputs.map((t) => t.shape) : [[...(l as InputLayer).shape]];
      return {
        name: l.name,
        className: l.className,
        outputShapes: l instanceof InputLayer ? [shapes[0]!] : shapes,
        params: l.countParams(),
        connectedTo: nodes.flatMap((n) => n.inputs.map((t) => t.name)),
      };
    });
    const text = formatSummary({
      modelName: this.name,
      rows,
      trainable: this.trainableWeights.reduce((n, w) => n + w.size, 0),
      nonTrainable: this.nonTrainableWeights.reduce((n, w) => n + w.size, 0),
      lineLength: options.lineLength,
    });
    if (options.print ?? true) getLogSink().write(`${text}\n`);
    return text;
  }
}

registerModel('Functional', (config) => Model.fromConfig(config));

/** `model({inputs, outputs})`, tfjs' tf.model. */
export const model = (args: ModelArgs): Model => new Model(args);

export { nodesOf };
