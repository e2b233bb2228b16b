// Big GEMMs on more than one core (Node only). Worker threads each run their own instance of
// the same wasm module on the heap's shared memory, with their own GEMM scratch; the calling
// thread splits C by rows (or by columns when C is short and wide), posts the other parts
// through a small control block in the heap, computes its own part, and waits (Atomics).
//
// The split never changes a result: every element of C is computed by the same sequence of
// operations whichever thread owns it, so threaded GEMM is bit-identical to one thread.
// Browsers (no Atomics.wait on the main thread) and unshared heaps run on one thread.

import type { Heap, HeapBuffer } from '../../heap.ts';
import type { WasmExports } from './module.ts';

/** Below this many floating-point operations a GEMM stays on one thread (waking a worker costs ~10–50 µs). */
export const PARALLEL_MIN_FLOPS = 8e6;

const IDLE = 0, POSTED = 1, DONE = 2, FAILED = 3, EXIT = 4, BOOTING = 5;
// control block: [state, transA, transB, m, n, k, alpha(f32), a, lda, b, ldb, beta(f32), c, ldc]
const CONTROL_FLOATS = 16;

// Plain JS, run by each worker (eval: no module loader needed, so it works under any runner).
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, scratch } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('wasm abort'); } } });
const x = instance.exports;
x.setGemmScratch(scratch);
let i32 = new Int32Array(memory.buffer), f32 = new Float32Array(memory.buffer);
Atomics.store(i32, control, ${IDLE});
Atomics.notify(i32, control);
let seen = ${IDLE};
for (;;) {
  Atomics.wait(i32, control, seen);
  const state = Atomics.load(i32, control);
  if (state === ${EXIT}) break;
  if (state !== ${POSTED}) { seen = state; continue; }
  if (i32.buffer !== memory.buffer || i32.length * 4 !== memory.buffer.byteLength) {
    i32 = new Int32Array(memory.buffer); f32 = new Float32Array(memory.buffer);
  }
  const c = control;
  let result = ${DONE};
  try {
    x.gemm(i32[c + 1], i32[c + 2], i32[c + 3], i32[c + 4], i32[c + 5], f32[c + 6], i32[c + 7], i32[c + 8], i32[c + 9], i32[c + 10], f32[c + 11], i32[c + 12], i32[c + 13]);
  } catch (e) {
    result = ${FAILED};
  }
  Atomics.store(i32, control, result);
  Atomics.notify(i32, control);
  seen = result;
}
`;

interface NodeWorker { unref(): void; terminate(): Promise<number> }
type WorkerCtor = new (source: string, options: { eval: true; workerData: unknown }) => NodeWorker;

function nodeWorkerCtor(): WorkerCtor | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.('node:worker_threads') as { Worker?: WorkerCtor; isMainThread?: boolean } | undefined;
  return mod?.Worker ?? null;
}

/** How many threads big GEMMs may use here: the cores Node reports (at most 4), 1 where workers are unavailable. */
export function defaultGemmThreads(): number {
  if (!nodeWorkerCtor()) return 1;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = proc?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  return Math.max(1, Math.min(4, os?.availableParallelism?.() ?? 1));
}

export type GemmArgs = [
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  alpha: number, a: number, lda: number, b: number, ldb: number,
  beta: number, c: number, ldc: number,
];

export class GemmThreads {
  private workers: NodeWorker[] = [];
  private controls: HeapBuffer[] = [];
  private scratches: HeapBuffer[] = [];
  private started = false;

  /** `threads` counts the calling thread too (2 = one worker). */
  constructor(
    private readonly heap: Heap,
    private readonly mod: WebAssembly.Module,
    private readonly exports: WasmExports,
    readonly threads: number,
  ) {
    if (!heap.shared) throw new Error('GemmThreads: the heap memory must be shared (SharedArrayBuffer)');
  }

  /** Runs the GEMM split over the threads that are ready; false when it should run on one thread. */
  tryGemm(args: GemmArgs): boolean {
    const [transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc] = args;
    if (2 * m * n * k < PARALLEL_MIN_FLOPS) return false;
    if (!this.started) this.start();
    const i32 = this.heap.i32;
    const ready = this.controls.filter((ctl) => Atomics.load(i32, ctl.offset) === IDLE);
    if (ready.length === 0) return false; // still booting
    const parts = ready.length + 1;
    // row blocks are multiples of the 4-row tile, column blocks of the 8-column strip
    let splits: Array<[number, number, number, number]>; // [a, b, c, rows or cols]
    if (m >= 8 * parts) {
      splits = blocks(m, parts, 4).map(([r0, r1]) => [transA ? a + r0 : a + r0 * lda, b, c + r0 * ldc, r1 - r0]);
    } else if (n >= 16 * parts) {
      splits = blocks(n, parts, 8).map(([c0, c1]) => [a, transB ? b + c0 * ldb : b + c0, c + c0, c1 - c0]);
    } else {
      return false;
    }
    const byRows = m >= 8 * parts;
    const f32 = this.heap.f32;
    for (let w = 0; w < ready.length; w++) {
      const ctl = ready[w]!.offset;
      const [pa, pb, pc, size] = splits[w + 1]!;
      i32[ctl + 1] = transA ? 1 : 0;
      i32[ctl + 2] = transB ? 1 : 0;
      i32[ctl + 3] = byRows ? size : m;
      i32[ctl + 4] = byRows ? n : size;
      i32[ctl + 5] = k;
      f32[ctl + 6] = alpha;
      i32[ctl + 7] = pa; i32[ctl + 8] = lda;
      i32[ctl + 9] = pb; i32[ctl + 10] = ldb;
      f32[ctl + 11] = beta;
      i32[ctl + 12] = pc; i32[ctl + 13] = ldc;
      Atomics.store(i32, ctl, POSTED);
      Atomics.notify(i32, ctl);
    }
    const [pa, pb, pc, size] = splits[0]!;
    this.exports.gemm!(transA ? 1 : 0, transB ? 1 : 0, byRows ? size : m, byRows ? n : size, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    let failed = false;
    for (const ctl of ready) {
      for (;;) {
        const state = Atomics.load(i32, ctl.offset);
        if (state !== POSTED) {
          failed ||= state !== DONE;
          break;
        }
        if (Atomics.wait(i32, ctl.offset, POSTED, 10_000) === 'timed-out') {
          throw new Error('gemm: a worker thread did not answer within 10 s');
        }
      }
      Atomics.store(i32, ctl.offset, IDLE);
    }
    if (failed) throw new Error('gemm: a worker thread failed (see its stderr)');
    return true;
  }

  /** Stops the workers and frees their heap buffers. */
  close(): void {
    const i32 = this.heap.i32;
    for (const ctl of this.controls) {
      Atomics.store(i32, ctl.offset, EXIT);
      Atomics.notify(i32, ctl.offset);
    }
    for (const w of this.workers) void w.terminate();
    for (const b of [...this.controls, ...this.scratches]) this.heap.release(b);
    this.workers = [];
    this.controls = [];
    this.scratches = [];
  }

  private start(): void {
    this.started = true;
    const Worker = nodeWorkerCtor();
    if (!Worker) return;
    for (let t = 1; t < this.threads; t++) {
      const control = this.heap.alloc(CONTROL_FLOATS);
      const scratch = this.heap.alloc(this.exports.gemmScratchFloats!());
      this.heap.i32[control.offset] = BOOTING;
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module: this.mod, memory: this.heap.memory, control: control.offset, scratch: scratch.offset },
      });
      worker.unref(); // never keeps the process alive
      this.workers.push(worker);
      this.controls.push(control);
      this.scratches.push(scratch);
    }
  }
}

/** Splits [0, total) into `parts` ranges whose starts are multiples of `unit`. */
function blocks(total: number, parts: number, unit: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let p = 1; p <= parts; p++) {
    const end = p === parts ? total : Math.round((total * p) / parts / unit) * unit;
    out.push([start, end]);
    start = end;
  }
  return out;
}
