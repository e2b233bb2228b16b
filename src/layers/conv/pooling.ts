// Pooling over time: MaxPooling1D / AveragePooling1D (window poolSize, strides defaulting to
// poolSize, 'valid' | 'same') and the global versions, which reduce [batch, time, channels] to
// [batch, channels]. GlobalAveragePooling1D honours a time mask (mean over the kept steps),
// as Keras does; the others drop the mask.

import type { HeapBuffer } from '../../heap.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type LayerArgs, type Shape } from '../layer.ts';
import { windowGeometry } from '../../kernels/conv/geometry.ts';
import { runRanges } from '../../threads/index.ts';

export interface Pooling1DArgs extends LayerArgs {
  poolSize?: number | [number];
  /** Defaults to poolSize (Keras). */
  strides?: number | [number] | null;
  padding?: 'valid' | 'same';
}

const one = (v: number | [number] | null | undefined): number | undefined => (Array.isArray(v) ? v[0] : (v ?? undefined));

function checkRank3(layer: Layer, shape: ReadonlyArray<number | null>): void {
  if (shape.length !== 3)
    throw new Error(`${layer.name}: expected input of rank 3 [batch, time, channels], got [${shape.map(String).join(', ')}]`);
}

abstract class Pooling1D extends Layer {
  readonly poolSize: number;
  readonly strides: number;
  readonly padding: 'valid' | 'same';
  protected inShape: number[] = [];
  protected outLen = 0;
  protected padLeft = 0;

  constructor(args: Pooling1DArgs, prefix: string) {
    super(args, prefix);
    this.poolSize = one(args.poolSize) ?? 2;
    this.strides = one(args.strides) ?? this.poolSize;
    this.padding = args.padding ?? 'valid';
    for (const [what, v] of [
      ['poolSize', this.poolSize],
      ['strides', this.strides],
    ] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new Error(`${this.name}: ${what} must be a positive integer, got ${v}`);
    }
    if (this.padding !== 'valid' && this.padding !== 'same')
      throw new Error(`${this.name}: padding must be 'valid' or 'same', got '${this.padding}'`);
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    const s = inputShapes[0]!;
    checkRank3(this, s);
    const { outLen } = windowGeometry(s[1] ?? null, this.poolSize, this.strides, 1, this.padding);
    return [[s[0] ?? null, outLen, s[2] ?? null]];
  }

  protected prepare(x: Activation): [number, number, number] {
    checkRank3(this, x.shape);
    const [batch, inLen, channels] = x.shape as [number, number, number];
    const geo = windowGeometry(inLen, this.poolSize, this.strides, 1, this.padding);
    if (geo.outLen! <= 0) throw new Error(`${this.name}: input of ${inLen} steps is shorter than poolSize ${this.poolSize}`);
    this.outLen = geo.outLen!;
    this.padLeft = geo.padLeft;
    this.inShape = [batch, inLen, channels];
    return [batch, inLen, channels];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), poolSize: this.poolSize, strides: this.strides, padding: this.padding };
  }
}

export class MaxPooling1D extends Pooling1D {
  readonly className = 'MaxPooling1D';
  private argmax: HeapBuffer | null = null;

  constructor(args: Pooling1DArgs = {}) {
    super(args, 'max_pooling1d');
  }

