// GEMM split across the pool: by rows of C when C is tall, by columns when it is wide (then
// each thread packs only its own columns of B). Bit-identical to one call: see partition.ts.

import type { Job } from './jobs.ts';
import type { ThreadPool } from './pool.ts';
import { partition } from './partition.ts';
import { gemmWork } from './policy.ts';

/**
 * Up to `parts` jobs (chunks of rows or columns) for C = alpha·op(A)·op(B) + beta·C, or null when the product is
 * under `minFlops` (ThreadPolicy.gemmMinFlops) or too thin to split. Arguments as in CoreKernels.gemm.
 */
export function gemmJobs(
  parts: number,
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: number,
  lda: number,
  b: number,
  ldb: number,
  beta: number,
  c: number,
  ldc: number,
  minFlops: number,
): Job[] | null {
  if (parts < 2 || gemmWork(m, n, k) < minFlops) return null;
  const tA = transA ? 1 : 0;
  const tB = transB ? 1 : 0;
  if (m >= n) {
    const rows = partition(m, parts, 4, 4);
    if (rows.length < 2) return null;
    // row i of op(A): A[i, :] (stride lda) or column i of the stored A
    return rows.map((r) => [
      { name: 'gemm', args: [tA, tB, r.count, n, k, alpha, a + r.start * (transA ? 1 : lda), lda, b, ldb, beta, c + r.start * ldc, ldc] },
    ]);
  }
  const cols = partition(n, parts, 8, 8);
  if (cols.length < 2) return null;
  // column j of op(B): B[:, j] or row j of the stored B
  return cols.map((r) => [
    { name: 'gemm', args: [tA, tB, m, r.count, k, alpha, a, lda, b + r.start * (transB ? ldb : 1), ldb, beta, c + r.start, ldc] },
  ]);
}

/** Runs the GEMM on the pool when worth it; returns false when the caller should run it alone. */
export function parallelGemm(
  pool: ThreadPool,
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: number,
  lda: number,
  b: number,
  ldb: number,
  beta: number,
  c: number,
  ldc: number,
  minFlops: number,
): boolean {
  const jobs = gemmJobs(pool.chunks, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, minFlops);
  if (!jobs) return false;
  pool.run(jobs);
  return true;
}
