// Threads: how many, and the kernels that use them. Browser-safe (no Node built-in imports;
// see spawn.ts). Default thread count: SUNHWAN_THREADS, else the available cores. The pool
// is started lazily, by the first call big enough to split, so small models never start
// workers; with the reference kernels, without SharedArrayBuffer (browsers that are not
// crossOriginIsolated) or with 1 thread, everything runs on the calling thread.

import { engineAsync } from '../engine.ts';
import type { Kernels } from '../kernels/index.ts';
import { wasmModule, wasmModuleAsync, type WasmVariant } from '../kernels/wasm/module.ts';
import { PARALLEL_GEMM_MIN_FLOPS, parallelGemm } from './parallel-gemm.ts';
import { canAtomicsWait, ThreadPool, type Spawner } from './pool.ts';
import { runSplitByRows } from './row-split.ts';
import { runSplitGroups } from './group-split.ts';
import { partition } from './partition.ts';
import { availableCores, defaultSpawner } from './spawn.ts';

export { ThreadPool, type Job, type KernelCall, type Spawner } from './pool.ts';
export { partition, type Range } from './partition.ts';
export { gemmJobs, PARALLEL_GEMM_MIN_FLOPS } from './parallel-gemm.ts';

let requested: number | null = null;
let pool: ThreadPool | null = null;
let poolFailed: string | null = null;
/** Threaded kernel set → the kernels it wraps. */
const baseOf = new WeakMap<Kernels, Kernels>();

function envThreads(): number | null {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.SUNHWAN_THREADS?.trim();
  if (!value) return null;
  if (value === 'auto') return availableCores();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`SUNHWAN_THREADS must be a whole number ≥ 1, got '${value}'`);
  return n;
}

/** The thread count asked for (setThreads, else SUNHWAN_THREADS, else the cores). */
export function requestedThreads(): number {
  return requested ?? envThreads() ?? availableCores();
}

/**
 * Sets the number of threads (including the calling one) that kernels may use; 1 turns
 * threading off. Takes effect at the next parallel call. Returns the number set.
 */
export function setThreads(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`setThreads: expected a whole number ≥ 1, got ${n}`);
  requested = n;
  if (pool && pool.size !== n) closeThreads();
  poolFailed = null;
  return n;
}

/** Threads in use: the running pool's size, else what the next parallel call would start. */
export function getThreads(): number {
  return pool?.size ?? requestedThreads();
}

/** The running pool, if any (never starts one). */
export function currentPool(): ThreadPool | null {
  return pool;
}

/** Lets a running pool's workers know work is coming (see ThreadPool.wake); never starts one. */
export function wakeThreads(): void {
  pool?.wake();
}

/** Ends the workers (they are restarted on demand). Workers never keep a process alive anyway. */
export function closeThreads(): void {
  pool?.close();
  pool = null;
}

function variantOf(kernels: Kernels): WasmVariant | null {
  if (kernels.name === 'wasm-simd') return 'simd';
  if (kernels.name === 'wasm-relaxed-simd') return 'relaxed';
  return null;
}

/** The pool for these (unthreaded) kernels, started on first use; null when threads are off or unavailable. */
export function poolFor(base: Kernels, spawner: Spawner | null = defaultSpawner()): ThreadPool | null {
  const threads = requestedThreads();
  const variant = variantOf(base);
  if (threads < 2 || !variant || !base.heap.shared || poolFailed !== null) return null;
  if (pool && pool.kernels === base && pool.size === threads) return pool;
  closeThreads();
  // a browser's main thread cannot wait for workers to start: startThreads() does it there
  if (!spawner || !canAtomicsWait()) return null;
  try {
    pool = new ThreadPool(base, wasmModule(variant, true), threads - 1, spawner);
  } catch (e) {
    // a runtime that cannot start workers runs everything on one thread, and says so once
    poolFailed = e instanceof Error ? e.message : String(e);
    console.warn(`sunhwan: running on one thread (${poolFailed})`);
    return null;
  }
  return pool;
}

/**
 * Starts the workers for the active kernels now, without blocking: needed once on a browser's
 * main thread (crossOriginIsolated pages); elsewhere they start on demand. Returns the threads in use.
 */
export async function startThreads(kernels?: Kernels): Promise<number> {
  kernels ??= await engineAsync();
  const base = baseOf.get(kernels) ?? kernels;
  const threads = requestedThreads();
  const variant = variantOf(base);
  const spawner = defaultSpawner();
  if (threads < 2 || !variant || !base.heap.shared || !spawner) return 1;
  if (pool && pool.kernels === base && pool.size === threads) return pool.size;
  const mod = await wasmModuleAsync(variant, true);
  closeThreads();
  const starting = new ThreadPool(base, mod, threads - 1, spawner, 30_000, false);
  await starting.ready();
  pool = starting;
  return pool.size;
}

