// Starting workers in each runtime, with no static import of Node built-ins (the browser
// core must not reach node:worker_threads): Node's module comes from process.getBuiltinModule
// (Node ≥ 20.16), browsers get a Blob-URL Worker.

import type { Spawner, WorkerInit } from './pool.ts';

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'error', listener: (e: Error) => void): void;
}
type NodeWorkerThreads = {
  Worker: new (source: string, options: { eval: boolean; workerData: WorkerInit; execArgv: string[] }) => NodeWorker;
};

function nodeBuiltin<T>(id: string): T | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return (proc?.getBuiltinModule?.(id) as T | undefined) ?? null;
}

/** A spawner for this runtime, or null where workers cannot share memory. */
export function defaultSpawner(): Spawner | null {
  if (typeof SharedArrayBuffer === 'undefined') return null;
  const threads = nodeBuiltin<NodeWorkerThreads>('node:worker_threads');
  if (threads) {
    return (source, init) => {
      // execArgv []: the worker is plain JavaScript; inheriting loaders (--import tsx) would
      // make its startup wait on the main thread, which is blocked waiting for it
      const worker = new threads.Worker(source, { eval: true, workerData: init, execArgv: [] });
      worker.unref(); // idle workers never keep the process alive
      worker.on('error', () => {}); // failures are reported through the control block
      return { terminate: () => void worker.terminate() };
    };
  }
  const scope = globalThis as {
    Worker?: new (url: string) => { postMessage(m: unknown): void; terminate(): void };
    crossOriginIsolated?: boolean;
  };
  if (scope.Worker && scope.crossOriginIsolated) {
    return (source, init) => {
      const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      const worker = new scope.Worker!(url);
      worker.postMessage(init);
      return { terminate: () => worker.terminate() };
    };
  }
  return null;
}

/** Cores the runtime reports (Node: os.availableParallelism; browsers: hardwareConcurrency). */
export function availableCores(): number {
  const os = nodeBuiltin<{ availableParallelism?: () => number; cpus(): unknown[] }>('node:os');
  if (os) return os.availableParallelism?.() ?? os.cpus().length;
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return nav?.hardwareConcurrency ?? 1;
}

/** Atomics.wait is allowed in Node's main thread and in workers, not on a browser's main thread. */
export function canAtomicsWait(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}
