// Sequential: a stack of single-input, single-output layers (keras.Sequential).
//   const model = new Sequential([layers.embedding({...}), layers.lstm({units: 32}), layers.dense({units: 1})]);
//   model.add(layers.dense({units: 1, activation: 'sigmoid'}));
// The input shape comes from the first layer (inputShape / batchInputShape / Embedding's
// inputLength) or from the first data seen by fit/predict. Layers are built as soon as their
// input shape is known, so summary() works right after construction, as in Keras 2.

import type { HeapBuffer } from '../heap.ts';
import { uniqueLayerName, type Activation, type CallContext, type Layer, type Shape } from '../layers/layer.ts';
import type { DType } from '../tensor.ts';
import { LayersModel } from './model.ts';
import { formatSummary } from './summary.ts';
import { getLogSink } from '../utils/output.ts';
import { deserializeLayer, registerModel } from '../io/registry.ts';
import { registerBuiltinLayers } from '../layers/builtin.ts';
import { EmbeddingFusion, type EmbeddedIds } from '../layers/embedding-fusion.ts';

export interface SequentialArgs {
  layers?: Layer[];
  name?: string;
}

export class Sequential extends LayersModel {
  readonly className = 'Sequential';
  private readonly stack: Layer[] = [];
  /** Symbolic output shape of each layer once built. */
  private shapes: Shape[] = [];
  private inputShape: Shape | null = null;
  /** fusions[i]: layer i is an Embedding whose output layer i + 1 can read as ids and table (embedding-fusion.ts). */
  private fusions: Array<EmbeddingFusion | null> = [];

  constructor(args: Layer[] | SequentialArgs = {}) {
    const opts = Array.isArray(args) ? { layers: args } : args;
    super(opts.name ?? uniqueLayerName('sequential'));
    for (const layer of opts.layers ?? []) this.add(layer);
  }

  get layers(): Layer[] {
    return [...this.stack];
  }

  /** Appends a layer (built at once when the input shape is known). */
  add(layer: Layer): void {
    if (!layer || typeof (layer as Layer).forward !== 'function') {
      throw new Error(`${this.name}.add: expected a layer (e.g. layers.dense({units: 1})), got ${String(layer)}`);
    }
    if (this.stack.includes(layer)) throw new Error(`${this.name}.add: layer '${layer.name}' is already in the model`);
    if (this.stack.some((l) => l.name === layer.name))
      throw new Error(`${this.name}.add: a layer named '${layer.name}' is already in the model; names must be unique`);
    if (this.stack.length === 0 && layer.batchInputShape) this.inputShape = [...layer.batchInputShape];
    else if (this.stack.length > 0 && layer.batchInputShape && this.shapes.length === 0 && !this.inputShape) {
      // Keras ignores input shapes on later layers; so do we
    }
    if (this.stack.length > 0) this.fusions[this.stack.length - 1] = EmbeddingFusion.between(this.stack[this.stack.length - 1]!, layer);
    this.stack.push(layer);
    this.fusions.push(null);
    if (this.inputShape) this.buildFrom(this.stack.length - 1);
  }

  /** Removes the last layer (keras Sequential.pop). */
  pop(): Layer {
    const layer = this.stack.pop();
    if (!layer) throw new Error(`${this.name}.pop: the model has no layers`);
    this.shapes = this.shapes.slice(0, this.stack.length);
    this.fusions.pop();
    if (this.stack.length > 0) this.fusions[this.stack.length - 1] = null;
    return layer;
  }

  get inputShapes(): Shape[] | null {
    return this.inputShape ? [this.inputShape] : null;
  }

  get outputShapes(): Shape[] {
    this.requireBuilt('outputShapes');
    return [this.shapes[this.shapes.length - 1]!];
  }

  /** Builds for a batch-first input shape, e.g. model.build([null, 10, 1]). */
  build(inputShape: Shape): void {
    this.ensureBuilt([inputShape]);
  }

  ensureBuilt(inputShapes: Shape[]): void {
    if (this.stack.length === 0) throw new Error(`${this.name}: the model has no layers; add some with model.add(layer)`);
    if (this.inputShape && this.shapes.length === this.stack.length) return;
    this.inputShape ??= [...inputShapes[0]!];
    this.buildFrom(0);
  }