/** Kernels → their threaded set (one per kernel set, so layers share it). */
const threadedOf = new WeakMap<Kernels, Kernels>();

/**
 * `base` with GEMMs big enough to be worth it split across the threads (the same object for
 * the same `base`). With the reference kernels or one thread it just calls `base`.
 */
export function threadedKernels(base: Kernels): Kernels {
  const inner = baseOf.get(base) ?? base;
  const known = threadedOf.get(inner);
  if (known) return known;
  const gemm = inner.gemm;
  const scatterAdd = inner.scatterAdd;
  const threaded: Kernels = {
    ...inner,
    gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
      const p = 2 * m * n * k >= PARALLEL_GEMM_MIN_FLOPS ? poolFor(inner) : null;
      if (p && parallelGemm(p, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)) return;
      gemm.call(inner, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    },
    // an Embedding's (or a fused projection's) gradient: threads take the rows whose id % size is theirs;
    // worth it from SCATTER_SPLIT_MIN (a recurrent layer's per-block scatter of dZ into dP runs while
    // the workers still spin, and a spinning pool meets in ~1 µs: bench/threads.ts)
    scatterAdd(dOut, ids, n, cols, dTable) {
      const p = n * cols >= SCATTER_SPLIT_MIN ? poolFor(inner) : null;
      if (!p) return scatterAdd.call(inner, dOut, ids, n, cols, dTable);
      p.run(Array.from({ length: p.size }, (_, part) => [{ name: 'scatterAddPart', args: [dOut, ids, n, cols, dTable, p.size, part] }]));
    },
  };
  baseOf.set(threaded, inner);
  threadedOf.set(inner, threaded);
  return threaded;
}

/**
 * Runs a time loop over `batch` rows split across the threads (see row-split.ts); runs it
 * on the calling thread with the reference kernels, one thread, or a batch under 8 rows.
 */
export function splitByRows(kernels: Kernels, batch: number, body: (k: Kernels) => void): void {
  const inner = baseOf.get(kernels) ?? kernels;
  const p = batch >= 8 ? poolFor(inner) : null;
  runSplitByRows(kernels, p, batch, body);
}

/** Rows × columns from which threadedKernels' scatterAdd splits. */
const SCATTER_SPLIT_MIN = 1 << 16;

/** Below this much work (FLOPs, or element operations for memory-bound kernels) a split costs more than it saves. */
export const SPLIT_MIN_WORK = 2_000_000;

/**
 * Runs `groups` independent groups of kernel calls on the threads (see group-split.ts):
 * body(k, g) issues group g's calls through k. Groups must write disjoint memory. `work`
 * (about the FLOPs or elements touched in all) below SPLIT_MIN_WORK runs them here, in order.
 */
export function splitGroups(kernels: Kernels, groups: number, work: number, body: (k: Kernels, group: number) => void): void {
  const inner = baseOf.get(kernels) ?? kernels;
  const p = groups >= 2 && work >= SPLIT_MIN_WORK ? poolFor(inner) : null;
  runSplitGroups(p ? inner : kernels, p, groups, body);
}

export interface RangeOptions {
  /** Ranges to cut into (default 16), each at least `minCount` long (default 64), starting at multiples of `align` (default 1). */
  parts?: number;
  minCount?: number;
  align?: number;
}

/**
 * splitGroups over ranges: [0, total) cut into up to `parts` ranges, body(k, start, count)
 * issuing one range's calls (rows of a buffer, samples of a batch, elements of a weight).
 */
export function splitRanges(
  kernels: Kernels,
  total: number,
  work: number,
  body: (k: Kernels, start: number, count: number) => void,
  options: RangeOptions = {},
): void {
  const ranges = partition(total, options.parts ?? 16, options.align ?? 1, options.minCount ?? 64);
  splitGroups(kernels, ranges.length, work, (k, g) => body(k, ranges[g]!.start, ranges[g]!.count));
}

/** fill(offset, n, value) in chunks on the threads (a large gradient buffer's zeroing). */
export function splitFill(kernels: Kernels, offset: number, n: number, value: number): void {
  splitRanges(kernels, n, n, (k, start, count) => k.fill(offset + start, count, value), { align: 4, minCount: 65_536 });
}
