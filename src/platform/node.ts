// What the Node entries (`sunhwan`, `sunhwan/node`) add to the browser-safe core: the native
// kernel set (the engine's 'native', which 'auto' prefers where its binary loads) and the
// worker pool's code, so that threads start synchronously on first use. The browser entry
// leaves both out: a page never downloads the addon loader, and loads the pool only when
// `await startThreads()` starts workers (src/threads/index.ts).
import { provideNativeKernels } from '../engine.ts';
import { nativeKernels, nativeSupported } from '../kernels/native/index.ts';
import { provideThreadPool } from '../threads/index.ts';
import { ThreadPool } from '../threads/pool.ts';

/** Called by each Node entry's module body (a call, so bundlers keep it in the entry). */
export function useNodePlatform(): void {
  provideNativeKernels({ supported: nativeSupported, create: nativeKernels });
  provideThreadPool(ThreadPool);
}
