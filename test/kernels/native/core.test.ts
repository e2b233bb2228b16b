// Differential tests of the native kernel set (C, N-API) against the reference kernels, with the
// wasm tests' float32 rounding bounds, on an unshared and a shared heap and on every instruction
// set this CPU has (AVX-512 and AVX2). Only where the native kernels load (Node on x86-64 Linux
// with the binary built); elsewhere there is nothing native to test, and the file says so.

import { afterAll, describe, expect, it } from 'vitest';
import { Heap } from '../../../src/heap.ts';
import { packedBFloats } from '../../../src/kernels/core.ts';
import { nativeAddon, nativeKernels, nativeSupported, nativeUnavailableReason } from '../../../src/kernels/native/index.ts';
import { checkGemm, EDGE_GEMMS, firstMismatch, fixture, U } from '../wasm/differential.ts';

const addon = nativeAddon();
const best = addon?.isa();
const isas = best === 'avx512' ? (['avx512', 'avx2'] as const) : best === 'avx2' ? (['avx2'] as const) : [];

afterAll(() => void addon?.setIsa('auto'));

describe('native kernels', () => {
  it('load here, or say why not', () => {
    if (nativeSupported()) expect(nativeUnavailableReason()).toBe('');
    else expect(nativeUnavailableReason()).toMatch(/^native kernels /);
  });
});

