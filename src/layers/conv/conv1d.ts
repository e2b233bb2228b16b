// Conv1D over time (channels_last), with Keras' weight layout: kernel (taps, in, filters), bias
// (filters). The layer holds the config and the weights; each call's arithmetic is a plan in
// kernels/conv/ (conv1d-plan.ts, or embedding-conv1d-plan.ts when the model feeds it an
// Embedding's ids and table).

import type { HeapBuffer } from '../../heap.ts';
import { getInitializer, type InitializerSpec } from '../../initializers.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type LayerArgs, type Shape, type Weight } from '../layer.ts';
import { getActivation, type ActivationFn } from '../activation.ts';
import type { EmbeddingConsumer, EmbeddingFusionMode } from '../embedding-fusion.ts';
import { conv1dGeometry, windowGeometry, type ConvPadding } from '../../kernels/conv/geometry.ts';
import { Conv1DPlan, type Conv1DPass } from '../../kernels/conv/conv1d-plan.ts';
import { EmbeddingConv1DPlan, TABLE_BLOCK_ROWS } from '../../kernels/conv/embedding-conv1d-plan.ts';

export { windowGeometry, type ConvPadding };

export interface Conv1DArgs extends LayerArgs {
  filters: number;
  kernelSize: number | [number];
  strides?: number | [number];
  padding?: ConvPadding;
  dilationRate?: number | [number];
  activation?: string | null;
  useBias?: boolean;
  kernelInitializer?: InitializerSpec;
  biasInitializer?: InitializerSpec;
  /**
   * Fed by an Embedding in a model, when to work from its ids and table: 'auto' (default) when
   * the vocabulary is smaller than batch × output steps (fewer FLOPs). Not saved with the config.
   */
  embeddingFusion?: EmbeddingFusionMode;
  /** Table rows per block of the fused backward (default 512: a block of its gradient stays in cache). Not saved. */
  tableBlockRows?: number;
}

const one = (v: number | [number] | undefined, fallback: number): number => (Array.isArray(v) ? v[0] : (v ?? fallback));

export class Conv1D extends Layer implements EmbeddingConsumer {
  readonly className = 'Conv1D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: ConvPadding;
  readonly dilationRate: number;
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly embeddingFusion: EmbeddingFusionMode;
  readonly tableBlockRows: number;
  private readonly kernelInit: InitializerSpec;
  private readonly biasInit: InitializerSpec;
  kernel!: Weight;
  bias: Weight | null = null;
  private inChannels = 0;
  /** The last forward's plan, kept for backward. */
  private pass: Conv1DPass | null = null;

  constructor(args: Conv1DArgs) {
    super(args, 'conv1d');
    if (!Number.isInteger(args.filters) || args.filters <= 0)
      throw new Error(`${this.name}: filters must be a positive integer, got ${args.filters}`);
    this.filters = args.filters;
    this.kernelSize = one(args.kernelSize, NaN);
    this.strides = one(args.strides, 1);
    this.dilationRate = one(args.dilationRate, 1);
    this.tableBlockRows = args.tableBlockRows ?? TABLE_BLOCK_ROWS;
    for (const [what, v] of [
      ['kernelSize', this.kernelSize],
      ['strides', this.strides],
      ['dilationRate', this.dilationRate],
      ['tableBlockRows', this.tableBlockRows],
    ] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new Error(`${this.name}: ${what} must be a positive integer, got ${v}`);
    }
    if (this.strides > 1 && this.dilationRate > 1)
      throw new Error(`${this.name}: strides > 1 with dilationRate > 1 is not supported (as in Keras)`);
    this.padding = args.padding ?? 'valid';
    if (!['valid', 'same', 'causal'].includes(this.padding))
      throw new Error(`${this.name}: padding must be 'valid', 'same' or 'causal', got '${this.padding}'`);
    this.embeddingFusion = args.embeddingFusion ?? 'auto';
    if (!['auto', 'never', 'always'].includes(this.embeddingFusion))
      throw new Error(`${this.name}: embeddingFusion must be 'auto', 'never' or 'always', got '${this.embeddingFusion}'`);
    this.activation = getActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.kernelInit = args.kernelInitializer ?? 'glorot_uniform';
    this.biasInit = args.biasInitializer ?? 'zeros';
  }

  private checkInput(shape: Shape): number {
    if (shape.length !== 3)
      throw new Error(`${this.name}: expected input of rank 3 [batch, time, channels], got [${shape.map(String).join(', ')}]`);
    const c = shape[2];
    if (c == null) throw new Error(`${this.name}: the channel dimension of the input must be known, got [${shape.map(String).join(', ')}]`);
    return c;
  }

  override build(inputShapes: Shape[]): void {
    this.inChannels = this.checkInput(inputShapes[0]!);
    this.kernel = this.addWeight('kernel', [this.kernelSize, this.inChannels, this.filters], getInitializer(this.kernelInit));
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], getInitializer(this.biasInit));
    super.build(inputShapes);
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    const s = inputShapes[0]!;
    this.checkInput(s);
    const { outLen } = windowGeometry(s[1] ?? null, this.kernelSize, this.strides, this.dilationRate, this.padding);
    return [[s[0] ?? null, outLen, this.filters]];
  }

  /** Works from the ids when the vocabulary is smaller than batch × output steps ('auto'), always or never. */
  fusesWithEmbedding(vocab: number, batch: number, time: number, _training: boolean): boolean {
    if (this.embeddingFusion === 'never') return false;
    const outLen = windowGeometry(time, this.kernelSize, this.strides, this.dilationRate, this.padding).outLen!;
    return outLen > 0 && (this.embeddingFusion === 'always' || vocab < batch * outLen);
  }

  forward(inputs: Activation[], ctx: CallContext): Activation[] {
    const x = inputs[0]!;
    const [batch, inLen, channels] = x.shape as [number, number, number];
    if (x.shape.length !== 3 || channels !== this.inChannels) {
      throw new Error(`${this.name}: expected input [batch, time, ${this.inChannels}], got [${x.shape.join(', ')}]`);
    }
    const geometry = conv1dGeometry(batch, inLen, channels, this.filters, this.kernelSize, this.strides, this.dilationRate, this.padding);
    const params = { kernel: this.kernel, bias: this.bias, activation: this.activation };
    const scratch = (role: string, length: number): HeapBuffer => this.buffer(role, length);
    const e = ctx.embedded;
    this.pass = e
      ? new EmbeddingConv1DPlan(this.kernels, geometry, params, scratch, e.ids, e.table, this.tableBlockRows)
      : new Conv1DPlan(this.kernels, geometry, params, scratch, x.buf.offset);
    const out = this.pass.forward();
    return [{ buf: out, shape: [batch, geometry.outLen, this.filters], dtype: 'float32', mask: null }];
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    if (!this.pass) throw new Error(`${this.name}: backward called before forward`);
    return [this.pass.backward(outputGrads[0] ?? null, ctx.needInputGrads[0] ?? true)];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      dilationRate: this.dilationRate,
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: typeof this.kernelInit === 'function' ? 'glorot_uniform' : this.kernelInit, // a function cannot be saved; loaded weights replace it
      biasInitializer: typeof this.biasInit === 'function' ? 'zeros' : this.biasInit,
    };
  }
}

export function conv1d(args: Conv1DArgs): Conv1D {
  return new Conv1D(args);
}