  forward(inputs: Activation[], _ctx: CallContext): Activation[] {
    const x = inputs[0]!;
    const [batch, inLen, channels] = this.prepare(x);
    const n = batch * this.outLen * channels;
    const out = this.buffer('out', n);
    this.argmax = this.buffer('argmax', n);
    // threads take samples
    runRanges(
      this.kernels,
      batch,
      inLen * batch * channels,
      (calls, start, count) => {
        const o = start * this.outLen * channels;
        calls.call(
          'maxPool1d',
          x.buf.offset + start * inLen * channels,
          count,
          inLen,
          channels,
          this.outLen,
          this.poolSize,
          this.strides,
          this.padLeft,
          out.offset + o,
          this.argmax!.offset + o,
        );
      },
      { minCount: 1 },
    );
    return [{ buf: out, shape: [batch, this.outLen, channels], dtype: 'float32', mask: null }];
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    if (!(ctx.needInputGrads[0] ?? true)) return [null];
    const [batch, inLen, channels] = this.inShape as [number, number, number];
    const dx = this.buffer('dx', batch * inLen * channels);
    const dy = outputGrads[0];
    // threads take samples (each zeroes and fills its own rows of dx)
    runRanges(
      this.kernels,
      batch,
      2 * dx.length,
      (calls, start, count) => {
        const dxAt = dx.offset + start * inLen * channels;
        calls.call('fill', dxAt, count * inLen * channels, 0);
        const o = start * this.outLen * channels;
        if (dy) calls.call('maxPool1dGrad', dy.offset + o, this.argmax!.offset + o, count, inLen, channels, this.outLen, dxAt);
      },
      { minCount: 1 },
    );
    return [dx];
  }
}

export class AveragePooling1D extends Pooling1D {
  readonly className = 'AveragePooling1D';

  constructor(args: Pooling1DArgs = {}) {
    super(args, 'average_pooling1d');
  }

  forward(inputs: Activation[], _ctx: CallContext): Activation[] {
    const x = inputs[0]!;
    const [batch, inLen, channels] = this.prepare(x);
    const out = this.buffer('out', batch * this.outLen * channels);
    this.kernels.avgPool1d(x.buf.offset, batch, inLen, channels, this.outLen, this.poolSize, this.strides, this.padLeft, out.offset);
    return [{ buf: out, shape: [batch, this.outLen, channels], dtype: 'float32', mask: null }];
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    if (!(ctx.needInputGrads[0] ?? true)) return [null];
    const [batch, inLen, channels] = this.inShape as [number, number, number];
    const dx = this.buffer('dx', batch * inLen * channels);
    this.kernels.fill(dx.offset, dx.length, 0);
    const dy = outputGrads[0];
    if (dy)
      this.kernels.avgPool1dGrad(dy.offset, batch, inLen, channels, this.outLen, this.poolSize, this.strides, this.padLeft, dx.offset);
    return [dx];
  }
}

export interface GlobalPooling1DArgs extends LayerArgs {
  /** Keep the time axis with length 1 (Keras keepdims). */
  keepdims?: boolean;
}

abstract class GlobalPooling1D extends Layer {
  readonly keepdims: boolean;
  protected inShape: number[] = [];

  constructor(args: GlobalPooling1DArgs, prefix: string) {
    super(args, prefix);
    this.keepdims = args.keepdims ?? false;
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    const s = inputShapes[0]!;
    checkRank3(this, s);
    return [this.keepdims ? [s[0] ?? null, 1, s[2] ?? null] : [s[0] ?? null, s[2] ?? null]];
  }

  protected outShape(batch: number, channels: number): number[] {
    return this.keepdims ? [batch, 1, channels] : [batch, channels];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), keepdims: this.keepdims };
  }
}

export class GlobalMaxPooling1D extends GlobalPooling1D {
  readonly className = 'GlobalMaxPooling1D';
  private argmax: HeapBuffer | null = null;

  constructor(args: GlobalPooling1DArgs = {}) {
    super(args, 'global_max_pooling1d');
  }

  forward(inputs: Activation[], _ctx: CallContext): Activation[] {
    const x = inputs[0]!;
    checkRank3(this, x.shape);
    const [batch, inLen, channels] = x.shape as [number, number, number];
    if (inLen <= 0) throw new Error(`${this.name}: input has no time steps`);
    this.inShape = [batch, inLen, channels];
    const out = this.buffer('out', batch * channels);
    this.argmax = this.buffer('argmax', batch * channels);
    this.kernels.maxPool1d(x.buf.offset, batch, inLen, channels, 1, inLen, inLen, 0, out.offset, this.argmax.offset);
    return [{ buf: out, shape: this.outShape(batch, channels), dtype: 'float32', mask: null }];
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    if (!(ctx.needInputGrads[0] ?? true)) return [null];
    const [batch, inLen, channels] = this.inShape as [number, number, number];
    const dx = this.buffer('dx', batch * inLen * channels);
    this.kernels.fill(dx.offset, dx.length, 0);
    const dy = outputGrads[0];
    if (dy) this.kernels.maxPool1dGrad(dy.offset, this.argmax!.offset, batch, inLen, channels, 1, dx.offset);
    return [dx];
  }
}

