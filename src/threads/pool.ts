// The worker pool: N−1 workers plus the calling thread, all running the same wasm kernel
// module on the same shared heap memory. One primitive, fork-join: run(jobs) lets every
// thread (the caller too) claim jobs until none is left, and returns when all are done
// (Atomics on a shared control block, see control.ts; the caller blocks with Atomics.wait
// where allowed, else spins).
//
// A job is a list of kernel calls (jobs.ts). The caller runs its job through the Kernels
// object itself, so every thread runs the same code.

import type { Kernels } from '../kernels/index.ts';
import type { HeapBuffer } from '../heap.ts';
import { instantiate } from '../kernels/wasm/module.ts';
import { PASS_THROUGH_KERNELS } from '../kernels/wasm/index.ts';
import { Control, controlWords, generationTag } from './control.ts';
import { canAtomicsWait } from './spawn.ts';
import type { Job } from './jobs.ts';
import { workerSource } from './worker-source.ts';

/** Longest program a worker takes (float64 words × 8): 8M words, far above a 10,000-step loop. */
const PROGRAM_MAX_BYTES = 64 * 1024 * 1024;

/** ES2024 growable SharedArrayBuffer (Node ≥ 20, current browsers), typed by hand for lib ES2022. */
type GrowableBuffer = SharedArrayBuffer & { grow(bytes: number): void };
/** (A function, not a top-level constant: pages that are not crossOriginIsolated have no SharedArrayBuffer.) */
function growableSharedBuffer(bytes: number, maxByteLength: number): GrowableBuffer {
  const Ctor = SharedArrayBuffer as unknown as new (bytes: number, options: { maxByteLength: number }) => GrowableBuffer;
  return new Ctor(bytes, { maxByteLength });
}

/** What a worker needs at startup (structured-cloned into the worker). */
export interface WorkerInit {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  control: SharedArrayBuffer;
  /** The programs of each run's jobs (growable, shared by all threads). */
  program: SharedArrayBuffer;
  scratchOffset: number;
  index: number;
  /** With the native kernel set: the addon's path, the kernels it replaces in the worker's wasm exports and those it adds. */
  native?: { path: string; kernels: readonly string[]; only?: Readonly<Record<string, number>> };
}

/** Starts one worker running `source` (see worker-source.ts) with `init`; returns a handle to end it. */
export type Spawner = (source: string, init: WorkerInit) => { terminate(): void };

export class ThreadPool {
  /** Threads that share a job: the workers plus the caller. */
  readonly size: number;
  /** Runs so far, jobs posted, and jobs the caller ran itself (the rest ran on workers). */
  runs = 0;
  jobs = 0;
  claimed = 0;
  /** Jobs to cut a split into: a few per thread, so a slow worker delays at most one. */
  readonly chunks: number;
  private readonly ctrl: Int32Array;
  private readonly ids = new Map<string, number>();
  /** Kernels only the native set's addon has (no wasm export): workers call them through it. */
  private readonly nativeOnly = new Set<string>();
  private readonly handles: Array<{ terminate(): void }> = [];
  private readonly scratch: HeapBuffer[] = [];
  /** The runs' programs: growable shared memory outside the heap, so the heap's allocations never change. */
  private readonly program: GrowableBuffer;
  private readonly canBlock: boolean;
  private closed = false;

