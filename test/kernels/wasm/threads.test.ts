// Threaded GEMM: the split over worker threads must give bit-identical results to one thread
// (every element of C sees the same operations), for row and column splits and transposes.

import { describe, expect, it } from 'vitest';
import { Heap } from '../../../src/heap.ts';
import { instantiate, wasmModule } from '../../../src/kernels/wasm/module.ts';
import { GemmThreads, PARALLEL_MIN_FLOPS, type GemmArgs } from '../../../src/kernels/wasm/threads.ts';
import { wasmKernels } from '../../../src/kernels/wasm/index.ts';
import { fixture } from './differential.ts';

async function readyPool(pool: GemmThreads, probe: GemmArgs): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (pool.tryGemm(probe)) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('worker threads did not start within 5 s');
}

describe('threaded gemm', () => {
  it('splits big products over a worker, bit-identical to one thread, and frees its buffers on close', async () => {
    const heap = new Heap({ shared: true, initialBytes: 32 << 20 });
    const mod = wasmModule('simd', true);
    const single = wasmKernels(heap);
    const exports = instantiate(heap, mod);
    const pool = new GemmThreads(heap, mod, exports, 2);
    const f = fixture(heap, 5);
    const cases: Array<[boolean, boolean, number, number, number, number, number]> = [
      // transA, transB, m, n, k, alpha, beta
      [false, false, 203, 70, 300, 1, 0], // rows
      [true, false, 130, 41, 777, -0.5, 1], // rows, A transposed
      [false, true, 6, 1001, 700, 2, 0.25], // columns (m too small for rows)
      [true, true, 9, 517, 900, 1, 1], // columns, both transposed
    ];
    const scratchC = heap.alloc(203 * 1001);
    await readyPool(pool, [false, false, 64, 64, 2048, 1, heap.alloc(64 * 2048).offset, 2048, heap.alloc(2048 * 64).offset, 64, 0, scratchC.offset, 64]);
    for (const [transA, transB, m, n, k, alpha, beta] of cases) {
      expect(2 * m * n * k).toBeGreaterThanOrEqual(PARALLEL_MIN_FLOPS);
      const lda = transA ? m : k, ldb = transB ? k : n;
      const a = f.put(f.randn(m * k)), b = f.put(f.randn(k * n)), c0 = f.randn(m * n);
      const cOne = f.put(c0), cMany = f.put(c0);
      single.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, cOne, n);
      expect(pool.tryGemm([transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, cMany, n])).toBe(true);
      expect(f.get(cMany, m * n)).toEqual(f.get(cOne, m * n));
    }
    // small products and shapes too narrow to split stay on the caller's thread
    expect(pool.tryGemm([false, false, 8, 8, 8, 1, 0, 8, 0, 8, 0, scratchC.offset, 8])).toBe(false);
    const a = f.put(f.randn(6 * 100000)), b = f.put(f.randn(100000 * 20));
    expect(pool.tryGemm([false, false, 6, 20, 100000, 1, a, 100000, b, 20, 0, scratchC.offset, 20])).toBe(false);
    // memory grown after the workers started is visible to them
    const far = heap.alloc(6 << 20);
    const aFar = far.offset, bFar = far.offset + 200 * 300, cFar1 = bFar + 300 * 70, cFar2 = cFar1 + 200 * 70;
    heap.f32.set(f.randn(200 * 300), aFar);
    heap.f32.set(f.randn(300 * 70), bFar);
    single.gemm(false, false, 200, 70, 300, 1, aFar, 300, bFar, 70, 0, cFar1, 70);
    expect(pool.tryGemm([false, false, 200, 70, 300, 1, aFar, 300, bFar, 70, 0, cFar2, 70])).toBe(true);
    expect(heap.f32.slice(cFar2, cFar2 + 200 * 70)).toEqual(heap.f32.slice(cFar1, cFar1 + 200 * 70));
    const withPool = heap.allocatedElements;
    pool.close();
    expect(withPool - heap.allocatedElements).toBeGreaterThanOrEqual(exports.gemmScratchFloats!()); // the worker's scratch
  });

  it('rejects an unshared heap and a bad thread count', () => {
    const heap = new Heap({ shared: false });
    const mod = wasmModule('simd', false);
    expect(() => new GemmThreads(heap, mod, instantiate(heap, mod), 2)).toThrow(/must be shared/);
    expect(() => wasmKernels(new Heap({ shared: true }), { threads: 0 })).toThrow(/threads must be a positive integer, got 0/);
    // an unshared heap with threads > 1 simply runs on one thread
    expect(wasmKernels(heap, { threads: 2 }).name).toBe('wasm-simd');
  });
});