  private buildFrom(start: number): void {
    for (let i = Math.min(start, this.shapes.length); i < this.stack.length; i++) {
      const layer = this.stack[i]!;
      const input = i === 0 ? this.inputShape! : this.shapes[i - 1]!;
      let out: Shape;
      try {
        if (!layer.built) layer.build([input]);
        out = layer.computeOutputShape([input])[0]!;
      } catch (e) {
        throw new Error(
          `${this.name}: layer ${i} '${layer.name}' (${layer.className}) cannot take input (${input.map((d) => d ?? 'None').join(', ')}): ${(e as Error).message}`,
        );
      }
      this.shapes[i] = out;
    }
  }

  protected forwardPass(inputs: Activation[], ctx: CallContext): Activation[] {
    let acts = inputs;
    // set after an Embedding for the next layer, which then reads its ids and table instead of its
    // values; nothing else reads them, so the Embedding skips writing them
    let embedded: EmbeddedIds | null = null;
    for (let i = 0; i < this.stack.length; i++) {
      const layer = this.stack[i]!;
      const layerCtx = embedded ? { ...ctx, embedded } : ctx;
      const fusion = this.fusions[i];
      embedded = fusion ? fusion.inputFor(acts[0]!, ctx.training) : null;
      acts = [fusion && embedded ? fusion.embedding.lookup(acts[0]!, false) : layer.forward(acts, layerCtx)[0]!];
    }
    return acts;
  }

  protected backwardPass(outputGrads: HeapBuffer[]): void {
    let grad: HeapBuffer | null = outputGrads[0]!;
    for (let i = this.stack.length - 1; i >= 0 && grad; i--) {
      // the first layer's input gradient is never needed; stop early once nothing below trains
      const needInput = i > 0 && this.stack.slice(0, i).some((l) => l.trainable && l.weights.some((w) => w.isTrainable));
      grad = this.stack[i]!.backward([grad], { needInputGrads: [needInput] })[0] ?? null;
      if (!needInput) break;
    }
  }

  protected outputLayers(): Layer[] {
    return this.stack.length ? [this.stack[this.stack.length - 1]!] : [];
  }

  protected inputDtypes(): DType[] {
    const first = this.stack[0] as (Layer & { inputDtype?: DType }) | undefined;
    return [first?.inputDtype ?? 'float32'];
  }

  getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      layers: this.stack.map((l) => ({ className: l.className, config: l.getConfig() })),
      ...(this.inputShape ? { batchInputShape: this.inputShape } : {}),
    };
  }

  /** Re-creates a Sequential from getConfig() output (weights are set separately). */
  static fromConfig(config: Record<string, unknown>): Sequential {
    const specs = config.layers as Array<{ className: string; config: Record<string, unknown> }> | undefined;
    if (!Array.isArray(specs)) throw new Error('Sequential.fromConfig: config.layers must be a list of {className, config}');
    const model = new Sequential({ name: typeof config.name === 'string' ? config.name : undefined });
    registerBuiltinLayers();
    for (const spec of specs) model.add(deserializeLayer(spec.className, spec.config));
    const shape = config.batchInputShape as Shape | undefined;
    if (shape && !model.built) model.build(shape);
    return model;
  }

  /** Prints (unless print: false) and returns the Keras 2 summary table. */
  summary(options: { print?: boolean; lineLength?: number } = {}): string {
    this.requireBuilt('summary');
    const text = formatSummary({
      modelName: this.name,
      rows: this.stack.map((l, i) => ({ name: l.name, className: l.className, outputShapes: [this.shapes[i]!], params: l.countParams() })),
      trainable: this.trainableWeights.reduce((n, w) => n + w.size, 0),
      nonTrainable: this.nonTrainableWeights.reduce((n, w) => n + w.size, 0),
      lineLength: options.lineLength,
    });
    if (options.print ?? true) getLogSink().write(`${text}\n`);
    return text;
  }
}

registerModel('Sequential', (config) => Sequential.fromConfig(config));
