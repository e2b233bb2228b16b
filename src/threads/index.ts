// Threads: how many, and the kernels that use them. Browser-safe (no Node built-in imports;
// see spawn.ts). Default thread count: SUNHWAN_THREADS, else the available cores. The pool
// is started lazily, by the first call big enough to split, so small models never start
// workers; with the reference kernels, without SharedArrayBuffer (browsers that are not
// crossOriginIsolated) or with 1 thread, everything runs on the calling thread.
//
// The pool's code (pool.ts, the worker source) is not imported here: Node entries provide it
// up front (src/platform/node.ts), so pools start synchronously on first use; a browser, whose
// main thread must start workers with `await startThreads()` anyway, loads it then, so pages
// that never start threads never download it.

import { engineAsync } from '../engine.ts';
import type { Kernels } from '../kernels/index.ts';
import { wasmModule, wasmModuleAsync } from '../kernels/wasm/module.ts';
import { parallelGemm } from './parallel-gemm.ts';
import type { ThreadPool, Spawner } from './pool.ts';
import { directCalls, JobBuilder, kernelCall, type Calls, type Job } from './jobs.ts';
import { partition, type Range } from './partition.ts';
import { DEFAULT_POLICY, gemmWork, type ThreadPolicy } from './policy.ts';
import { availableCores, canAtomicsWait, defaultSpawner } from './spawn.ts';

export type { ThreadPool, Spawner } from './pool.ts';
export { directCalls, kernelCall, type Calls, type Job, type KernelCall, type KernelName } from './jobs.ts';
export { partition, type Range } from './partition.ts';
export { gemmJobs } from './parallel-gemm.ts';
export { DEFAULT_POLICY, gemmWork, recurrentLoopWork, RECURRENT_BLOCK_ROWS, UPDATE_WORK_PER_ELEMENT, type ThreadPolicy } from './policy.ts';

let requested: number | null = null;
let Pool: typeof ThreadPool | null = null;
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

