// Conv1D's passes over the heap, chosen per call from the geometry. No im2col buffer: for each
// kernel tap j the output rows that see a real input row form a contiguous range, and their
// inputs are rows t·stride + j·dilation − padLeft, i.e. a matrix with row stride stride·channels
// — so each tap is one strided GEMM per sample, forward (Y += X_j·W_j) and backward
// (dW_j += X_jᵀ·dY, dX_j += dY·W_jᵀ). 'valid' undilated windows take one GEMM per sample
// instead (geometry.ts isWindowed), and with stride 1 their backward is two GEMMs over the batch.
// A Conv1D fed by an Embedding can work from its ids and table instead: embedding-conv1d-plan.ts.

import type { HeapBuffer } from '../../heap.ts';
import type { Kernels } from '../index.ts';
import { runGroups, runRanges, splitFill, type Calls } from '../../threads/index.ts';
import { isWindowed, tapRange, tapShift, type Conv1DGeometry } from './geometry.ts';

/** A weight as the plans see it (a layer's Weight). */
export interface PlanWeight {
  readonly value: HeapBuffer;
  readonly grad: HeapBuffer;
  readonly isTrainable: boolean;
  readonly shape: readonly number[];
}

/** The pointwise activation after the bias (a layer's ActivationFn). */
export interface PlanActivation {
  readonly isLinear: boolean;
  forward(calls: Calls, x: number, y: number, rows: number, cols: number): void;
  backward(calls: Calls, x: number, y: number, dy: number, dx: number, rows: number, cols: number): void;
}

/** Heap buffers owned by the layer, by role, reused from call to call. */
export type Scratch = (role: string, length: number) => HeapBuffer;

export interface Conv1DParams {
  kernel: PlanWeight;
  bias: PlanWeight | null;
  activation: PlanActivation;
}

/**
 * One call of a Conv1D: forward() then, for training, backward(). Subclasses supply the
 * convolution (pre = x ⊛ W and its gradients); the bias and activation are the same for all.
 */
export abstract class Conv1DPass {
  protected pre: HeapBuffer | null = null;
  protected out: HeapBuffer | null = null;

  constructor(
    protected readonly ops: Kernels,
    readonly geometry: Conv1DGeometry,
    protected readonly params: Conv1DParams,
    protected readonly scratch: Scratch,
  ) {}

  /** Whether backward() returns a gradient for the input (a fused pass sends it into the table instead). */
  abstract get hasInputGrad(): boolean;

  /** pre [batch·outLen, filters] = the convolution without bias. */
  protected abstract convolve(pre: HeapBuffer): void;

  /** Adds the kernel's gradient (and the fused table's) for dZ; writes dX into dx when given. */
  protected abstract convolveBackward(dz: number, dx: HeapBuffer | null): void;

  /** The activated output [batch, outLen, filters]. */
  forward(): HeapBuffer {
    const { ops, geometry: g } = this;
    const f = g.filters;
    const rows = g.batch * g.outLen;
    const pre = this.scratch('pre', rows * f);
    this.convolve(pre);
    const { bias, activation } = this.params;
    const out = activation.isLinear ? pre : this.scratch('out', rows * f);
    runRanges(ops, rows, 4 * rows * f, (calls, start, count) => {
      if (bias) calls.call('addRowVector', pre.offset + start * f, count, f, bias.value.offset);
      if (out !== pre) activation.forward(calls, pre.offset + start * f, out.offset + start * f, count, f);
    });
    this.pre = pre;
    this.out = out;
    return out;
  }

