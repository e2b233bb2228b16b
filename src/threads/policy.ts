// When work is worth splitting across threads: every threshold of src/threads in one place.
//
// A fork-join (ThreadPool.run) costs ~1 µs with the workers polling and 10–30 µs when they
// sleep (bench/threads.ts), so a split pays only above a few µs of work per thread. The
// figures are work units: FLOPs for products, element operations for memory-bound kernels.
// Layers and kernels take a policy argument (default DEFAULT_POLICY); tests pass their own
// instead of changing a global.

export interface ThreadPolicy {
  /** FLOPs (2·m·n·k) from which a GEMM splits by rows or columns of C. */
  readonly gemmMinFlops: number;
  /** Work from which independent groups or ranges (samples, taps, element chunks) split. */
  readonly splitMinWork: number;
  /** Rows × columns from which a scatterAdd (an Embedding's gradient) splits by id. */
  readonly scatterMinElements: number;
  /** Batch rows from which a recurrent time loop splits by rows (each thread ≥ 4 rows). */
  readonly rowLoopMinBatch: number;
  /** A whole time loop's per-row work (see recurrentLoopWork) from which it splits by rows. */
  readonly rowLoopMinWork: number;
  /** The same for the native set's loops that call kernels step by step (cells without a C loop). */
  readonly nativeRowLoopMinWork: number;
  /** The same for the native set's loop kernels (a range's whole loop in one C call: inference and training). */
  readonly nativeLoopKernelMinWork: number;
  /** Ranges a runRanges split cuts into, and the fewest items per range. */
  readonly rangeParts: number;
  readonly rangeMinCount: number;
  /** Elements per chunk of a split fill (a large gradient buffer's zeroing). */
  readonly fillMinChunk: number;
  /** Elements per chunk of an optimizer's update of a large weight. */
  readonly updateMinChunk: number;
}

export const DEFAULT_POLICY: ThreadPolicy = Object.freeze({
  gemmMinFlops: 2_000_000,
  splitMinWork: 2_000_000,
  scatterMinElements: 1 << 16,
  rowLoopMinBatch: 8,
  // W8 (GRU(32) on 24 steps, batch 32: 5.5 M) ran no faster on 2 threads than on 1
  // (bench/small-batch.ts phase medians, forward 0.26–0.32 ms vs 0.34–0.37 ms)
  rowLoopMinWork: 8_000_000,
  // ~0.25 ms of C loop on one thread. On a quiet machine W7 (LSTM(64), 30 steps) predicts at batch
  // 64 (68 M) in 0.66 ms on two threads against 0.85 on one, at batch 32 (34 M) in 0.33 against
  // 0.44; training loops split beat whole ones from 34 M (bench/train-loop.ts: W7@32 0.84–1.00×,
  // W3@32 0.91–0.98×, W2@32 0.85–0.95×, W1@32 0.82–0.90×) but not at W8's 5.5 M (0.83 quiet, 1.29
  // loaded). (On a loaded machine a worker descheduled inside its range stalls the call: at load
  // average 8 W7's predict at batch 64 took 3.33 ms on two threads against 2.11 on one.)
  nativeLoopKernelMinWork: 30_000_000,
  // the native set runs a step's kernels ~4× faster than wasm while a step-by-step split records every
  // per-step call into jobs in JavaScript (~1 µs each): at batch 32 that recording costs more than the
  // half of the work it moves. SUNHWAN_KERNELS=native bench/small-batch.ts, train step, 2 threads split
  // vs not: W1 (LSTM(32), 500 steps) batch 32 (151 M) 13.2 vs 11.9 ms, batch 128 (606 M) 27.7 vs 32.2
  nativeRowLoopMinWork: 300_000_000,
  rangeParts: 16,
  rangeMinCount: 64,
  fillMinChunk: 65_536,
  updateMinChunk: 16_384,
});

/** FLOPs of C = op(A)·op(B) with C m×n and depth k. */
export function gemmWork(m: number, n: number, k: number): number {
  return 2 * m * n * k;
}

/**
 * A recurrent time loop's work: per step and row, the recurrent product h·U (2·units·gates·units
 * FLOPs) and the gate kernel (~10·gates·units); forward and backward alike.
 */
export function recurrentLoopWork(batch: number, steps: number, units: number, gates: number): number {
  return batch * steps * gates * units * (2 * units + 10);
}

/** An optimizer update's work per element (a few loads, stores and FMAs). */
export const UPDATE_WORK_PER_ELEMENT = 8;

/**
 * Rows (steps × batch) per block of a recurrent layer's input projection and gradient GEMMs.
 * Over all steps at once those GEMMs stream [T·B, G·u] through main memory (their depth is only
 * I or u, so they are memory-bound); a block's rows stay in cache between the GEMM and the loop.
 * A layer option (blockRows) overrides it.
 */
export const RECURRENT_BLOCK_ROWS = 1024;
