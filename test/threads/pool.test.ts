// The worker pool: threaded GEMM and batch-split time loops give bit-identical results to
// one thread; worker errors reach the caller; workers never keep the process alive.
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { Heap } from '../../src/heap.ts';
import { Act } from '../../src/kernels/core.ts';
import type { Kernels } from '../../src/kernels/index.ts';
import { wasmKernels, wasmSupported, type WasmVariant } from '../../src/kernels/wasm/index.ts';
import {
  closeThreads,
  DEFAULT_POLICY,
  gemmJobs,
  getThreads,
  poolFor,
  RowSplit,
  setThreads,
  splitRows,
  startThreads,
  threadedKernels,
} from '../../src/threads/index.ts';

const variants: WasmVariant[] = (['simd', 'relaxed'] as const).filter((v) => wasmSupported(v, true));

afterAll(() => closeThreads());

function filled(heap: Heap, n: number, seed: number): number {
  const buf = heap.alloc(n);
  const f = heap.f32;
  for (let i = 0; i < n; i++) f[buf.offset + i] = Math.sin(seed * 7.1 + i * 0.37) * 0.8;
  return buf.offset;
}

function same(heap: Heap, a: number, b: number, n: number): boolean {
  const f = heap.f32;
  for (let i = 0; i < n; i++) if (!Object.is(f[a + i], f[b + i])) return false;
  return true;
}

