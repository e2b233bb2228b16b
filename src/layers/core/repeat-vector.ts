// RepeatVector(n): [batch, features] → [batch, n, features] (the seq2seq "bridge" of Keras'
// addition example). Backward sums the n copies' gradients.

import type { HeapBuffer } from '../../heap.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type LayerArgs, type Shape } from '../layer.ts';
import { showShape } from './shape-util.ts';

export interface RepeatVectorArgs extends LayerArgs {
  n: number;
}

export class RepeatVector extends Layer {
  readonly className = 'RepeatVector';
  readonly n: number;
  private inShape: number[] = [];

  constructor(args: RepeatVectorArgs) {
    super(args, 'repeat_vector');
    if (!Number.isInteger(args.n) || args.n <= 0) throw new Error(`${this.name}: n must be a positive integer, got ${args.n}`);
    this.n = args.n;
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    const s = inputShapes[0]!;
    if (s.length !== 2) throw new Error(`${this.name}: expected input of rank 2 [batch, features], got ${showShape(s)}`);
    return [[s[0] ?? null, this.n, s[1] ?? null]];
  }

  forward(inputs: Activation[], _ctx: CallContext): Activation[] {
    const x = inputs[0]!;
    if (x.shape.length !== 2) throw new Error(`${this.name}: expected input of rank 2 [batch, features], got [${x.shape.join(', ')}]`);
    const [batch, features] = x.shape as [number, number];
    this.inShape = [batch, features];
    const out = this.buffer('out', batch * this.n * features);
    const k = this.kernels;
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < this.n; t++) k.copy(x.buf.offset + b * features, out.offset + (b * this.n + t) * features, features);
    }
    return [{ buf: out, shape: [batch, this.n, features], dtype: x.dtype, mask: null }];
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    if (!(ctx.needInputGrads[0] ?? true)) return [null];
    const [batch, features] = this.inShape as [number, number];
    const dx = this.buffer('dx', batch * features);
    const dy = outputGrads[0];
    if (!dy) {
      this.kernels.fill(dx.offset, dx.length, 0);
      return [dx];
    }
    for (let b = 0; b < batch; b++)
      this.kernels.sumRows(dy.offset + b * this.n * features, this.n, features, dx.offset + b * features, false);
    return [dx];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), n: this.n };
  }
}
