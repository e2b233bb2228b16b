// Dropout: inverted dropout (kept values scaled by 1/(1−rate)) during training only; the
// identity at inference. Masks come from the call's seeded Random (or the layer's own seed).

import type { HeapBuffer } from '../heap.ts';
import { Random } from '../random.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type LayerArgs, type Shape } from './layer.ts';

export interface DropoutArgs extends LayerArgs {
  /** Fraction of inputs to drop, in [0, 1). */
  rate: number;
  /** Per-layer seed (otherwise the model's seeded generator is used). */
  seed?: number;
}

export class Dropout extends Layer {
  readonly className: string = 'Dropout';
  readonly rate: number;
  readonly seed: number | null;
  private readonly ownRng: Random | null;
  private lastMask: HeapBuffer | null = null;
  private lastSize = 0;

  constructor(args: DropoutArgs, namePrefix = 'dropout') {
    super(args, namePrefix);
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
    if (!ctx.training || this.rate === 0) {
      this.lastMask = null;
      return [x];
    }
    if (x.dtype !== 'float32') throw new Error(`${this.name}: expects float32 input, got ${x.dtype}`);
    const n = x.shape.reduce((a, b) => a * b, 1);
    const mask = this.buffer('mask', n);
    const y = this.buffer('y', n);
    this.fillMask(mask.offset, x.shape, this.ownRng ?? ctx.rng, 1 / (1 - this.rate));
    this.kernels.mul(x.buf.offset, mask.offset, y.offset, n);
    this.lastMask = mask;
    this.lastSize = n;
    return [{ buf: y, shape: [...x.shape], dtype: 'float32', mask: x.mask ?? null }];
  }

  /** Writes the keep mask (0 or `scale` per element of an input of `shape`) at heap offset `mask`. */
  protected fillMask(mask: number, shape: number[], rng: Random, scale: number): void {
    const keep = 1 - this.rate;
    const f = this.kernels.heap.f32;
    const n = shape.reduce((a, b) => a * b, 1);
    for (let i = 0; i < n; i++) f[mask + i] = rng.next() < keep ? scale : 0;
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    const dy = outputGrads[0];
    if (!dy || !ctx.needInputGrads[0]) return [null];
    if (!this.lastMask) return [dy]; // identity
    const dx = this.buffer('dx', this.lastSize);
    this.kernels.mul(dy.offset, this.lastMask.offset, dx.offset, this.lastSize);
    return [dx];
  }

  override getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { ...super.getConfig(), rate: this.rate };
    if (this.seed !== null) config.seed = this.seed;
    return config;
  }
}
