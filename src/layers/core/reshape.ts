// Reshape({targetShape}) (one entry may be -1) and Permute({dims}) (1-based, batch fixed), as
// Keras. Reshape is a view: the output is the input buffer with a new shape.

import type { HeapBuffer } from '../../heap.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type LayerArgs, type Shape } from '../layer.ts';
import { showShape, sizeOf } from './shape-util.ts';

export interface ReshapeArgs extends LayerArgs {
  targetShape: number[];
}

export class Reshape extends Layer {
  readonly className = 'Reshape';
  readonly targetShape: number[];

  constructor(args: ReshapeArgs) {
    super(args, 'reshape');
    this.targetShape = [...args.targetShape];
    if (this.targetShape.filter((d) => d === -1).length > 1)
      throw new Error(`${this.name}: at most one -1 in targetShape, got [${this.targetShape}]`);
  }

  private resolve(inShape: ReadonlyArray<number | null>): Array<number | null> {
    const rest = inShape.slice(1);
    if (rest.some((d) => d === null)) return this.targetShape.map((d) => (d === -1 ? null : d));
    const total = sizeOf(rest as number[]);
    const known = sizeOf(this.targetShape.filter((d) => d !== -1));
    const out = this.targetShape.map((d) => (d === -1 ? total / known : d));
    if (sizeOf(out) !== total || !out.every(Number.isInteger)) {
      throw new Error(`${this.name}: cannot reshape input ${showShape(inShape)} to target shape [${this.targetShape}]`);
    }
    return out;
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    return [[inputShapes[0]![0] ?? null, ...this.resolve(inputShapes[0]!)]];
  }

  forward(inputs: Activation[], _ctx: CallContext): Activation[] {
    const x = inputs[0]!;
    return [{ buf: x.buf, shape: [x.shape[0]!, ...(this.resolve(x.shape) as number[])], dtype: x.dtype, mask: null }];
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    return [(ctx.needInputGrads[0] ?? true) ? (outputGrads[0] ?? null) : null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), targetShape: this.targetShape };
  }
}

export interface PermuteArgs extends LayerArgs {
  /** A permutation of 1…rank−1 (the batch axis stays first), e.g. [2, 1] swaps time and features. */
  dims: number[];
}

export class Permute extends Layer {
  readonly className = 'Permute';
  readonly dims: number[];
  private inShape: number[] = [];

  constructor(args: PermuteArgs) {
    super(args, 'permute');
    this.dims = [...args.dims];
    const sorted = [...this.dims].sort((a, b) => a - b);
    if (!sorted.every((d, i) => d === i + 1))
      throw new Error(`${this.name}: dims must be a permutation of 1…${this.dims.length}, got [${this.dims}]`);
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    const s = inputShapes[0]!;
    if (s.length !== this.dims.length + 1)
      throw new Error(`${this.name}: dims [${this.dims}] need an input of rank ${this.dims.length + 1}, got ${showShape(s)}`);
    return [[s[0] ?? null, ...this.dims.map((d) => s[d] ?? null)]];
  }

  /** dst[permuted index] = src[index]; `inverse` moves data back. */
  private transpose(src: number, dst: number, shape: number[], inverse: boolean): void {
    const perm = [0, ...this.dims];
    const outShape = perm.map((p) => shape[p]!);
    const rank = shape.length;
    const inStrides = new Array<number>(rank);
    let s = 1;
    for (let i = rank - 1; i >= 0; i--) {
      inStrides[i] = s;
      s *= shape[i]!;
    }
    // stride in the input for each output axis
    const strideOfOut = perm.map((p) => inStrides[p]!);
    const h = this.kernels.heap.f32;
    const n = sizeOf(shape);
    const idx = new Array<number>(rank).fill(0);
    let inPos = 0;
    for (let o = 0; o < n; o++) {
      if (inverse) h[src + inPos] = h[dst + o]!;
      else h[dst + o] = h[src + inPos]!;
      for (let a = rank - 1; a >= 0; a--) {
        idx[a]!++;
        inPos += strideOfOut[a]!;
        if (idx[a]! < outShape[a]!) break;
        inPos -= strideOfOut[a]! * outShape[a]!;
        idx[a] = 0;
      }
    }
  }

  forward(inputs: Activation[], _ctx: CallContext): Activation[] {
    const x = inputs[0]!;
    const [outShape] = this.computeOutputShape([x.shape]) as [number[]];
    this.inShape = [...x.shape];
    const out = this.buffer('out', sizeOf(x.shape));
    this.transpose(x.buf.offset, out.offset, x.shape, false);
    return [{ buf: out, shape: outShape, dtype: x.dtype, mask: null }];
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    if (!(ctx.needInputGrads[0] ?? true)) return [null];
    const dx = this.buffer('dx', sizeOf(this.inShape));
    const dy = outputGrads[0];
    if (!dy) this.kernels.fill(dx.offset, dx.length, 0);
    else this.transpose(dx.offset, dy.offset, this.inShape, true);
    return [dx];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dims: this.dims };
  }
}
