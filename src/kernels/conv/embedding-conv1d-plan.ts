// Conv1D over an Embedding's output, worked from the token ids and the table (V rows) instead
// of the [batch, time, d] values: the table is projected once per tap, P_j = E·W_j, and each
// output row sums gathered rows of P — V·d·taps·f multiply-adds instead of B·T·d·taps·f when
// V < B·T. Backward scatters dZ into dP, then dW_j += Eᵀ·dP_j and dE += dP_j·W_jᵀ; nothing flows
// to the Embedding's output. The model decides when a Conv1D is fed this way (layers/embedding-fusion.ts).

import type { HeapBuffer } from '../../heap.ts';
import type { Kernels } from '../index.ts';
import { getThreads, runGroups, splitFill } from '../../threads/index.ts';
import { partition } from '../../threads/partition.ts';
import { Conv1DPass, type Conv1DParams, type PlanWeight, type Scratch } from './conv1d-plan.ts';
import type { Conv1DGeometry } from './geometry.ts';

/** Table rows per block of the fused backward by default: a block of dP (~0.5 MB for IMDB) stays in cache. */
export const TABLE_BLOCK_ROWS = 512;

export class EmbeddingConv1DPlan extends Conv1DPass {
  constructor(
    ops: Kernels,
    geometry: Conv1DGeometry,
    params: Conv1DParams,
    scratch: Scratch,
    /** int32 token ids [batch, inLen]. */
    private readonly ids: HeapBuffer,
    /** The Embedding's (V, channels) table. */
    private readonly table: PlanWeight,
    private readonly tableBlockRows: number,
  ) {
    super(ops, geometry, params, scratch);
  }

  get hasInputGrad(): boolean {
    return false;
  }

  /** The kernel (taps, dim, f) as [dim, taps·f], so one GEMM serves every tap. */
  private permutedKernel(): number {
    const { filters: f, taps, channels: dim } = this.geometry;
    const kp = this.scratch('kernelPermuted', dim * taps * f).offset;
    const h = this.ops.heap.f32;
    const w = this.params.kernel.value.offset;
    for (let j = 0; j < taps; j++) {
      for (let i = 0; i < dim; i++) h.copyWithin(kp + (i * taps + j) * f, w + (j * dim + i) * f, w + (j * dim + i + 1) * f);
    }
    return kp;
  }

  /** pre[row] = Σ_j P[id(row, j), j] with P = E·[W_0 … W_{taps−1}] ([V, taps·f], one GEMM). */
  protected convolve(pre: HeapBuffer): void {
    const { ops, geometry: g } = this;
    const { batch, inLen, outLen, taps, filters: f } = g;
    splitFill(ops, pre.offset, batch * outLen * f, 0);
    const kf = taps * f;
    const [vocab, dim] = this.table.shape as [number, number];
    const kp = this.permutedKernel();
    const P = this.scratch('fusedP', vocab * kf).offset;
    ops.gemm(false, false, vocab, kf, dim, 1, this.table.value.offset, dim, kp, kf, 0, P, kf);
    runGroups(ops, batch, batch * outLen * kf, (calls, b) => {
      const ids = this.ids.offset + b * inLen;
      calls.call(
        'embeddingConvGather',
        ids,
        1,
        inLen,
        outLen,
        taps,
        g.stride,
        g.dilation,
        g.padLeft,
        P,
        vocab,
        f,
        pre.offset + b * outLen * f,
      );
    });
  }

  /**
   * dP[id, j] += dZ[row], dW += Eᵀ·dP (permuted back), dE += dP·[W_0 … W_{taps−1}]ᵀ — block by
   * block of tableBlockRows table rows, so that dP never exists whole: the tokens are sorted
   * by block (stable), and each block's dP is zeroed, scattered into and multiplied while it
   * sits in cache, instead of a [V, taps·f] buffer (9 MB for IMDB) filled, scattered into at
   * random and read twice. Threads take ranges of blocks, each with its own dP block; a
   * block's share of dW is kept apart and the shares are added in block order, so any number
   * of threads gives the same bits.
   */
  protected convolveBackward(dz: number, _dx: HeapBuffer | null): void {
    const { ops, geometry: g, table, ids } = this;
    const { batch, inLen, outLen, taps, filters: f } = g;
    const kf = taps * f;
    const [vocab, dim] = table.shape as [number, number];
    const rowsPerBlock = this.tableBlockRows;
    const blocks = Math.ceil(vocab / rowsPerBlock);
    const n = batch * inLen;
    const order = this.scratch('tokenOrder', n).offset;
    const starts = this.scratch('blockStarts', blocks + 1).offset;
    ops.bucketIds(ids.offset, n, rowsPerBlock, blocks, order, starts);
    // where each block's tokens start in `order` (read here, between kernel calls)
    const blockStart = Array.from(ops.heap.i32.subarray(starts, starts + blocks + 1));
    const kernel = this.params.kernel;
    const kernelGrad = kernel.isTrainable;
    const tableGrad = table.isTrainable;
    const shares = kernelGrad ? this.scratch('kernelGradShares', blocks * dim * kf).offset : -1;
    // the kernel is unchanged since forward permuted it
    const kp = this.scratch('kernelPermuted', dim * kf).offset;
    const parts = Math.min(getThreads(), blocks);
    const dBlocks = this.scratch('tableGradBlocks', parts * rowsPerBlock * kf).offset;
    const work = 2 * (kernelGrad ? 2 : 1) * vocab * kf * dim;
    const ranges = partition(blocks, parts, 1, 1);
    runGroups(ops, ranges.length, work, (calls, part) => {
      const dBlock = dBlocks + part * rowsPerBlock * kf;
      const { start: first, count } = ranges[part]!;
      for (let b = first; b < first + count; b++) {
        const row0 = b * rowsPerBlock;
        const rows = Math.min(rowsPerBlock, vocab - row0);
        calls.call('fill', dBlock, rows * kf, 0);
        calls.call(
          'embeddingConvScatterList',
          ids.offset,
          order,
          blockStart[b]!,
          blockStart[b + 1]!,
          inLen,
          outLen,
          taps,
          g.stride,
          g.dilation,
          g.padLeft,
          dz,
          f,
          dBlock,
          row0,
        );
        const e = table.value.offset + row0 * dim;
        if (kernelGrad) calls.call('gemm', true, false, dim, kf, rows, 1, e, dim, dBlock, kf, 0, shares + b * dim * kf, kf);
        if (tableGrad) calls.call('gemm', false, true, rows, dim, kf, 1, dBlock, kf, kp, kf, 1, table.grad.offset + row0 * dim, dim);
      }
    });
    if (!kernelGrad) return;
    const dkp = shares; // block 0's share, then the others added in order
    for (let b = 1; b < blocks; b++) ops.add(dkp, shares + b * dim * kf, dkp, dim * kf);
    const grad = kernel.grad.offset;
    for (let j = 0; j < taps; j++) {
      for (let i = 0; i < dim; i++) ops.axpy(1, dkp + (i * taps + j) * f, grad + (j * dim + i) * f, f);
    }
  }
}
