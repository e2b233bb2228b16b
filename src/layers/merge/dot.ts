// Dot({axes, normalize}): a batched dot product of two inputs of rank 2 or 3 along the given
// axes (Keras numbering: 0 is the batch axis). [B, T1, F]·[B, T2, F] with axes 2 gives the
// [B, T1, T2] score matrix of Luong attention. normalize: L2-normalise each input along its
// axis first (cosine similarity). One GEMM per sample forward, two backward.

import type { HeapBuffer } from '../../heap.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type LayerArgs, type Shape } from '../layer.ts';
import { showShape } from '../core/shape-util.ts';

export interface DotArgs extends LayerArgs {
  axes: number | [number, number];
  normalize?: boolean;
}

const NORM_EPS = 1e-12;

/** An input seen as a batch of matrices [rows, cols] with the contracted axis marked. */
interface Operand {
  rows: number;
  cols: number;
  /** Contract over rows (the matrix enters the GEMM transposed on the A side / as-is on B). */
  contractRows: boolean;
}

export class Dot extends Layer {
  readonly className = 'Dot';
  readonly axes: [number, number];
  readonly normalize: boolean;
  private inputs: Activation[] = [];
  private normalized: [HeapBuffer | null, HeapBuffer | null] = [null, null];
  private norms: [HeapBuffer | null, HeapBuffer | null] = [null, null];

  constructor(args: DotArgs) {
    super(args, 'dot');
    this.axes = Array.isArray(args.axes) ? [args.axes[0], args.axes[1]] : [args.axes, args.axes];
    this.normalize = args.normalize ?? false;
  }

  private resolveAxes(a: ReadonlyArray<number | null>, b: ReadonlyArray<number | null>): [number, number] {
    for (const s of [a, b]) {
      if (s.length !== 2 && s.length !== 3)
        throw new Error(`${this.name}: inputs must have rank 2 or 3, got ${showShape(a)} and ${showShape(b)}`);
    }
    const ax = this.axes[0] < 0 ? a.length + this.axes[0] : this.axes[0];
    const bx = this.axes[1] < 0 ? b.length + this.axes[1] : this.axes[1];
    if (ax <= 0 || ax >= a.length || bx <= 0 || bx >= b.length)
      throw new Error(`${this.name}: axes [${this.axes}] are out of range for inputs ${showShape(a)} and ${showShape(b)}`);
    if (a[ax] !== null && b[bx] !== null && a[ax] !== b[bx]) {
      throw new Error(
        `${this.name}: dimension ${ax} of ${showShape(a)} (${a[ax]}) does not match dimension ${bx} of ${showShape(b)} (${b[bx]})`,
      );
    }
    return [ax, bx];
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    if (inputShapes.length !== 2) throw new Error(`${this.name}: needs exactly 2 inputs, got ${inputShapes.length}`);
    const [a, b] = inputShapes as [Shape, Shape];
    const [ax, bx] = this.resolveAxes(a, b);
    const rest = [...a.slice(1).filter((_, i) => i + 1 !== ax), ...b.slice(1).filter((_, i) => i + 1 !== bx)];
    return [[a[0] ?? b[0] ?? null, ...(rest.length ? rest : [1])]];
  }

  /** Rank-2 inputs are [B, 1, F] on the left and [B, F, 1] on the right. */
  private operand(shape: number[], axis: number, left: boolean): Operand {
    if (shape.length === 2)
      return left ? { rows: 1, cols: shape[1]!, contractRows: false } : { rows: shape[1]!, cols: 1, contractRows: true };
    return { rows: shape[1]!, cols: shape[2]!, contractRows: axis === 1 };
  }

  /** Unit-normalises each vector along the axis into a layer buffer; saves the norms. */
  private normalizeInput(i: 0 | 1, x: Activation, op: Operand): number {
    const batch = x.shape[0]!;
    const n = batch * op.rows * op.cols;
    const out = this.buffer(`normalized${i}`, n);
    const vectors = op.contractRows ? op.cols : op.rows;
    const len = op.contractRows ? op.rows : op.cols;
    const norms = this.buffer(`norms${i}`, batch * vectors);
    const h = this.kernels.heap.f32;
    const [stride, step] = op.contractRows ? [op.cols, 1] : [1, op.cols]; // element stride, vector step
    for (let b = 0; b < batch; b++) {
      const base = b * op.rows * op.cols;
      for (let v = 0; v < vectors; v++) {
        let ss = 0;
        for (let e = 0; e < len; e++) ss += h[x.buf.offset + base + v * step + e * stride]! ** 2;
        const norm = Math.sqrt(Math.max(ss, NORM_EPS));
        h[norms.offset + b * vectors + v] = norm;
        for (let e = 0; e < len; e++) {
          const at = base + v * step + e * stride;
          h[out.offset + at] = h[x.buf.offset + at]! / norm;
        }
      }
    }
    this.normalized[i] = out;
    this.norms[i] = norms;
    return out.offset;
  }

