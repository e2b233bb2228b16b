// Dense: y = f(x·W + b) on the last axis of any-rank input, as Keras does
// (a [B, T, F] input is treated as B·T rows). Kernel (in, units), bias (units).

import type { HeapBuffer } from '../heap.ts';
import { getInitializer, type InitializerSpec } from '../initializers.ts';
import { getActivation, type ActivationFn } from './activation.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type LayerArgs, type Shape, type Weight } from './layer.ts';
import { directCalls } from '../threads/index.ts';

export interface DenseArgs extends LayerArgs {
  units: number;
  /** 'linear' (default), 'relu', 'sigmoid', 'tanh', 'softmax', 'hard_sigmoid', 'elu', 'selu', 'softplus'. */
  activation?: string | null;
  useBias?: boolean;
  kernelInitializer?: InitializerSpec;
  biasInitializer?: InitializerSpec;
  /** Keras' input_dim: the same as inputShape: [inputDim]. */
  inputDim?: number;
}

export class Dense extends Layer {
  readonly className = 'Dense';
  readonly units: number;
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  private readonly kernelInitializer: InitializerSpec;
  private readonly biasInitializer: InitializerSpec;
  /** Set by compile() when the loss hands this layer dLoss/dLogits (sigmoid/softmax + cross-entropy). */
  fuseActivationGrad = false;
  kernel: Weight | null = null;
  bias: Weight | null = null;
  private inputDim = 0;
  private lastInput: Activation | null = null;
  private lastZ: HeapBuffer | null = null;
  private lastY: HeapBuffer | null = null;
  private lastRows = 0;

  constructor(args: DenseArgs) {
    super(
      args.inputDim !== undefined && !args.inputShape && !args.batchInputShape ? { ...args, inputShape: [args.inputDim] } : args,
      'dense',
    );
    if (!Number.isInteger(args.units) || args.units <= 0) throw new Error(`Dense: units must be a positive integer, got ${args.units}`);
    this.units = args.units;
    this.activation = getActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = args.kernelInitializer ?? 'glorot_uniform';
    this.biasInitializer = args.biasInitializer ?? 'zeros';
  }

  override build(inputShapes: Shape[]): void {
    const shape = inputShapes[0]!;
    const inDim = shape[shape.length - 1];
    if (inDim === null || inDim === undefined) {
      throw new Error(
        `${this.name}: the last dimension of the input must be known, got shape (${shape.map((d) => d ?? 'None').join(', ')})`,
      );
    }
    this.inputDim = inDim;
    this.kernel = this.addWeight('kernel', [inDim, this.units], getInitializer(this.kernelInitializer));
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], getInitializer(this.biasInitializer));
    super.build(inputShapes);
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    const shape = inputShapes[0]!;
    return [[...shape.slice(0, -1), this.units]];
  }

  forward(inputs: Activation[], _ctx: CallContext): Activation[] {
    const x = inputs[0]!;
    const k = this.kernels;
    const inDim = x.shape[x.shape.length - 1]!;
    if (x.dtype !== 'float32')
      throw new Error(`${this.name}: expects float32 input, got ${x.dtype} (put an Embedding first for token ids)`);
    if (inDim !== this.inputDim)
      throw new Error(`${this.name}: expected input with last dimension ${this.inputDim}, got shape [${x.shape}]`);
    const rows = x.shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const n = rows * this.units;
    const z = this.buffer('z', n);
    k.gemm(false, false, rows, this.units, inDim, 1, x.buf.offset, inDim, this.kernel!.value.offset, this.units, 0, z.offset, this.units);
    if (this.bias) k.addRowVector(z.offset, rows, this.units, this.bias.value.offset);
    let y = z;
    if (!this.activation.isLinear) {
      y = this.buffer('y', n);
      this.activation.forward(directCalls(k), z.offset, y.offset, rows, this.units);
    }
    this.lastInput = x;
    this.lastZ = z;
    this.lastY = y;
    this.lastRows = rows;
    return [{ buf: y, shape: [...x.shape.slice(0, -1), this.units], dtype: 'float32', mask: x.mask ?? null }];
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    const dy = outputGrads[0];
    const x = this.lastInput;
    if (!dy || !x) return [null];
    const k = this.kernels;
    const rows = this.lastRows;
    const units = this.units;
    const inDim = this.inputDim;
    let dz = dy;
    if (!this.activation.isLinear && !this.fuseActivationGrad) {
      dz = this.buffer('dz', rows * units);
      this.activation.backward(directCalls(k), this.lastZ!.offset, this.lastY!.offset, dy.offset, dz.offset, rows, units);
    }
    if (this.kernel!.isTrainable) {
      // dW += xᵀ·dz
      k.gemm(true, false, inDim, units, rows, 1, x.buf.offset, inDim, dz.offset, units, 1, this.kernel!.grad.offset, units);
    }
    if (this.bias && this.bias.isTrainable) k.sumRows(dz.offset, rows, units, this.bias.grad.offset, true);
    if (!ctx.needInputGrads[0]) return [null];
    const dx = this.buffer('dx', rows * inDim);
    k.gemm(false, true, rows, inDim, units, 1, dz.offset, units, this.kernel!.value.offset, units, 0, dx.offset, inDim);
    return [dx];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: typeof this.kernelInitializer === 'function' ? 'glorot_uniform' : this.kernelInitializer,
      biasInitializer: typeof this.biasInitializer === 'function' ? 'zeros' : this.biasInitializer,
    };
  }
}