describe.each(variants)('threads on %s kernels', (variant) => {
  const heap = new Heap({ shared: true });
  const base = wasmKernels(heap, { variant });
  setThreads(2);
  const threaded = threadedKernels(base);

  it('starts a pool of 2 threads on the shared heap', () => {
    expect(poolFor(base)?.size).toBe(2);
    expect(getThreads()).toBe(2);
  });

  const shapes: Array<[number, number, number]> = [
    [301, 203, 97], // ragged everywhere, split by rows
    [13, 517, 200], // wide: split by columns
    [64, 64, 600], // long k
    [9, 1000, 300], // few rows
  ];
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      for (const [m, n, k] of shapes) {
        it(`gemm ${transA ? 'Aᵀ' : 'A'}·${transB ? 'Bᵀ' : 'B'} ${m}×${n}×${k} is bit-identical to one thread`, () => {
          expect(gemmJobs(2, transA, transB, m, n, k, 1, 0, 1, 0, 1, 0, 0, 1, DEFAULT_POLICY.gemmMinFlops)).not.toBeNull(); // really split
          const lda = transA ? m + 3 : k + 1;
          const ldb = transB ? k + 2 : n + 5;
          const a = filled(heap, (transA ? k : m) * lda, 1);
          const b = filled(heap, (transB ? n : k) * ldb, 2);
          const ldc = n + 1;
          const c1 = filled(heap, m * ldc, 3);
          const c2 = heap.alloc(m * ldc).offset;
          base.copy(c1, c2, m * ldc);
          base.gemm(transA, transB, m, n, k, 0.75, a, lda, b, ldb, 0.5, c1, ldc);
          threaded.gemm(transA, transB, m, n, k, 0.75, a, lda, b, ldb, 0.5, c2, ldc);
          expect(same(heap, c1, c2, m * ldc)).toBe(true);
        });
      }
    }
  }

  it('scatterAdd of a big gradient (split by id % threads) is bit-identical to one thread', () => {
    const n = 9000,
      cols = 260,
      vocab = 37; // n·cols above the policy's splitMinWork: split
    const dOut = filled(heap, n * cols, 4);
    const ids = heap.alloc(n).offset;
    for (let i = 0; i < n; i++) heap.i32[ids + i] = (i * 7919) % vocab;
    const t1 = filled(heap, vocab * cols, 5);
    const t2 = heap.alloc(vocab * cols).offset;
    base.copy(t1, t2, vocab * cols);
    const runs = poolFor(base)!.runs;
    base.scatterAdd(dOut, ids, n, cols, t1);
    threaded.scatterAdd(dOut, ids, n, cols, t2);
    expect(poolFor(base)!.runs).toBe(runs + 1);
    expect(same(heap, t1, t2, vocab * cols)).toBe(true);
  });

  /**
   * A masked LSTM time loop over [T, B] shaped like src/layers/recurrent's: per block of 4
   * steps the input projection X·W (a GEMM over the block's rows, not row-local), per step
   * h·U and the fused gates; backward per step, then per block dU += Hᵀ·dZ.
   */
  function lstmLoop(
    k: Kernels,
    split: RowSplit,
    B: number,
    T: number,
    u: number,
    z: number,
    h: number,
    c: number,
    U: number,
    mask: number,
    dh: number,
    dc: number,
    dz: number,
    dU: number,
  ): void {
    const gu = 4 * u;
    const block = 4;
    const I = u; // input features: U doubles as W, h as X (values only matter for equality)
    for (let t0 = 0; t0 < T; t0 += block) {
      const t1 = Math.min(t0 + block, T);
      k.gemm(false, false, (t1 - t0) * B, gu, I, 1, h + t0 * B * u, I, U, gu, 1, z + t0 * B * gu, gu);
      split.run((calls, rows) => {
        const n = rows.count;
        for (let t = t0; t < t1; t++) {
          const at = t * B + rows.start; // this range's first row at step t
          calls.call('gemm', false, false, n, gu, u, 1, h + at * u, u, U, gu, 1, z + at * gu, gu);
          calls.call(
            'lstmForward',
            n,
            u,
            Act.tanh,
            Act.sigmoid,
            z + at * gu,
            c + at * u,
            h + at * u,
            c + (at + B) * u,
            h + (at + B) * u,
            mask + at,
          );
        }
      });
    }
    k.fill(dh, B * u, 0.1);
    k.fill(dc, B * u, 0);
    for (let t0 = Math.floor((T - 1) / block) * block, end = T; t0 >= 0; end = t0, t0 -= block) {
      const t1 = end;
      split.run((calls, rows) => {
        const n = rows.count;
        const s = rows.start * u;
        for (let t = t1 - 1; t >= t0; t--) {
          const at = t * B + rows.start;
          calls.call(
            'lstmBackward',
            n,
            u,
            Act.tanh,
            Act.sigmoid,
            z + at * gu,
            c + at * u,
            c + (at + B) * u,
            dh + s,
            dc + s,
            dz + at * gu,
            mask + at,
          );
          calls.call('gemm', false, true, n, u, gu, 1, dz + at * gu, gu, U, gu, 1, dh + s, u);
        }
      });
      k.gemm(true, false, u, gu, (t1 - t0) * B, 1, h + t0 * B * u, u, dz + t0 * B * gu, gu, 1, dU, gu);
    }
  }

  for (const [B, T, u] of [
    [30, 7, 10],
    [128, 20, 32],
    [8, 3, 5],
    [16, 700, 4],
    [256, 9, 64],
  ] as const) {
    it(`a batch-split LSTM loop (B ${B}, T ${T}, units ${u}, masked) is bit-identical to one thread`, () => {
      const gu = 4 * u;
      const U = filled(heap, u * gu, 4);
      const zx = filled(heap, T * B * gu, 5); // the input projection, as the layer computes it first
      const mask = heap.alloc(T * B).offset;
      for (let i = 0; i < T * B; i++) heap.f32[mask + i] = i % 7 === 3 ? 0 : 1;
      const run = (k: Kernels, split: boolean): number[] => {
        const z = heap.alloc(T * B * gu).offset;
        base.copy(zx, z, T * B * gu);
        const h = heap.alloc((T + 1) * B * u).offset;
        const c = heap.alloc((T + 1) * B * u).offset;
        const dh = heap.alloc(B * u).offset;
        const dc = heap.alloc(B * u).offset;
        const dz = heap.alloc(T * B * gu).offset;
        const dU = heap.alloc(u * gu).offset;
        const rows = split ? splitRows(k, B, Infinity) : new RowSplit(k, B, null);
        expect(rows.split).toBe(split); // really split
        lstmLoop(k, rows, B, T, u, z, h, c, U, mask, dh, dc, dz, dU);
        return [z, h, c, dh, dc, dz, dU];
      };
      const one = run(base, false);
      const two = run(threaded, true);
      const sizes = [T * B * gu, (T + 1) * B * u, (T + 1) * B * u, B * u, B * u, T * B * gu, u * gu];
      sizes.forEach((n, i) => expect(same(heap, one[i]!, two[i]!, n)).toBe(true));
    });
  }

  it('reports an error inside a worker as an error in the caller, and keeps working', () => {
    const pool = poolFor(base)!;
    const beyond = heap.byteLength / 4 + 1_000_000; // outside the memory: the worker's wasm traps
    // thrown by the worker, or by the caller when it took the job before the worker woke up
    expect(() => pool.run([[], [{ name: 'fill', args: [beyond, 64, 1] }]])).toThrow(/out of bounds/);
    const x = heap.alloc(64).offset;
    pool.run([[], [{ name: 'fill', args: [x, 64, 2] }]]);
    expect(heap.f32[x + 63]).toBe(2);
  });

  it('back-to-back jobs each run exactly once, by the worker or taken by the caller', () => {
    const pool = poolFor(base)!;
    const x = heap.alloc(256).offset;
    const counter = heap.alloc(16).offset;
    heap.f32[counter] = 0;
    for (let i = 1; i <= 300; i++) {
      // the worker's job adds 1 to a counter: run twice or never, the count would be off
      pool.run([
        [{ name: 'fill', args: [x, 128, i] }],
        [
          { name: 'fill', args: [x + 128, 128, -i] },
          { name: 'add', args: [counter, counter + 1, counter, 1] },
        ],
      ]);
      heap.f32[counter + 1] = 1;
      expect(heap.f32[x + 127]).toBe(i);
      expect(heap.f32[x + 255]).toBe(-i);
    }
    expect(heap.f32[counter]).toBe(299); // the first add adds 0 (counter + 1 is set after it)
  });

  it('refuses a call that is not a wasm kernel', () => {
    expect(() => poolFor(base)!.run([[], [{ name: 'noSuchKernel', args: [] }]])).toThrow(/not a wasm kernel/);
  });
});

describe('thread settings', () => {
  it('setThreads checks its argument', () => {
    expect(() => setThreads(0)).toThrow(/whole number/);
    expect(() => setThreads(1.5)).toThrow(/whole number/);
  });

  it('startThreads starts the workers without blocking (the browser main-thread path)', async () => {
    const heap = new Heap({ shared: true });
    const base = wasmKernels(heap, { variant: 'simd' });
    setThreads(2);
    expect(await startThreads(base)).toBe(2);
    const pool = poolFor(base)!;
    const x = heap.alloc(8).offset;
    pool.run([[], [{ name: 'fill', args: [x, 8, 5] }]]);
    expect(heap.f32[x + 7]).toBe(5);
  });

  it('with 1 thread nothing is split and no pool starts', () => {
    const heap = new Heap({ shared: true });
    const base = wasmKernels(heap, { variant: 'simd' });
    setThreads(1);
    expect(poolFor(base)).toBeNull();
    expect(getThreads()).toBe(1);
    setThreads(2);
  });
});

describe('process exit', () => {
  it('a process with live workers exits on its own, without close()', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'test/threads/fixtures/live-workers.ts'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('value 3');
    expect(result.status).toBe(0);
  });
});