  forward(inputs: Activation[], _ctx: CallContext): Activation[] {
    if (inputs.length !== 2) throw new Error(`${this.name}: needs exactly 2 inputs, got ${inputs.length}`);
    const [x, y] = inputs as [Activation, Activation];
    const [ax, bx] = this.resolveAxes(x.shape, y.shape);
    if (x.shape[ax] !== y.shape[bx] || x.shape[0] !== y.shape[0]) {
      throw new Error(`${this.name}: cannot take the dot product of [${x.shape}] (axis ${ax}) and [${y.shape}] (axis ${bx})`);
    }
    const A = this.operand(x.shape, ax, true);
    const B = this.operand(y.shape, bx, false);
    const a = this.normalize ? this.normalizeInput(0, x, A) : x.buf.offset;
    const b = this.normalize ? this.normalizeInput(1, y, B) : y.buf.offset;
    const batch = x.shape[0]!;
    const m = A.contractRows ? A.cols : A.rows;
    const kk = A.contractRows ? A.rows : A.cols;
    const n = B.contractRows ? B.cols : B.rows;
    const out = this.buffer('out', batch * m * n);
    for (let s = 0; s < batch; s++) {
      this.kernels.gemm(
        A.contractRows,
        !B.contractRows,
        m,
        n,
        kk,
        1,
        a + s * A.rows * A.cols,
        A.cols,
        b + s * B.rows * B.cols,
        B.cols,
        0,
        out.offset + s * m * n,
        n,
      );
    }
    this.inputs = inputs;
    const [outShape] = this.computeOutputShape([x.shape, y.shape]) as [number[]];
    return [{ buf: out, shape: outShape, dtype: 'float32', mask: null }];
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    const [x, y] = this.inputs as [Activation, Activation];
    const [ax, bx] = this.resolveAxes(x.shape, y.shape);
    const A = this.operand(x.shape, ax, true);
    const B = this.operand(y.shape, bx, false);
    const batch = x.shape[0]!;
    const m = A.contractRows ? A.cols : A.rows;
    const kk = A.contractRows ? A.rows : A.cols;
    const n = B.contractRows ? B.cols : B.rows;
    const a = this.normalize ? this.normalized[0]!.offset : x.buf.offset;
    const b = this.normalize ? this.normalized[1]!.offset : y.buf.offset;
    const k = this.kernels;
    const dy = outputGrads[0];
    const grads: Array<HeapBuffer | null> = [null, null];
    const sizeA = A.rows * A.cols;
    const sizeB = B.rows * B.cols;
    if (ctx.needInputGrads[0] ?? true) {
      const da = this.buffer('dx0', batch * sizeA);
      if (!dy) k.fill(da.offset, da.length, 0);
      else {
        for (let s = 0; s < batch; s++) {
          const dC = dy.offset + s * m * n;
          const bs = b + s * sizeB;
          // op(A) = A: dA = dC·op(B)ᵀ;  op(A) = Aᵀ: dA = op(B)·dCᵀ
          if (!A.contractRows) k.gemm(false, B.contractRows, m, kk, n, 1, dC, n, bs, B.cols, 0, da.offset + s * sizeA, A.cols);
          else k.gemm(!B.contractRows, true, kk, m, n, 1, bs, B.cols, dC, n, 0, da.offset + s * sizeA, A.cols);
        }
        if (this.normalize) this.normalizeGrad(0, da, A, batch);
      }
      grads[0] = da;
    }
    if (ctx.needInputGrads[1] ?? true) {
      const db = this.buffer('dx1', batch * sizeB);
      if (!dy) k.fill(db.offset, db.length, 0);
      else {
        for (let s = 0; s < batch; s++) {
          const dC = dy.offset + s * m * n;
          const as = a + s * sizeA;
          // op(B) = B: dB = op(A)ᵀ·dC;  op(B) = Bᵀ: dB = dCᵀ·op(A)
          if (B.contractRows) k.gemm(!A.contractRows, false, kk, n, m, 1, as, A.cols, dC, n, 0, db.offset + s * sizeB, B.cols);
          else k.gemm(true, A.contractRows, n, kk, m, 1, dC, n, as, A.cols, 0, db.offset + s * sizeB, B.cols);
        }
        if (this.normalize) this.normalizeGrad(1, db, B, batch);
      }
      grads[1] = db;
    }
    return grads;
  }

  /** In place: g ← (g − u·(u·g)) / ‖x‖ per vector, u the normalised vector. */
  private normalizeGrad(i: 0 | 1, g: HeapBuffer, op: Operand, batch: number): void {
    const h = this.kernels.heap.f32;
    const u = this.normalized[i]!.offset;
    const norms = this.norms[i]!.offset;
    const vectors = op.contractRows ? op.cols : op.rows;
    const len = op.contractRows ? op.rows : op.cols;
    const [stride, step] = op.contractRows ? [op.cols, 1] : [1, op.cols];
    for (let b = 0; b < batch; b++) {
      const base = b * op.rows * op.cols;
      for (let v = 0; v < vectors; v++) {
        let dot = 0;
        for (let e = 0; e < len; e++) {
          const at = base + v * step + e * stride;
          dot += h[u + at]! * h[g.offset + at]!;
        }
        const inv = 1 / h[norms + b * vectors + v]!;
        for (let e = 0; e < len; e++) {
          const at = base + v * step + e * stride;
          h[g.offset + at] = (h[g.offset + at]! - h[u + at]! * dot) * inv;
        }
      }
    }
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axes: this.axes, normalize: this.normalize };
  }
}

export const dot = (args: DotArgs): Dot => new Dot(args);
