// Elementwise merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum. Inputs must have
// the same shape (Keras also broadcasts; sunhwan asks for equal shapes). Time masks merge by
// AND: a step is kept only where every masked input keeps it.

import type { HeapBuffer } from '../../heap.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type LayerArgs, type Shape } from '../layer.ts';
import { sameShape, showShape, sizeOf } from '../core/shape-util.ts';

/** The AND of the inputs' masks (written into `out`), or null when none has a mask. */
export function mergeMasks(layer: Layer, inputs: Activation[], out: () => HeapBuffer): HeapBuffer | null {
  const masks = inputs.map((a) => a.mask).filter((m): m is HeapBuffer => !!m);
  if (masks.length === 0) return null;
  if (masks.length === 1) return masks[0]!;
  const buf = out();
  const k = layer.kernels;
  k.copy(masks[0]!.offset, buf.offset, buf.length);
  for (const m of masks.slice(1)) k.mul(buf.offset, m.offset, buf.offset, buf.length);
  return buf;
}

export type MergeOp = 'add' | 'subtract' | 'multiply' | 'average' | 'maximum' | 'minimum';

const classNames: Record<MergeOp, string> = {
  add: 'Add',
  subtract: 'Subtract',
  multiply: 'Multiply',
  average: 'Average',
  maximum: 'Maximum',
  minimum: 'Minimum',
};

export class ElementwiseMerge extends Layer {
  readonly className: string;
  readonly op: MergeOp;
  private inputs: Activation[] = [];
  private out: HeapBuffer | null = null;

  constructor(op: MergeOp, args: LayerArgs = {}) {
    super(args, op);
    this.op = op;
    this.className = classNames[op];
  }

  private check(shapes: ReadonlyArray<ReadonlyArray<number | null>>): void {
    if (shapes.length < 2) throw new Error(`${this.name}: a merge layer needs at least 2 inputs, got ${shapes.length}`);
    if (this.op === 'subtract' && shapes.length !== 2)
      throw new Error(`${this.name}: Subtract needs exactly 2 inputs, got ${shapes.length}`);
    for (const s of shapes.slice(1)) {
      if (!sameShape(shapes[0] as Shape, s as Shape)) {
        throw new Error(`${this.name}: inputs must have the same shape, got ${shapes.map((x) => showShape(x)).join(' and ')}`);
      }
    }
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    this.check(inputShapes);
    return [inputShapes[0]!.map((d, i) => d ?? inputShapes.find((s) => s[i] !== null)?.[i] ?? null)];
  }

  forward(inputs: Activation[], _ctx: CallContext): Activation[] {
    this.check(inputs.map((a) => a.shape));
    const n = sizeOf(inputs[0]!.shape);
    const k = this.kernels;
    const out = this.buffer('out', n);
    const [first, ...rest] = inputs.map((a) => a.buf.offset) as [number, ...number[]];
    switch (this.op) {
      case 'add':
      case 'average':
        k.add(first, rest[0]!, out.offset, n);
        for (const r of rest.slice(1)) k.add(out.offset, r, out.offset, n);
        if (this.op === 'average') k.scale(out.offset, 1 / inputs.length, n);
        break;
      case 'subtract':
        k.copy(first, out.offset, n);
        k.axpy(-1, rest[0]!, out.offset, n);
        break;
      case 'multiply':
        k.mul(first, rest[0]!, out.offset, n);
        for (const r of rest.slice(1)) k.mul(out.offset, r, out.offset, n);
        break;
      case 'maximum':
      case 'minimum': {
        const h = k.heap.f32;
        const pick = this.op === 'maximum' ? Math.max : Math.min;
        for (let i = 0; i < n; i++) {
          let v = h[first + i]!;
          for (const r of rest) v = pick(v, h[r + i]!);
          h[out.offset + i] = v;
        }
        break;
      }
    }
    this.inputs = inputs;
    this.out = out;
    const s = inputs[0]!.shape;
    const mask = s.length >= 3 ? mergeMasks(this, inputs, () => this.buffer('mask', s[0]! * s[1]!)) : null;
    return [{ buf: out, shape: [...inputs[0]!.shape], dtype: 'float32', mask }];
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    const dy = outputGrads[0];
    const n = sizeOf(this.inputs[0]!.shape);
    const k = this.kernels;
    return this.inputs.map((input, i) => {
      if (!(ctx.needInputGrads[i] ?? true)) return null;
      const dx = this.buffer(`dx${i}`, n);
      if (!dy) {
        k.fill(dx.offset, n, 0);
        return dx;
      }
      switch (this.op) {
        case 'add':
          k.copy(dy.offset, dx.offset, n);
          break;
        case 'average':
          k.copy(dy.offset, dx.offset, n);
          k.scale(dx.offset, 1 / this.inputs.length, n);
          break;
        case 'subtract':
          k.copy(dy.offset, dx.offset, n);
          if (i === 1) k.scale(dx.offset, -1, n);
          break;
        case 'multiply':
          // dx_i = dy ⊙ Π_{j≠i} x_j
          k.copy(dy.offset, dx.offset, n);
          this.inputs.forEach((other, j) => {
            if (j !== i) k.mul(dx.offset, other.buf.offset, dx.offset, n);
          });
          break;
        case 'maximum':
        case 'minimum': {
          // the gradient goes to the input equal to the output (the first one on ties)
          const h = k.heap.f32;
          for (let e = 0; e < n; e++) {
            const winner = this.inputs.findIndex((a) => h[a.buf.offset + e] === h[this.out!.offset + e]);
            h[dx.offset + e] = winner === i ? h[dy.offset + e]! : 0;
          }
          break;
        }
      }
      void input;
      return dx;
    });
  }
}

export const add = (args: LayerArgs = {}): ElementwiseMerge => new ElementwiseMerge('add', args);
export const subtract = (args: LayerArgs = {}): ElementwiseMerge => new ElementwiseMerge('subtract', args);
export const multiply = (args: LayerArgs = {}): ElementwiseMerge => new ElementwiseMerge('multiply', args);
export const average = (args: LayerArgs = {}): ElementwiseMerge => new ElementwiseMerge('average', args);
export const maximum = (args: LayerArgs = {}): ElementwiseMerge => new ElementwiseMerge('maximum', args);
export const minimum = (args: LayerArgs = {}): ElementwiseMerge => new ElementwiseMerge('minimum', args);