export class GlobalAveragePooling1D extends GlobalPooling1D {
  readonly className = 'GlobalAveragePooling1D';
  /** Per-sample time weights mask/Σmask when a mask came in, else null. */
  private weightsBuf: HeapBuffer | null = null;

  constructor(args: GlobalPooling1DArgs = {}) {
    super(args, 'global_average_pooling1d');
  }

  forward(inputs: Activation[], _ctx: CallContext): Activation[] {
    const x = inputs[0]!;
    checkRank3(this, x.shape);
    const [batch, inLen, channels] = x.shape as [number, number, number];
    this.inShape = [batch, inLen, channels];
    const k = this.kernels;
    const out = this.buffer('out', batch * channels);
    if (!x.mask) {
      this.weightsBuf = null;
      k.avgPool1d(x.buf.offset, batch, inLen, channels, 1, inLen, inLen, 0, out.offset);
    } else {
      // out[b] = w_bᵀ·X_b with w_b = mask_b / Σ mask_b: one GEMM row per sample
      const w = this.buffer('timeWeights', batch * inLen);
      const h = k.heap.f32;
      for (let b = 0; b < batch; b++) {
        let kept = 0;
        for (let t = 0; t < inLen; t++) kept += h[x.mask.offset + b * inLen + t]!;
        const inv = kept > 0 ? 1 / kept : 0;
        for (let t = 0; t < inLen; t++) h[w.offset + b * inLen + t] = h[x.mask.offset + b * inLen + t]! * inv;
      }
      for (let b = 0; b < batch; b++) {
        k.gemm(
          false,
          false,
          1,
          channels,
          inLen,
          1,
          w.offset + b * inLen,
          inLen,
          x.buf.offset + b * inLen * channels,
          channels,
          0,
          out.offset + b * channels,
          channels,
        );
      }
      this.weightsBuf = w;
    }
    return [{ buf: out, shape: this.outShape(batch, channels), dtype: 'float32', mask: null }];
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    if (!(ctx.needInputGrads[0] ?? true)) return [null];
    const [batch, inLen, channels] = this.inShape as [number, number, number];
    const k = this.kernels;
    const dx = this.buffer('dx', batch * inLen * channels);
    k.fill(dx.offset, dx.length, 0);
    const dy = outputGrads[0];
    if (!dy) return [dx];
    if (!this.weightsBuf) {
      k.avgPool1dGrad(dy.offset, batch, inLen, channels, 1, inLen, inLen, 0, dx.offset);
    } else {
      // dX_b = w_b ⊗ dY_b (outer product)
      for (let b = 0; b < batch; b++) {
        k.gemm(
          false,
          false,
          inLen,
          channels,
          1,
          1,
          this.weightsBuf.offset + b * inLen,
          1,
          dy.offset + b * channels,
          channels,
          0,
          dx.offset + b * inLen * channels,
          channels,
        );
      }
    }
    return [dx];
  }
}

export const maxPooling1d = (args: Pooling1DArgs = {}): MaxPooling1D => new MaxPooling1D(args);
export const averagePooling1d = (args: Pooling1DArgs = {}): AveragePooling1D => new AveragePooling1D(args);
export const globalMaxPooling1d = (args: GlobalPooling1DArgs = {}): GlobalMaxPooling1D => new GlobalMaxPooling1D(args);
export const globalAveragePooling1d = (args: GlobalPooling1DArgs = {}): GlobalAveragePooling1D => new GlobalAveragePooling1D(args);