/** Makes pools start synchronously on first use (Node entries call this; see the top of this file). */
export function provideThreadPool(constructor: typeof ThreadPool): void {
  Pool = constructor;
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

/** The pool for these (unthreaded) kernels, started on first use; null when threads are off or unavailable. */
export function poolFor(base: Kernels, spawner: Spawner | null = defaultSpawner()): ThreadPool | null {
  const threads = requestedThreads();
  const variant = base.workers?.variant;
  if (threads < 2 || !variant || !base.heap.shared || poolFailed !== null) return null;
  if (pool && pool.kernels === base && pool.size === threads) return pool;
  closeThreads();
  // a browser's main thread cannot wait for workers to start: startThreads() does it there
  if (!spawner || !canAtomicsWait() || !Pool) return null;
  try {
    pool = new Pool(base, wasmModule(variant, true), threads - 1, spawner);
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
  const variant = base.workers?.variant;
  const spawner = defaultSpawner();
  if (threads < 2 || !variant || !base.heap.shared || !spawner) return 1;
  if (pool && pool.kernels === base && pool.size === threads) return pool.size;
  Pool ??= (await import('./pool.ts')).ThreadPool;
  const mod = await wasmModuleAsync(variant, true);
  closeThreads();
  const starting = new Pool(base, mod, threads - 1, spawner, 30_000, false);
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
export function threadedKernels(base: Kernels, policy: ThreadPolicy = DEFAULT_POLICY): Kernels {
  const inner = baseOf.get(base) ?? base;
  const known = threadedOf.get(inner);
  if (known) return known;
  const gemm = inner.gemm;
  const scatterAdd = inner.scatterAdd;
  const threaded: Kernels = {
    ...inner,
    gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
      const p = gemmWork(m, n, k) >= policy.gemmMinFlops ? poolFor(inner) : null;
      if (p && parallelGemm(p, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, policy.gemmMinFlops)) return;
      gemm.call(inner, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    },
    // an Embedding's (or a fused projection's) gradient: threads take the rows whose id % size is theirs
    // (a recurrent layer's per-block scatter of dZ into dP runs while the workers still spin, and a
    // spinning pool meets in ~1 µs: bench/threads.ts)
    scatterAdd(dOut, ids, n, cols, dTable) {
      const p = n * cols >= policy.scatterMinElements ? poolFor(inner) : null;
      if (!p) return scatterAdd.call(inner, dOut, ids, n, cols, dTable);
      p.run(Array.from({ length: p.size }, (_, part) => [kernelCall('scatterAddPart', dOut, ids, n, cols, dTable, p.size, part)]));
    },
  };
  baseOf.set(threaded, inner);
  threadedOf.set(inner, threaded);
  return threaded;
}

/** A pool's test for kernels its workers can run. */
const deferrableOn =
  (pool: ThreadPool) =>
  (name: string): boolean =>
    pool.has(name);

/**
 * A batch's rows cut for a time loop on the threads: one range per thread (a step's work per
 * range is a few µs, so more, smaller ranges cost more in calls than they gain in balance),
 * starting at multiples of 4 rows so every row's arithmetic is the same as on one thread
 * (partition.ts). `run(loop)` calls loop(calls, rows) once per range — each range carries its
 * rows through every step it is given, as one job of one fork-join — or, unsplit, once for all
 * rows with calls that run at once.
 */
export class RowSplit {
  readonly ranges: readonly Range[];
  private readonly pool: ThreadPool | null;
  private readonly kernels: Kernels;

  constructor(kernels: Kernels, rows: number, pool: ThreadPool | null) {
    this.kernels = kernels;
    const ranges = pool ? partition(rows, pool.size, 4, 4) : [];
    this.pool = ranges.length > 1 ? pool : null;
    this.ranges = this.pool ? ranges : [{ start: 0, count: rows }];
  }

  /** Whether the rows are split between threads. */
  get split(): boolean {
    return this.pool !== null;
  }

  run(loop: (calls: Calls, rows: Range) => void): void {
    const pool = this.pool;
    if (!pool) {
      loop(directCalls(this.kernels), this.ranges[0]!);
      return;
    }
    const deferrable = deferrableOn(pool);
    pool.run(
      this.ranges.map((rows) => {
        const job = new JobBuilder(deferrable);
        loop(job, rows);
        return job.job;
      }),
    );
  }
}

/**
 * How a recurrent time loop over `rows` batch rows runs: split by rows when the policy says
 * it pays (≥ rowLoopMinBatch rows and enough work, see recurrentLoopWork); on the calling thread
 * with the reference kernels or one thread. `loop` says what a range runs: kernel calls step by
 * step ('steps'), or its whole loop as one kernel call per block ('kernel': the sequence and
 * training loop kernels). The native set, whose kernels are faster, has its own floors for both.
 */
export function splitRows(
  kernels: Kernels,
  rows: number,
  work: number,
  policy: ThreadPolicy = DEFAULT_POLICY,
  loop: 'steps' | 'kernel' = 'steps',
): RowSplit {
  const inner = baseOf.get(kernels) ?? kernels;
  const native = inner.name === 'native';
  const minWork = !native ? policy.rowLoopMinWork : loop === 'kernel' ? policy.nativeLoopKernelMinWork : policy.nativeRowLoopMinWork;
  const p = rows >= policy.rowLoopMinBatch && work >= minWork ? poolFor(inner) : null;
  return new RowSplit(kernels, rows, p);
}

/**
 * Runs `groups` independent groups of kernel calls on the threads: body(calls, g) writes
 * group g's calls. Groups must write disjoint memory and not read what another group writes;
 * every call runs unchanged, so results are bit-identical to running the groups in order.
 * The groups are cut into a few contiguous ranges per thread (pool.chunks), each one job of
 * one fork-join. `work` (about the FLOPs or elements touched in all) under the policy's
 * splitMinWork runs them here, in order.
 */
export function runGroups(
  kernels: Kernels,
  groups: number,
  work: number,
  body: (calls: Calls, group: number) => void,
  policy: ThreadPolicy = DEFAULT_POLICY,
): void {
  const inner = baseOf.get(kernels) ?? kernels;
  const pool = groups >= 2 && work >= policy.splitMinWork ? poolFor(inner) : null;
  if (!pool) {
    const calls = directCalls(kernels);
    for (let g = 0; g < groups; g++) body(calls, g);
    return;
  }
  const deferrable = deferrableOn(pool);
  const jobs: Job[] = [];
  for (const r of partition(groups, pool.chunks, 1, 1)) {
    const job = new JobBuilder(deferrable);
    for (let g = r.start; g < r.start + r.count; g++) body(job, g);
    jobs.push(job.job);
  }
  pool.run(jobs);
}

export interface RangeOptions {
  /** Ranges to cut into (default policy.rangeParts), each at least `minCount` long (default policy.rangeMinCount), starting at multiples of `align` (default 1). */
  parts?: number;
  minCount?: number;
  align?: number;
  policy?: ThreadPolicy;
}

/**
 * runGroups over ranges: [0, total) cut into up to `parts` ranges, body(calls, start, count)
 * writing one range's calls (rows of a buffer, samples of a batch, elements of a weight).
 */
export function runRanges(
  kernels: Kernels,
  total: number,
  work: number,
  body: (calls: Calls, start: number, count: number) => void,
  options: RangeOptions = {},
): void {
  const policy = options.policy ?? DEFAULT_POLICY;
  const ranges = partition(total, options.parts ?? policy.rangeParts, options.align ?? 1, options.minCount ?? policy.rangeMinCount);
  runGroups(kernels, ranges.length, work, (calls, g) => body(calls, ranges[g]!.start, ranges[g]!.count), policy);
}

/** fill(offset, n, value) in chunks on the threads (a large gradient buffer's zeroing). */
export function splitFill(kernels: Kernels, offset: number, n: number, value: number, policy: ThreadPolicy = DEFAULT_POLICY): void {
  runRanges(kernels, n, n, (calls, start, count) => calls.call('fill', offset + start, count, value), {
    align: 4,
    minCount: policy.fillMinChunk,
    policy,
  });
}