  /**
   * `module` must be the module `kernels` were instantiated from (see kernels/wasm/module.ts).
   * Blocks until every worker has instantiated it (or throws after `startupMs`); with
   * `block` false (a browser's main thread, where workers start only once it yields), await
   * ready() before the first run().
   */
  constructor(
    readonly kernels: Kernels,
    module: WebAssembly.Module,
    workers: number,
    spawn: Spawner,
    startupMs = 30_000,
    block = true,
  ) {
    const heap = kernels.heap;
    if (!heap.shared) throw new Error('threads: the heap memory is not shared (no SharedArrayBuffer), so workers cannot use it');
    this.size = workers + 1;
    this.chunks = this.size === 1 ? 1 : 2 * this.size;
    this.ctrl = new Int32Array(new SharedArrayBuffer(controlWords(workers) * 4));
    this.program = growableSharedBuffer(64 * 1024, PROGRAM_MAX_BYTES);
    this.canBlock = canAtomicsWait();
    const names = WebAssembly.Module.exports(module)
      .filter((e) => e.kind === 'function')
      .map((e) => e.name);
    const probe = instantiate(heap, module); // a throwaway instance, to ask
    const gemmScratch = probe.gemmScratchFloats!();
    const native = kernels.workers?.native;
    const signatures: Array<[string, number]> = names.map((n) => [n, probe[n]!.length]);
    // the native set's kernels without a wasm twin (its training loops) follow the exports
    for (const [name, argc] of Object.entries(native?.only ?? {})) {
      if (names.includes(name)) continue;
      signatures.push([name, argc]);
      this.nativeOnly.add(name);
    }
    signatures.forEach(([n], i) => this.ids.set(n, i));
    const source = workerSource(signatures, new Set([...PASS_THROUGH_KERNELS, ...this.nativeOnly]));
    for (let i = 0; i < workers; i++) {
      const scratch = heap.alloc(gemmScratch);
      this.scratch.push(scratch);
      const handle = spawn(source, {
        memory: heap.memory,
        module,
        control: this.ctrl.buffer as SharedArrayBuffer,
        program: this.program,
        scratchOffset: scratch.offset,
        index: i,
        native,
      });
      this.handles.push(handle);
    }
    if (block) {
      this.waitFor(Control.READY, workers, startupMs, 'start');
      this.checkStarted();
    }
  }