  /** Gradients for the output gradient dy (null = zero); returns dX when `needInput` and the pass has one. */
  backward(dy: HeapBuffer | null, needInput: boolean): HeapBuffer | null {
    const { ops, geometry: g, pre, out } = this;
    if (!pre || !out) throw new Error('Conv1D: backward called before forward');
    const f = g.filters;
    const rows = g.batch * g.outLen;
    const dx = needInput && this.hasInputGrad ? this.scratch('dx', g.batch * g.inLen * g.channels) : null;
    if (!dy) {
      if (dx) splitFill(ops, dx.offset, dx.length, 0);
      return dx;
    }
    const { bias, activation } = this.params;
    let dz = dy;
    if (!activation.isLinear) {
      dz = this.scratch('dz', rows * f);
      runRanges(ops, rows, 4 * rows * f, (calls, start, count) => {
        const o = start * f;
        activation.backward(calls, pre.offset + o, out.offset + o, dy.offset + o, dz.offset + o, count, f);
      });
    }
    if (bias && bias.isTrainable) ops.sumRows(dz.offset, rows, f, bias.grad.offset, true);
    this.convolveBackward(dz.offset, dx);
    return dx;
  }
}

/** Conv1D over float inputs x [batch, inLen, channels]. */
export class Conv1DPlan extends Conv1DPass {
  constructor(
    ops: Kernels,
    geometry: Conv1DGeometry,
    params: Conv1DParams,
    scratch: Scratch,
    private readonly x: number,
  ) {
    super(ops, geometry, params, scratch);
  }

  get hasInputGrad(): boolean {
    return true;
  }

  protected convolve(pre: HeapBuffer): void {
    const { ops, geometry: g, x } = this;
    const { batch, inLen, channels, outLen, taps } = g;
    const f = g.filters;
    const kernel = this.params.kernel.value.offset;
    const rows = batch * outLen;
    const strideIn = g.stride * channels;
    if (isWindowed(g)) {
      // one GEMM per sample: row t of the windows is x[t·stride … t·stride + taps) flattened
      const depth = taps * channels;
      runGroups(ops, batch, 2 * rows * f * depth, (calls, b) => {
        calls.call(
          'gemm',
          false,
          false,
          outLen,
          f,
          depth,
          1,
          x + b * inLen * channels,
          strideIn,
          kernel,
          f,
          0,
          pre.offset + b * outLen * f,
          f,
        );
      });
      return;
    }
    splitFill(ops, pre.offset, rows * f, 0);
    // sample by sample (threads take samples), each sample's taps in order
    runGroups(ops, batch, 2 * rows * f * channels * taps, (calls, b) => {
      for (let j = 0; j < taps; j++) {
        const [lo, hi] = tapRange(g, j);
        if (lo > hi) continue;
        const a = x + (b * inLen + lo * g.stride + tapShift(g, j)) * channels;
        const c = pre.offset + (b * outLen + lo) * f;
        calls.call('gemm', false, false, hi - lo + 1, f, channels, 1, a, strideIn, kernel + j * channels * f, f, 1, c, f);
      }
    });
  }

  protected convolveBackward(dz: number, dx: HeapBuffer | null): void {
    const { ops, geometry: g, x } = this;
    const { batch, inLen, channels, outLen, taps } = g;
    const f = g.filters;
    const kernel = this.params.kernel;
    const rows = batch * outLen;
    if (g.stride === 1 && isWindowed(g)) {
      this.batchWindowBackward(dz, dx);
      return;
    }
    if (dx) splitFill(ops, dx.offset, dx.length, 0);
    const strideIn = g.stride * channels;
    const work = 2 * rows * f * channels * taps;
    // (tap j, sample b): X_j rows of b, dY rows of b, and how many
    const tapRows = (j: number, b: number): [number, number, number] | null => {
      const [lo, hi] = tapRange(g, j);
      if (lo > hi) return null;
      return [(b * inLen + lo * g.stride + tapShift(g, j)) * channels, dz + (b * outLen + lo) * f, hi - lo + 1];
    };
    if (kernel.isTrainable && isWindowed(g)) {
      // dW [taps·channels, f] += windowsᵀ·dY per sample; threads take ranges of dW's rows
      const depth = taps * channels;
      runRanges(
        ops,
        depth,
        work,
        (calls, start, count) => {
          for (let b = 0; b < batch; b++) {
            const a = x + b * inLen * channels + start;
            calls.call('gemm', true, false, count, f, outLen, 1, a, strideIn, dz + b * outLen * f, f, 1, kernel.grad.offset + start * f, f);
          }
        },
        { parts: 4, minCount: 8 },
      );
    } else if (kernel.isTrainable) {
      // dW_j sums over samples: threads take taps (each writes its own W_j slice), samples in order
      runGroups(ops, taps, work, (calls, j) => {
        for (let b = 0; b < batch; b++) {
          const at = tapRows(j, b);
          if (at)
            calls.call(
              'gemm',
              true,
              false,
              channels,
              f,
              at[2],
              1,
              x + at[0],
              strideIn,
              at[1],
              f,
              1,
              kernel.grad.offset + j * channels * f,
              f,
            );
        }
      });
    }
    // dX of a sample sums over its taps: threads take samples, taps in order
    if (dx) {
      runGroups(ops, batch, work, (calls, b) => {
        for (let j = 0; j < taps; j++) {
          const at = tapRows(j, b);
          if (at)
            calls.call(
              'gemm',
              false,
              true,
              at[2],
              channels,
              f,
              1,
              at[1],
              f,
              kernel.value.offset + j * channels * f,
              f,
              1,
              dx.offset + at[0],
              strideIn,
            );
        }
      });
    }
  }

