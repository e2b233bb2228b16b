// Masking({maskValue}): a timestep whose features all equal maskValue is masked for the
// layers downstream (RNNs skip it); its output is zeroed, as Keras does.

import type { HeapBuffer } from '../../heap.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type LayerArgs, type Shape } from '../layer.ts';
import { sizeOf } from './shape-util.ts';

export interface MaskingArgs extends LayerArgs {
  maskValue?: number;
}

export class Masking extends Layer {
  readonly className = 'Masking';
  readonly maskValue: number;
  private inShape: number[] = [];
  private maskBuf: HeapBuffer | null = null;

  constructor(args: MaskingArgs = {}) {
    super(args, 'masking');
    this.maskValue = args.maskValue ?? 0;
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    return [[...inputShapes[0]!]];
  }

  forward(inputs: Activation[], _ctx: CallContext): Activation[] {
    const x = inputs[0]!;
    if (x.shape.length < 3) throw new Error(`${this.name}: expected input [batch, time, features…], got [${x.shape.join(', ')}]`);
    const [batch, time] = x.shape as [number, number];
    const width = sizeOf(x.shape.slice(2));
    this.inShape = [...x.shape];
    const out = this.buffer('out', batch * time * width);
    const mask = this.buffer('mask', batch * time);
    const h = this.kernels.heap.f32;
    for (let r = 0; r < batch * time; r++) {
      const row = x.buf.offset + r * width;
      let keep = 0;
      for (let j = 0; j < width; j++) {
        if (h[row + j] !== this.maskValue) {
          keep = 1;
          break;
        }
      }
      // combine with an incoming mask (a step masked upstream stays masked)
      if (x.mask && h[x.mask.offset + r] === 0) keep = 0;
      h[mask.offset + r] = keep;
      const o = out.offset + r * width;
      if (keep) h.copyWithin(o, row, row + width);
      else h.fill(0, o, o + width);
    }
    this.maskBuf = mask;
    return [{ buf: out, shape: [...x.shape], dtype: 'float32', mask }];
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    if (!(ctx.needInputGrads[0] ?? true)) return [null];
    const [batch, time] = this.inShape as [number, number];
    const width = sizeOf(this.inShape.slice(2));
    const dx = this.buffer('dx', batch * time * width);
    const dy = outputGrads[0];
    const h = this.kernels.heap.f32;
    for (let r = 0; r < batch * time; r++) {
      const o = dx.offset + r * width;
      if (dy && h[this.maskBuf!.offset + r]) h.copyWithin(o, dy.offset + r * width, dy.offset + (r + 1) * width);
      else h.fill(0, o, o + width);
    }
    return [dx];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), maskValue: this.maskValue };
  }
}
