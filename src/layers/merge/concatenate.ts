// Concatenate({axis}) (default −1, the features). Every input is [outer, width_i, inner] around
// the axis; the output interleaves the inputs' blocks. Time masks merge by AND when the axis
// is not the time axis (Keras concatenates them along time when axis = 1).

import type { HeapBuffer } from '../../heap.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type LayerArgs, type Shape } from '../layer.ts';
import { showShape, sizeOf } from '../core/shape-util.ts';
import { mergeMasks } from './merge.ts';

export interface ConcatenateArgs extends LayerArgs {
  axis?: number;
}

export class Concatenate extends Layer {
  readonly className = 'Concatenate';
  readonly axis: number;
  private inShapes: number[][] = [];

  constructor(args: ConcatenateArgs = {}) {
    super(args, 'concatenate');
    this.axis = args.axis ?? -1;
  }

  private axisFor(rank: number): number {
    const a = this.axis < 0 ? rank + this.axis : this.axis;
    if (a <= 0 || a >= rank)
      throw new Error(`${this.name}: axis ${this.axis} is out of range for inputs of rank ${rank} (the batch axis cannot be concatenated)`);
    return a;
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    if (inputShapes.length < 2) throw new Error(`${this.name}: needs at least 2 inputs, got ${inputShapes.length}`);
    const rank = inputShapes[0]!.length;
    const a = this.axisFor(rank);
    for (const s of inputShapes) {
      const ok =
        s.length === rank && s.every((d, i) => i === a || i === 0 || d === null || inputShapes[0]![i] === null || d === inputShapes[0]![i]);
      if (!ok)
        throw new Error(
          `${this.name}: inputs must match except on axis ${this.axis}, got ${inputShapes.map((x) => showShape(x)).join(', ')}`,
        );
    }
    const out = [...inputShapes[0]!];
    out[a] = inputShapes.some((s) => s[a] === null) ? null : inputShapes.reduce((n, s) => n + (s[a] as number), 0);
    return [out];
  }

  forward(inputs: Activation[], _ctx: CallContext): Activation[] {
    const shapes = inputs.map((x) => x.shape);
    const [outShape] = this.computeOutputShape(shapes) as [number[]];
    const a = this.axisFor(outShape.length);
    const outer = sizeOf(outShape.slice(0, a));
    const inner = sizeOf(outShape.slice(a + 1));
    const total = outShape[a]! * inner;
    const out = this.buffer('out', outer * total);
    const h = this.kernels.heap.f32;
    let col = 0;
    for (const x of inputs) {
      const w = x.shape[a]! * inner;
      for (let r = 0; r < outer; r++) h.copyWithin(out.offset + r * total + col, x.buf.offset + r * w, x.buf.offset + (r + 1) * w);
      col += w;
    }
    this.inShapes = shapes.map((s) => [...s]);
    let mask: HeapBuffer | null = null;
    if (outShape.length >= 3 && a !== 1) mask = mergeMasks(this, inputs, () => this.buffer('mask', outShape[0]! * outShape[1]!));
    return [{ buf: out, shape: outShape, dtype: 'float32', mask }];
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    const dy = outputGrads[0];
    const rank = this.inShapes[0]!.length;
    const a = this.axisFor(rank);
    const outer = sizeOf(this.inShapes[0]!.slice(0, a));
    const inner = sizeOf(this.inShapes[0]!.slice(a + 1));
    const total = this.inShapes.reduce((n, s) => n + s[a]!, 0) * inner;
    const h = this.kernels.heap.f32;
    let col = 0;
    return this.inShapes.map((s, i) => {
      const w = s[a]! * inner;
      const start = col;
      col += w;
      if (!(ctx.needInputGrads[i] ?? true)) return null;
      const dx = this.buffer(`dx${i}`, outer * w);
      if (!dy) {
        this.kernels.fill(dx.offset, dx.length, 0);
        return dx;
      }
      for (let r = 0; r < outer; r++) h.copyWithin(dx.offset + r * w, dy.offset + r * total + start, dy.offset + r * total + start + w);
      return dx;
    });
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

export const concatenate = (args: ConcatenateArgs = {}): Concatenate => new Concatenate(args);