  /**
   * Backward of a 'valid', stride-1, undilated convolution as two GEMMs over the whole batch
   * (not taps small ones per sample). dZ goes into dY_pad [taps−1 + B·L rows, f]: sample b's
   * O = L−taps+1 rows start at taps−1 + b·L, the taps−1 rows after each sample (and before the
   * first) are zeros.
   * - dW [taps·in, f] = Σ windowsᵀ·dY: the windows of x over the whole batch (S = B·L − taps + 1
   *   rows, row stride in, overlapping) against dY_pad from row taps−1; a window that crosses
   *   into the next sample meets a zero row of dY.
   * - dX [B·L, in] = windows of dY_pad (row stride f, depth taps·f) · W_rev with
   *   W_rev[i·f + q, c] = W[taps−1−i, c, q]: row p of sample b sees dY_b[p−taps+1 … p], zeros
   *   outside the sample.
   */
  private batchWindowBackward(dz: number, dx: HeapBuffer | null): void {
    const { ops, geometry: g, x } = this;
    const { batch, inLen, channels, outLen, taps } = g;
    const f = g.filters;
    const kernel = this.params.kernel;
    const rows = taps - 1 + batch * inLen;
    const dyPad = this.scratch('dyPadded', rows * f).offset;
    runRanges(
      ops,
      batch,
      rows * f,
      (calls, start, count) => {
        // each sample's O rows, then its taps−1 zero rows (the taps−1 zeros before sample 0 go with it)
        if (start === 0) calls.call('fill', dyPad, (taps - 1) * f, 0);
        for (let b = start; b < start + count; b++) {
          const at = dyPad + (taps - 1 + b * inLen) * f;
          calls.call('copy', dz + b * outLen * f, at, outLen * f);
          calls.call('fill', at + outLen * f, (inLen - outLen) * f, 0);
        }
      },
      { minCount: 8 },
    );
    const depth = taps * channels;
    if (kernel.isTrainable) {
      ops.gemm(true, false, depth, f, batch * inLen - taps + 1, 1, x, channels, dyPad + (taps - 1) * f, f, 1, kernel.grad.offset, f);
    }
    if (!dx) return;
    const wRev = this.scratch('kernelReversedT', taps * f * channels).offset;
    const h = ops.heap.f32;
    const w = kernel.value.offset;
    for (let i = 0; i < taps; i++) {
      const j = taps - 1 - i;
      for (let q = 0; q < f; q++) {
        for (let c = 0; c < channels; c++) h[wRev + (i * f + q) * channels + c] = h[w + (j * channels + c) * f + q]!;
      }
    }
    ops.gemm(false, false, batch * inLen, channels, taps * f, 1, dyPad, f, wRev, channels, 0, dx.offset, channels);
  }
}