  /** Resolves when every worker is ready, without blocking the thread (browsers' main thread). */
  async ready(timeoutMs = 30_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (Atomics.load(this.ctrl, Control.READY) < this.size - 1) {
      if (performance.now() > deadline) {
        this.close();
        throw new Error(`threads: workers did not start within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    this.checkStarted();
  }

  private checkStarted(): void {
    if (Atomics.load(this.ctrl, Control.ERRORS)) {
      const message = this.collectErrors();
      this.close();
      throw new Error(`threads: a worker could not start: ${message}`);
    }
  }

  /** Whether `name` can appear in a job: a Kernels method whose wasm export takes the same arguments, or one only the native addon has. */
  has(name: string): boolean {
    return (
      this.ids.has(name) &&
      (PASS_THROUGH_KERNELS.has(name) || this.nativeOnly.has(name)) &&
      typeof (this.kernels as unknown as Record<string, unknown>)[name] === 'function'
    );
  }

  /**
   * Runs every job once, on whichever thread claims it first (the caller claims too), and
   * returns when all are done. Post more jobs than threads (see `chunks`) so a slow or
   * descheduled worker holds back at most one chunk. An error in any job is thrown here,
   * after every claimed job has stopped.
   */
  run(jobs: Job[]): void {
    if (this.closed) throw new Error('threads: the pool is closed');
    if (jobs.length > Control.MAX_JOBS) throw new Error(`threads: ${jobs.length} jobs in one run (at most ${Control.MAX_JOBS})`);
    if (jobs.length === 0) return;
    this.runs++;
    this.jobs += jobs.length;
    this.writeJobs(jobs);
    const ctrl = this.ctrl;
    const generation = Atomics.load(ctrl, Control.GENERATION) + 1;
    const tag = generationTag(generation);
    Atomics.store(ctrl, Control.FINISHED, 0);
    Atomics.store(ctrl, Control.JOB_COUNT, jobs.length);
    Atomics.store(ctrl, Control.NEXT, tag << 16);
    Atomics.store(ctrl, Control.GENERATION, generation);
    Atomics.notify(ctrl, Control.GENERATION);
    let ownError: unknown = null;
    const k = this.kernels as unknown as Record<string, (...args: number[]) => void>;
    for (;;) {
      const next = Atomics.load(ctrl, Control.NEXT);
      const job = next & 0xffff;
      if (job >= jobs.length) break;
      if (Atomics.compareExchange(ctrl, Control.NEXT, next, next + 1) !== next) continue;
      this.claimed++;
      if (!ownError) {
        try {
          for (const call of jobs[job]!) k[call.name]!(...call.args);
        } catch (e) {
          ownError = e;
        }
      }
      Atomics.add(ctrl, Control.FINISHED, 1);
    }
    this.waitFor(Control.FINISHED, jobs.length, Infinity, 'finish');
    if (Atomics.load(ctrl, Control.ERRORS)) {
      const message = this.collectErrors();
      throw new Error(`threads: a worker failed: ${message}`);
    }
    if (ownError) throw ownError;
  }

  /**
   * Wakes sleeping workers to poll for a while without giving them work: called as a step
   * starts, so a worker's wake-up (slow on a VM whose idle vCPU was halted) overlaps the
   * caller's own setup instead of delaying the first run.
   */
  wake(): void {
    if (!this.closed) Atomics.notify(this.ctrl, Control.GENERATION);
  }

  /** Ends the workers and frees their heap buffers. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.ctrl, Control.QUIT, 1);
    Atomics.add(this.ctrl, Control.GENERATION, 1);
    Atomics.notify(this.ctrl, Control.GENERATION);
    for (const h of this.handles) h.terminate();
    const heap = this.kernels.heap;
    for (const b of this.scratch) heap.release(b);
    this.scratch.length = 0;
  }

  /** Encodes the jobs into the shared program buffer and the job table. */
  private writeJobs(jobs: Job[]): void {
    let words = 0; // float64 words
    for (const job of jobs) for (const call of job) words += 2 + call.args.length;
    const program = this.program;
    if (program.byteLength < words * 8) {
      if (words * 8 > PROGRAM_MAX_BYTES) throw new Error(`threads: the jobs of one run are too long (${words} words); split them`);
      program.grow(Math.min(PROGRAM_MAX_BYTES, Math.max(words * 8, program.byteLength * 2)));
    }
    const f64 = new Float64Array(program, 0, words);
    let p = 0;
    jobs.forEach((job, j) => {
      this.ctrl[Control.JOB_TABLE + 2 * j] = p;
      this.ctrl[Control.JOB_TABLE + 2 * j + 1] = job.length;
      for (const call of job) {
        const id = this.ids.get(call.name);
        if (id === undefined) throw new Error(`threads: ${call.name} is not a wasm kernel`);
        f64[p++] = id;
        f64[p++] = call.args.length;
        for (const a of call.args) f64[p++] = a;
      }
    });
  }

  /** Waits until ctrl[word] ≥ target (READY, FINISHED): polls, then sleeps once the wait is long. */
  private waitFor(word: number, target: number, timeoutMs: number, what: string): void {
    const start = performance.now();
    let spins = 0;
    for (;;) {
      const v = Atomics.load(this.ctrl, word);
      if (v >= target) return;
      if ((++spins & 1023) !== 0) continue; // the clock only now and then
      const waited = performance.now() - start;
      if (waited > timeoutMs) {
        this.close();
        throw new Error(`threads: workers did not ${what} within ${timeoutMs} ms (${v} of ${target})`);
      }
      if (this.canBlock && waited * 1000 > Control.WORKER_SPIN_US) Atomics.wait(this.ctrl, word, v, 50);
    }
  }

  private collectErrors(): string {
    const messages: string[] = [];
    for (let w = 0; w < this.size - 1; w++) {
      const base = Control.MESSAGES + w * Control.MESSAGE_WORDS;
      const length = this.ctrl[base]!;
      if (length > 0) {
        messages.push(`worker ${w + 1}: ${String.fromCharCode(...this.ctrl.subarray(base + 1, base + 1 + length))}`);
        this.ctrl[base] = 0;
      }
    }
    Atomics.store(this.ctrl, Control.ERRORS, 0);
    return messages.join('; ');
  }
}