for (const isa of isas) {
  // the default instruction set on both heaps; the lowered one (AVX2 on an AVX-512 CPU) on one
  for (const shared of isa === best ? [false, true] : [true]) {
    describe(`native ${isa} core kernels, ${shared ? 'shared' : 'unshared'} memory`, () => {
      const heap = new Heap({ shared, initialBytes: 24 << 20 });
      const native = nativeKernels(heap);
      const f = fixture(heap);
      const useIsa = () => expect(addon!.setIsa(isa)).toBe(isa);

      it('names itself and binds to the heap', () => {
        useIsa();
        expect(native.name).toBe('native');
        expect(native.heap).toBe(heap);
        expect(addon!.isa()).toBe(isa);
      });

      it('gemm matches the reference on edge shapes, all transposes, alpha/beta, strides', () => {
        useIsa();
        const shapes: Array<[number, number, number]> = [...EDGE_GEMMS, [8, 32, 16], [17, 33, 5], [12, 57, 128], [9, 100, 513]];
        for (const [m, n, k] of shapes) {
          for (const transA of [false, true]) {
            for (const transB of [false, true]) {
              for (const [alpha, beta] of [
                [1, 0],
                [-0.5, 1],
                [2, 0.25],
              ] as const) {
                const pad = (m + n + k) % 3;
                expect(checkGemm(f, native, { transA, transB, m, n, k, alpha, beta, padA: pad, padB: 2 - pad, padC: pad })).toBeNull();
              }
            }
          }
        }
      });

      it('gemm matches the reference on random shapes across the tile edges (8 or 4 rows, 32 or 24 columns)', () => {
        useIsa();
        for (let t = 0; t < 60; t++) {
          const g = {
            transA: f.rng.int(2) === 1,
            transB: f.rng.int(2) === 1,
            m: 1 + f.rng.int(40),
            n: 1 + f.rng.int(90),
            k: 1 + f.rng.int(300),
            alpha: [1, 0.5, -3][f.rng.int(3)]!,
            beta: [0, 1, -0.75][f.rng.int(3)]!,
            padA: f.rng.int(4),
            padB: f.rng.int(4),
            padC: f.rng.int(4),
          };
          expect(checkGemm(f, native, g)).toBeNull();
        }
      });

      it('packB lays op(B) out exactly as the reference; gemmPackedB equals gemm bit for bit and the reference within bounds', () => {
        useIsa();
        const shapes: Array<[number, number, number]> = [
          [4, 8, 4],
          [6, 13, 7],
          [64, 512, 128],
          [9, 520, 300],
          [2, 17, 6],
          [5, 1030, 260],
        ];
        for (const [m, n, k] of shapes) {
          for (const transA of [false, true]) {
            for (const transB of [false, true]) {
              const ldb = (transB ? k : n) + 1;
              const lda = (transA ? m : k) + 2;
              const b = f.put(f.randn((transB ? n : k) * ldb));
              const a = f.put(f.randn((transA ? k : m) * lda));
              const size = packedBFloats(n, k);
              const packedRef = f.put(new Float32Array(size).fill(NaN));
              const packedNative = f.put(new Float32Array(size).fill(NaN));
              f.ref.packB(transB, b, ldb, k, n, packedRef);
              native.packB(transB, b, ldb, k, n, packedNative);
              expect(
                firstMismatch(f.get(packedNative, size), f.get(packedRef, size), () => 0),
                `packB ${k}×${n}`,
              ).toBeNull();
              const c = f.randn(m * n);
              const [viaGemm, viaPacked, viaRef] = [f.put(c), f.put(c), f.put(c)];
              native.gemm(transA, transB, m, n, k, 0.5, a, lda, b, ldb, 1, viaGemm, n);
              native.gemmPackedB(transA, m, n, k, 0.5, a, lda, packedNative, 1, viaPacked, n);
              f.ref.gemmPackedB(transA, m, n, k, 0.5, a, lda, packedRef, 1, viaRef, n);
              const got = f.get(viaPacked, m * n);
              expect(
                firstMismatch(got, f.get(viaGemm, m * n), () => 0),
                `m=${m} n=${n} k=${k}`,
              ).toBeNull();
              expect(firstMismatch(got, f.get(viaRef, m * n), (i) => (k + 4) * U * 64 * (1 + Math.abs(c[i]!)))).toBeNull();
              for (const off of [a, b, packedRef, packedNative, viaGemm, viaPacked, viaRef]) f.heap.release({ offset: off, length: 0 });
            }
          }
        }
      }, 180_000); // seconds alone; minutes on a loaded machine

      it('gives the same bits for C in one call as in parts (rows from multiples of 4, columns from multiples of 8): what threads rely on', () => {
        useIsa();
        const [m, n, k] = [70, 150, 300];
        for (const transA of [false, true]) {
          for (const transB of [false, true]) {
            const lda = transA ? m : k,
              ldb = transB ? k : n;
            const a = f.put(f.randn(m * k)),
              b = f.put(f.randn(k * n)),
              c0 = f.randn(m * n);
            const whole = f.put(c0),
              byRows = f.put(c0),
              byCols = f.put(c0);
            native.gemm(transA, transB, m, n, k, 0.75, a, lda, b, ldb, 0.5, whole, n);
            for (const [start, count] of [
              [0, 36],
              [36, 4],
              [40, 30],
            ]) {
              native.gemm(transA, transB, count, n, k, 0.75, a + start * (transA ? 1 : lda), lda, b, ldb, 0.5, byRows + start * n, n);
            }
            for (const [start, count] of [
              [0, 72],
              [72, 8],
              [80, 70],
            ]) {
              native.gemm(transA, transB, m, count, k, 0.75, a, lda, b + start * (transB ? ldb : 1), ldb, 0.5, byCols + start, n);
            }
            const want = f.get(whole, m * n);
            expect(firstMismatch(f.get(byRows, m * n), want, () => 0)).toBeNull();
            expect(firstMismatch(f.get(byCols, m * n), want, () => 0)).toBeNull();
            for (const off of [a, b, whole, byRows, byCols]) f.heap.release({ offset: off, length: 0 });
          }
        }
      });

      it('gemm with k = 0 scales C by beta; m or n = 0 writes nothing', () => {
        useIsa();
        expect(checkGemm(f, native, { transA: false, transB: false, m: 3, n: 5, k: 0, alpha: 1, beta: 0.5 })).toBeNull();
        expect(checkGemm(f, native, { transA: true, transB: false, m: 3, n: 5, k: 0, alpha: 1, beta: 0 })).toBeNull();
        expect(checkGemm(f, native, { transA: false, transB: true, m: 0, n: 5, k: 3, alpha: 1, beta: 1 })).toBeNull();
        expect(checkGemm(f, native, { transA: false, transB: false, m: 4, n: 0, k: 3, alpha: 1, beta: 1 })).toBeNull();
      });

      it('refuses a region outside the heap, or a bad size, with an error naming it (never a write outside)', () => {
        useIsa();
        const floats = heap.byteLength / 4;
        expect(() => native.gemm(false, false, 4, 4, 4, 1, 0, 4, 0, 4, 0, floats - 8, 4)).toThrow(
          /native gemm: C \(offset \d+, 4 x 4, stride 4\) reaches past the heap's \d+ floats/,
        );
        expect(() => native.gemm(true, false, 4, 4, 4, 1, floats, 4, 0, 4, 0, 0, 4)).toThrow(/native gemm: A \(offset/);
        expect(() => native.gemm(false, false, -1, 4, 4, 1, 0, 4, 0, 4, 0, 0, 4)).toThrow(
          /native gemm: m must be a whole number >= 0, got -1/,
        );
        expect(() => native.gemm(false, false, 4, 4, 4, 1, 0.5, 4, 0, 4, 0, 0, 4)).toThrow(/a must be a whole number/);
        expect(() => native.gemm(false, true, 4, 8, 4, 1, 0, 4, floats - 5, 1, 0, 0, 8)).toThrow(
          /native gemm: B \(offset \d+, 8 x 4, stride 1\)/,
        );
        expect(() => native.gemmPackedB(false, 4, 16, 8, 1, 0, 8, floats - 64, 0, 0, 16)).toThrow(/native gemmPackedB: the packed B/);
        expect(() => native.packB(false, 0, 16, 8, 16, floats - 64)).toThrow(/native packB: the packed B/);
        expect(() => addon!.gemm(new Float32Array(4) as never, 0)).toThrow(/wrong number of arguments/);
      });

      it('follows the heap when its memory grows (the base pointer is read at every call)', () => {
        useIsa();
        const before = heap.byteLength;
        const big = heap.alloc(before / 4); // forces growth; an unshared memory may move
        expect(heap.byteLength).toBeGreaterThan(before);
        expect(checkGemm(f, native, { transA: false, transB: true, m: 12, n: 40, k: 33, alpha: 1, beta: 0 })).toBeNull();
        heap.release(big);
      });
    });
  }
}

describe.skipIf(isas.length < 2)('native instruction sets', () => {
  it('AVX-512 and AVX2 give the same bits (the same fused multiply-adds in the same order)', () => {
    const heap = new Heap({ initialBytes: 8 << 20 });
    const native = nativeKernels(heap);
    const f = fixture(heap, 99);
    const [m, n, k] = [45, 77, 300];
    const a = f.put(f.randn(m * k)),
      b = f.put(f.randn(k * n)),
      c = f.randn(m * n);
    const results = (['avx512', 'avx2'] as const).map((isa) => {
      addon!.setIsa(isa);
      const out = f.put(c);
      native.gemm(false, true, m, n, k, 1.5, a, k, b, k, -0.5, out, n);
      return f.get(out, m * n);
    });
    addon!.setIsa('auto');
    expect(firstMismatch(results[0]!, results[1]!, () => 0)).toBeNull();
  });
});

describe.skipIf(!nativeSupported())('native scatterAdd', () => {
  const heap = new Heap({ initialBytes: 8 << 20 });
  const native = nativeKernels(heap);
  const f = fixture(heap, 3);

  it('adds repeated ids in order, and any split into parts, exactly like the reference', () => {
    const [n, cols, vocab] = [41, 37, 7];
    const dOut = f.put(f.randn(n * cols));
    const ids = f.putInt(Array.from({ length: n }, (_, i) => (i * 5) % vocab));
    const start = f.randn(vocab * cols);
    const [whole, inParts, ref] = [f.put(start), f.put(start), f.put(start)];
    native.scatterAdd(dOut, ids, n, cols, whole);
    for (const part of [1, 0, 2]) native.scatterAddPart(dOut, ids, n, cols, inParts, 3, part);
    f.ref.scatterAdd(dOut, ids, n, cols, ref);
    expect(firstMismatch(f.get(whole, vocab * cols), f.get(ref, vocab * cols), () => 0)).toBeNull();
    expect(firstMismatch(f.get(inParts, vocab * cols), f.get(ref, vocab * cols), () => 0)).toBeNull();
  });

  it('refuses an id whose row would lie outside the heap, before writing anything', () => {
    const cols = 4;
    const table = f.put(new Float32Array(3 * cols));
    const dOut = f.put(new Float32Array(2 * cols).fill(1));
    const floats = heap.byteLength / 4;
    for (const bad of [-1, Math.floor((floats - table) / cols)]) {
      expect(() => native.scatterAdd(dOut, f.putInt([0, bad]), 2, cols, table)).toThrow(
        new RegExp(`native scatterAdd: id ${bad} at 1 puts its row outside the heap`),
      );
      expect(Array.from(f.get(table, 3 * cols))).toEqual(new Array(3 * cols).fill(0));
    }
  });
});
