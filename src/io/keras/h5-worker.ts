// Runs snapshotH5 in a Node worker thread with a time limit: libhdf5 can loop forever on a
// damaged file (a zeroed global heap sends its string reader round and round), and code
// stuck in WebAssembly cannot be interrupted from its own thread. One worker is kept for
// all reads (h5wasm loads once) and replaced when a read times out.
// Used when node:worker_threads and import.meta.resolve exist; elsewhere (browsers) the
// snapshot is taken in the calling thread.

import { snapshotH5, type H5Snapshot } from './hdf5-snapshot.ts';

interface WorkerLike {
  postMessage(message: unknown): void;
  on(event: 'message', fn: (m: { id: number; snapshot?: H5Snapshot; error?: string }) => void): void;
  on(event: 'error', fn: (e: Error) => void): void;
  terminate(): Promise<number>;
  unref(): void;
}
type WorkerCtor = new (code: string, options: { eval: true; workerData: unknown }) => WorkerLike;

const WORKER_SOURCE = `
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const __name = (f) => f;
const snapshotH5 = (${snapshotH5.toString()});
const ready = import(workerData.url).then(async (h5) => {
  const m = await h5.ready;
  if (m.activate_throwing_error_handler) m.activate_throwing_error_handler();
  return h5;
});
let files = 0;
parentPort.on('message', async ({ id, bytes }) => {
  try {
    const h5 = await ready;
    parentPort.postMessage({ id, snapshot: snapshotH5(h5, bytes, '/read-' + (++files) + '.h5') });
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.message) || e) });
  }
});
`;

let worker: WorkerLike | null = null;
let queue: Promise<unknown> = Promise.resolve();
let nextId = 0;
/** The read in progress (reads are queued, one at a time). */
let current: { id: number; resolve(s: H5Snapshot): void; reject(e: Error): void } | null = null;

function startWorker(support: { Worker: WorkerCtor; url: string }): WorkerLike {
  const w = new support.Worker(WORKER_SOURCE, { eval: true, workerData: { url: support.url } });
  w.on('message', (m) => {
    if (!current || m.id !== current.id) return;
    if (m.snapshot) current.resolve(m.snapshot);
    else current.reject(new Error(m.error ?? 'unreadable HDF5 file'));
  });
  w.on('error', (e) => {
    if (worker === w) worker = null;
    current?.reject(new Error(`the HDF5 reader failed (${e.message}); the file is damaged`));
  });
  w.unref(); // after the listeners (adding one refs the worker again): an idle reader never keeps the process alive
  return w;
}

function workerSupport(): { Worker: WorkerCtor; url: string } | null {
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  const resolve = (import.meta as { resolve?: (s: string) => string }).resolve;
  if (typeof getBuiltin !== 'function' || typeof resolve !== 'function') return null;
  const threads = getBuiltin('node:worker_threads') as { Worker?: WorkerCtor } | undefined;
  if (!threads?.Worker) return null;
  try {
    return { Worker: threads.Worker, url: resolve('h5wasm') };
  } catch {
    return null;
  }
}

/** Whether reads run in a worker with a time limit (Node) rather than in this thread. */
export function h5WorkerAvailable(): boolean {
  return workerSupport() !== null;
}

/** The file's snapshot from the worker; rejects after `limitMs` (the worker is replaced). */
export function snapshotInWorker(bytes: Uint8Array, source: string, limitMs: number): Promise<H5Snapshot> {
  const run = async (): Promise<H5Snapshot> => {
    worker ??= startWorker(workerSupport()!);
    const w = worker;
    const id = ++nextId;
    try {
      return await new Promise<H5Snapshot>((resolve, reject) => {
        const timer = setTimeout(() => {
          worker = null;
          void w.terminate();
          reject(new Error(`reading the HDF5 structure did not finish in ${Math.round(limitMs / 1000)} s; the file is damaged`));
        }, limitMs);
        current = {
          id,
          resolve: (snapshot) => {
            clearTimeout(timer);
            resolve(snapshot);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        };
        w.postMessage({ id, bytes });
      });
    } catch (e) {
      throw new Error(`${source}: ${(e as Error).message}`);
    } finally {
      current = null;
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
