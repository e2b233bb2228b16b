// Batch-split: run a recurrent layer's time loop on all threads at once, each thread taking
// a range of batch rows through every timestep, with no meeting between steps.
//
// The loop is written once, against the Kernels interface. runSplitByRows() hands it a
// recording Kernels: calls that act row by row on `batch` rows (the per-step GEMMs h·U and
// dZ·Uᵀ, with m = batch, the fused gate kernels, a fused Embedding's per-step gather) are queued; any other call
// first flushes the queue, then runs normally (a big GEMM is split across the pool).
// Flushing cuts the batch into one row range per thread and posts, per range, the queued
// calls rewritten for it (row count, pointers advanced by start·row width) as one job of one
// fork-join: each job carries its rows through all the queued steps. Each row's
// arithmetic is unchanged, so results are bit-identical to one thread (rows split at
// multiples of 4, see partition.ts).

import type { Kernels } from '../kernels/index.ts';
import type { Job, KernelCall, ThreadPool } from './pool.ts';
import { parallelGemm } from './parallel-gemm.ts';
import { partition, type Range } from './partition.ts';
import { recordingKernels } from './recorder.ts';

type GemmArgs = [boolean, boolean, number, number, number, number, number, number, number, number, number, number, number];

/** For kernels with (rows, units, …) arguments: pointer argument index → row width in units. */
const ROW_KERNELS: Record<string, Array<[number, number]>> = {
  simpleRnnForward: [
    [3, 1],
    [4, 1],
    [5, 1],
    [6, -1],
  ],
  simpleRnnBackward: [
    [3, 1],
    [4, 1],
    [5, 1],
    [6, -1],
  ],
  lstmForward: [
    [4, 4],
    [5, 1],
    [6, 1],
    [7, 1],
    [8, 1],
    [9, -1],
  ],
  lstmBackward: [
    [4, 4],
    [5, 1],
    [6, 1],
    [7, 1],
    [8, 1],
    [9, 4],
    [10, -1],
  ],
  gruForward: [
    [4, 3],
    [5, 3],
    [7, 1],
    [8, 1],
    [9, -1],
  ],
  gruBackward: [
    [4, 3],
    [5, 3],
    [6, 1],
    [7, 1],
    [8, 3],
    [9, 3],
    [10, -1],
  ],
  gruResetBeforeGates: [
    [3, 3],
    [4, 1],
    [5, 1],
  ],
  gruResetBeforeOutput: [
    [3, 3],
    [4, 1],
    [5, 1],
    [6, -1],
  ],
  gruResetBeforeBackwardOutput: [
    [4, 3],
    [5, 1],
    [6, 1],
    [7, 3],
    [8, -1],
  ],
  gruResetBeforeBackwardReset: [
    [3, 3],
    [4, 1],
    [5, 1],
    [6, 3],
  ],
};
// width −1: a mask pointer (one float per row), or −1 for "no mask", which stays −1.

/** GEMMs (transA first): argument indexes of [m, a, lda, c, ldc]. */
const GEMM_ROWS: Record<string, [number, number, number, number, number]> = {
  gemm: [2, 6, 7, 11, 12], // (transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
  gemmPackedB: [1, 5, 6, 9, 10], // (transA, m, n, k, alpha, a, lda, packed, beta, c, ldc)
};

// Elementwise kernels (add, mul, fill…) are never queued: their length alone cannot tell a
// per-step [batch, width] buffer from a block of steps ([steps, batch, width], e.g. input
// dropout over a block), and splitting the latter by "rows" would race with the queued
// per-row work. They flush the queue and run whole; the recurrent loops of the peer benchmarks (bench/peers) have none per step.

/** The call rewritten for rows [start, start + count), or null if it does not act on `batch` rows. */
export function rowCall(name: string, args: number[], batch: number, range: Range): number[] | null {
  const out = args.slice();
  const gemm = GEMM_ROWS[name];
  if (gemm) {
    // C rows = batch rows when op(A) is not transposed and m = batch (B is shared)
    const [m, aAt, ldaAt, cAt, ldcAt] = gemm;
    if (args[0] || args[m] !== batch) return null;
    out[m] = range.count;
    out[aAt] = args[aAt]! + range.start * args[ldaAt]!;
    out[cAt] = args[cAt]! + range.start * args[ldcAt]!;
    return out;
  }
  if (name === 'addRowVector') {
    // (x, rows, cols, bias): a step's input projection bias
    if (args[1] !== batch) return null;
    out[1] = range.count;
    out[0] = args[0]! + range.start * args[2]!;
    return out;
  }
  if (name === 'gather') {
    // (table, tableRows, cols, ids, n, out): n ids and n rows of out (a fused Embedding's step)
    if (args[4] !== batch) return null;
    out[4] = range.count;
    out[3] = args[3]! + range.start;
    out[5] = args[5]! + range.start * args[2]!;
    return out;
  }
  const rowKernel = ROW_KERNELS[name];
  if (rowKernel) {
    if (args[0] !== batch) return null;
    const units = args[1]!;
    out[0] = range.count;
    for (const [i, width] of rowKernel) {
      if (width < 0) out[i] = args[i]! < 0 ? args[i]! : args[i]! + range.start;
      else out[i] = args[i]! + range.start * width * units;
    }
    return out;
  }
  return null;
}

/**
 * Runs `body` (a time loop over `batch` rows) with kernels that split its row-wise work
 * across `pool`. `body` must not read the heap from JavaScript between kernel calls.
 */
export function runSplitByRows(kernels: Kernels, pool: ThreadPool | null, batch: number, body: (k: Kernels) => void): void {
  // one range per thread: a step's work per range is a few µs, so the per-call costs of more,
  // smaller ranges outweigh their load balancing (measured on the LSTM, GRU and SimpleRNN peer benchmarks)
  const ranges = pool ? partition(batch, pool.size, 4, 4) : [];
  if (!pool || ranges.length < 2) {
    body(kernels);
    return;
  }
  // each queued call keeps its rewrite for the first range (computed when it is classified)
  const queue: KernelCall[] = [];
  const firstRange: number[][] = [];
  const flush = (): void => {
    if (queue.length === 0) return;
    const jobs: Job[] = ranges.map((r, i) =>
      queue.map((c, j) => ({ name: c.name, args: i === 0 ? firstRange[j]! : rowCall(c.name, c.args, batch, r)! })),
    );
    queue.length = 0;
    firstRange.length = 0;
    pool.run(jobs);
  };
  const recording = recordingKernels(kernels, (name, method) => {
    const deferrable = pool.has(name);
    return (...args: unknown[]) => {
      const numeric = args.map(Number);
      const first = deferrable ? rowCall(name, numeric, batch, ranges[0]!) : null;
      if (first) {
        queue.push({ name, args: numeric });
        firstRange.push(first);
        return undefined;
      }
      flush();
      // a GEMM over other rows (a block's input projection, dU = Hᵀ·dZ): split it instead
      if (name === 'gemm' && parallelGemm(pool, ...(numeric.map((x, i) => (i < 2 ? x !== 0 : x)) as GemmArgs))) return undefined;
      return method(...args);
    };
  });
  body(recording); // on an error the queued calls are dropped: the layer's state is invalid anyway
  flush();
}
