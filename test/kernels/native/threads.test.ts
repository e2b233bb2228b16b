// The native set on worker threads: each worker loads the addon (WorkerInit.native) and runs
// the GEMMs in C, so a product split across the pool equals one call bit for bit (a worker that
// ran the wasm GEMM instead would round differently).

import { afterAll, describe, expect, it } from 'vitest';
import { Heap } from '../../../src/heap.ts';
import { nativeKernels, nativeSupported } from '../../../src/kernels/native/index.ts';
import { closeThreads, poolFor, setThreads, threadedKernels } from '../../../src/threads/index.ts';
import { firstMismatch, fixture } from '../wasm/differential.ts';

afterAll(() => {
  closeThreads();
});

describe.skipIf(!nativeSupported(true))('native kernels on worker threads', () => {
  it('a GEMM split across 2 threads gives the bits of one native call, with the workers running the addon', () => {
    setThreads(2);
    const heap = new Heap({ initialBytes: 16 << 20 });
    const native = nativeKernels(heap);
    const threaded = threadedKernels(native);
    const f = fixture(heap, 5);
    const [m, n, k] = [256, 200, 160];
    const a = f.put(f.randn(m * k)),
      b = f.put(f.randn(k * n));
    const single = f.put(new Float32Array(m * n));
    native.gemm(false, true, m, n, k, 1, a, k, b, k, 0, single, n);
    const split = f.put(new Float32Array(m * n));
    const pool = poolFor(native);
    expect(pool).not.toBeNull();
    // under load a worker may be slow to claim a chunk: repeat until one has run on a worker
    for (let tries = 0; tries < 200 && pool!.claimed === pool!.jobs; tries++) {
      threaded.gemm(false, true, m, n, k, 1, a, k, b, k, 0, split, n);
      expect(firstMismatch(f.get(split, m * n), f.get(single, m * n), () => 0)).toBeNull();
    }
    expect(pool!.jobs).toBeGreaterThan(pool!.claimed);
    threaded.gemm(false, true, m, n, k, 1, a, k, b, k, 0, split, n);
    expect(firstMismatch(f.get(split, m * n), f.get(single, m * n), () => 0)).toBeNull();
  });
});
