// SpatialDropout1D({rate}): drops whole feature channels of a [batch, time, channels] input
// (the same channels at every timestep), scaled by 1/(1−rate); training only.

import type { HeapBuffer } from '../../heap.ts';
import { Random } from '../../random.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type LayerArgs, type Shape } from '../layer.ts';

export interface SpatialDropout1DArgs extends LayerArgs {
  rate: number;
  seed?: number;
}

export class SpatialDropout1D extends Layer {
  readonly className = 'SpatialDropout1D';
  readonly rate: number;
  readonly seed: number | null;
  private readonly ownRng: Random | null;
  private mask: HeapBuffer | null = null;
  private size = 0;

  constructor(args: SpatialDropout1DArgs) {
    super(args, 'spatial_dropout1d');
    if (!(args.rate >= 0 && args.rate < 1)) throw new Error(`${this.name}: rate must be in [0, 1), got ${args.rate}`);
    this.rate = args.rate;
    this.seed = args.seed ?? null;
    this.ownRng = args.seed !== undefined ? new Random(args.seed) : null;
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    return [[...inputShapes[0]!]];
  }

  forward(inputs: Activation[], ctx: CallContext): Activation[] {
    const x = inputs[0]!;
    if (x.shape.length !== 3) throw new Error(`${this.name}: expected input [batch, time, channels], got [${x.shape.join(', ')}]`);
    if (!ctx.training || this.rate === 0) {
      this.mask = null;
      return [x];
    }
    const [batch, time, channels] = x.shape as [number, number, number];
    this.size = batch * time * channels;
    const mask = this.buffer('mask', this.size);
    const out = this.buffer('out', this.size);
    const rng = this.ownRng ?? ctx.rng;
    const scale = 1 / (1 - this.rate);
    const h = this.kernels.heap.f32;
    for (let b = 0; b < batch; b++) {
      const row = mask.offset + b * time * channels;
      for (let c = 0; c < channels; c++) h[row + c] = rng.next() < this.rate ? 0 : scale;
      for (let t = 1; t < time; t++) h.copyWithin(row + t * channels, row, row + channels);
    }
    this.kernels.mul(x.buf.offset, mask.offset, out.offset, this.size);
    this.mask = mask;
    return [{ buf: out, shape: [...x.shape], dtype: 'float32', mask: x.mask ?? null }];
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    const dy = outputGrads[0];
    if (!dy || !(ctx.needInputGrads[0] ?? true)) return [null];
    if (!this.mask) return [dy];
    const dx = this.buffer('dx', this.size);
    this.kernels.mul(dy.offset, this.mask.offset, dx.offset, this.size);
    return [dx];
  }

  override getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { ...super.getConfig(), rate: this.rate };
    if (this.seed !== null) config.seed = this.seed;
    return config;
  }
}
