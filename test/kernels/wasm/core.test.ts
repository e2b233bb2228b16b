// Differential tests: the WebAssembly core kernels against the reference kernels, on both an
// unshared and a shared (SharedArrayBuffer) heap, and on every wasm variant this runtime
// supports (relaxed SIMD is also covered by relaxed.test.ts in a flagged child process).

import { describe, expect, it } from 'vitest';
import { Heap } from '../../../src/heap.ts';
import { Act } from '../../../src/kernels/index.ts';
import { packedBFloats } from '../../../src/kernels/core.ts';
import { wasmKernels, wasmSupported, type WasmVariant } from '../../../src/kernels/wasm/index.ts';
import { activationBound, ACTIVATIONS, checkGemm, EDGE_GEMMS, firstMismatch, fixture, SPECIAL_INPUTS, U } from './differential.ts';

const variants: WasmVariant[] = wasmSupported('relaxed') ? ['simd', 'relaxed'] : ['simd'];

for (const variant of variants) {
  for (const shared of [false, true]) {
    describe(`wasm ${variant} core kernels, ${shared ? 'shared' : 'unshared'} memory`, () => {
      const heap = new Heap({ shared, initialBytes: 24 << 20 });
      const wasm = wasmKernels(heap, { variant });
      const f = fixture(heap);

      it('names itself and binds to the heap memory', () => {
        expect(wasm.name).toBe(variant === 'relaxed' ? 'wasm-relaxed-simd' : 'wasm-simd');
        expect(wasm.heap).toBe(heap);
      });

      it('gemm matches the reference on edge shapes, all transposes, alpha/beta, strides', () => {
        for (const [m, n, k] of EDGE_GEMMS) {
          for (const transA of [false, true]) {
            for (const transB of [false, true]) {
              for (const [alpha, beta] of [
                [1, 0],
                [-0.5, 1],
                [2, 0.25],
              ] as const) {
                const pad = (m + n + k) % 3;
                expect(checkGemm(f, wasm, { transA, transB, m, n, k, alpha, beta, padA: pad, padB: 2 - pad, padC: pad })).toBeNull();
              }
            }
          }
        }
      });

      it('gemm matches the reference on random shapes', () => {
        for (let t = 0; t < 60; t++) {
          const g = {
            transA: f.rng.int(2) === 1,
            transB: f.rng.int(2) === 1,
            m: 1 + f.rng.int(40),
            n: 1 + f.rng.int(40),
            k: 1 + f.rng.int(70),
            alpha: [1, 0.5, -3][f.rng.int(3)]!,
            beta: [0, 1, -0.75][f.rng.int(3)]!,
            padA: f.rng.int(4),
            padB: f.rng.int(4),
            padC: f.rng.int(4),
          };
          expect(checkGemm(f, wasm, g)).toBeNull();
        }
      });

      it('packB lays op(B) out exactly as the reference; gemmPackedB equals gemm bit for bit (m ≥ 4) and the reference within bounds', () => {
        // shapes across the strip (8), KC (256) and NC (512) edges, with and without transposes
        const shapes: Array<[number, number, number]> = [
          [4, 8, 4],
          [6, 13, 7],
          [64, 512, 128],
          [9, 520, 300],
          [12, 96, 32],
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
              const packedWasm = f.put(new Float32Array(size).fill(NaN));
              f.ref.packB(transB, b, ldb, k, n, packedRef);
              wasm.packB(transB, b, ldb, k, n, packedWasm);
              const layout = firstMismatch(f.get(packedWasm, size), f.get(packedRef, size), () => 0);
              expect(layout, `packB ${transB ? 'T' : 'N'} ${k}×${n}`).toBeNull();
              const c = f.randn(m * n);
              const [viaGemm, viaPacked, viaRef] = [f.put(c), f.put(c), f.put(c)];
              wasm.gemm(transA, transB, m, n, k, 0.5, a, lda, b, ldb, 1, viaGemm, n);
              wasm.gemmPackedB(transA, m, n, k, 0.5, a, lda, packedWasm, 1, viaPacked, n);
              f.ref.gemmPackedB(transA, m, n, k, 0.5, a, lda, packedRef, 1, viaRef, n);
              const got = f.get(viaPacked, m * n);
              if (m >= 4)
                expect(
                  firstMismatch(got, f.get(viaGemm, m * n), () => 0),
                  `m=${m} n=${n} k=${k}`,
                ).toBeNull();
              expect(firstMismatch(got, f.get(viaRef, m * n), (i) => (k + 4) * U * 64 * (1 + Math.abs(c[i]!)))).toBeNull();
              for (const off of [a, b, packedRef, packedWasm, viaGemm, viaPacked, viaRef]) f.heap.release({ offset: off, length: 0 });
            }
          }
        }
      });

      it('gemm with k = 0 scales C by beta; m or n = 0 writes nothing', () => {
        expect(checkGemm(f, wasm, { transA: false, transB: false, m: 3, n: 5, k: 0, alpha: 1, beta: 0.5 })).toBeNull();
        expect(checkGemm(f, wasm, { transA: true, transB: false, m: 3, n: 5, k: 0, alpha: 1, beta: 0 })).toBeNull();
        expect(checkGemm(f, wasm, { transA: false, transB: true, m: 0, n: 5, k: 3, alpha: 1, beta: 1 })).toBeNull();
        expect(checkGemm(f, wasm, { transA: false, transB: false, m: 4, n: 0, k: 3, alpha: 1, beta: 1 })).toBeNull();
      });

      it('countNonFinite counts NaN and ±Infinity exactly as the reference, at every offset and tail length', () => {
        const specials = [NaN, Infinity, -Infinity, -NaN, 3.4028234663852886e38, -3.4028234663852886e38, 1e-45, -0];
        for (const n of [0, 1, 3, 4, 5, 8, 17, 1001]) {
          for (const density of [0, 0.05, 0.5]) {
            const values = f.randn(n);
            for (let i = 0; i < n; i++) if (f.rng.uniform() < density) values[i] = specials[f.rng.int(specials.length)]!;
            for (const skip of [0, 1, 3]) {
              const x = f.put(Float32Array.from([...Array.from({ length: skip }, () => NaN), ...values]));
              const want = values.filter((v) => !Number.isFinite(v)).length;
              expect(f.ref.countNonFinite(x + skip, n)).toBe(want);
              expect(wasm.countNonFinite(x + skip, n), `n ${n}, density ${density}, offset +${skip}`).toBe(want);
            }
          }
        }
      });

      it('fill, copy, add, mul, scale are exact; axpy within an ulp; aliasing allowed where documented', () => {
        for (const n of [0, 1, 3, 4, 5, 17, 1001]) {
          const xs = f.randn(n),
            ys = f.randn(n);
          const run = (op: (k: typeof wasm, x: number, y: number, out: number) => void) => {
            const pair = [f.ref, wasm].map((k) => {
              const x = f.put(xs),
                y = f.put(ys),
                out = f.put(new Float32Array(n + 4).fill(5));
              op(k, x, y, out);
              return [f.get(x, n), f.get(y, n), f.get(out, n + 4)];
            });
            return pair as [Float32Array[], Float32Array[]];
          };
          const exact = (op: Parameters<typeof run>[0]) => {
            const [r, w] = run(op);
            expect(w).toEqual(r);
          };
          exact((k, _x, _y, out) => k.fill(out, n, -2.5));
          exact((k, x, _y, out) => k.copy(x, out, n));
          exact((k, x, y, out) => k.add(x, y, out, n));
          exact((k, x, y) => k.add(x, y, x, n)); // out aliases a
          exact((k, x, y, out) => k.mul(x, y, out, n));
          exact((k, x, y) => k.mul(x, y, y, n)); // out aliases b
          exact((k, x) => k.scale(x, 0.75, n));
          const [r, w] = run((k, x, y) => k.axpy(-1.5, x, y, n));
          expect(firstMismatch(w[1]!, r[1]!, (i) => 2 * U * (Math.abs(ys[i]!) + 1.5 * Math.abs(xs[i]!)))).toBeNull();
        }
      });

      it('addRowVector is exact; sumRows within rows·u', () => {
        for (const [rows, cols] of [
          [1, 1],
          [3, 5],
          [7, 16],
          [5, 37],
          [130, 20],
          [2, 0],
        ] as const) {
          const xs = f.randn(rows * cols),
            bias = f.randn(cols),
            old = f.randn(cols);
          const outs = [f.ref, wasm].map((k) => {
            const x = f.put(xs),
              b = f.put(bias);
            k.addRowVector(x, rows, cols, b);
            const s = f.put(old);
            k.sumRows(x, rows, cols, s, true);
            const s2 = f.put(new Float32Array(cols).fill(NaN));
            k.sumRows(x, rows, cols, s2, false);
            return { x: f.get(x, rows * cols), acc: f.get(s, cols), plain: f.get(s2, cols) };
          });
          const [r, w] = outs as [(typeof outs)[0], (typeof outs)[0]];
          expect(w.x).toEqual(r.x);
          const absCol = (j: number) => {
            let a = 0;
            for (let i = 0; i < rows; i++) a += Math.abs(r.x[i * cols + j]!);
            return a;
          };
          expect(firstMismatch(w.plain, r.plain, (j) => (rows + 1) * U * absCol(j))).toBeNull();
          expect(firstMismatch(w.acc, r.acc, (j) => (rows + 2) * U * (absCol(j) + Math.abs(old[j]!)))).toBeNull();
        }
      });

      for (const [name, code] of ACTIVATIONS) {
        it(`activation ${name} and its gradient match within a few ulp, special values included`, () => {
          const xs = Float32Array.from([...SPECIAL_INPUTS, ...f.randn(203, 4)]);
          const n = xs.length;
          const dys = f.randn(n),
            dxOld = f.randn(n);
          const outs = [f.ref, wasm].map((k) => {
            const x = f.put(xs),
              y = f.put(new Float32Array(n)),
              inPlace = f.put(xs);
            k.activation(code, x, y, n);
            k.activation(code, inPlace, inPlace, n); // y may alias x
            // gradients from the reference's y so both sides see identical inputs
            const yRef = f.put(new Float32Array(n));
            f.ref.activation(code, x, yRef, n);
            const dy = f.put(dys),
              dx = f.put(new Float32Array(n).fill(NaN)),
              dxAcc = f.put(dxOld),
              dyAlias = f.put(dys);
            k.activationGrad(code, x, yRef, dy, dx, n, false);
            k.activationGrad(code, x, yRef, dy, dxAcc, n, true);
            k.activationGrad(code, x, yRef, dyAlias, dyAlias, n, false); // dx may alias dy
            return {
              y: f.get(y, n),
              inPlace: f.get(inPlace, n),
              yRef: f.get(yRef, n),
              dx: f.get(dx, n),
              dxAcc: f.get(dxAcc, n),
              dyAlias: f.get(dyAlias, n),
            };
          });
          const [r, w] = outs as [(typeof outs)[0], (typeof outs)[0]];
          expect(firstMismatch(w.y, r.y, activationBound(code, xs, r.y))).toBeNull();
          expect(w.inPlace).toEqual(w.y);
          // f'(x) is formed in float32 (e.g. 1 − y² for tanh), so bound by the terms, not the result
          const gradBound = (i: number) => 8 * U * (Math.abs(r.dx[i]!) + Math.abs(dys[i]!) * (2 + Math.abs(r.yRef[i]!))) + 1e-30;
          expect(firstMismatch(w.dx, r.dx, gradBound)).toBeNull();
          expect(firstMismatch(w.dxAcc, r.dxAcc, (i) => gradBound(i) + 2 * U * Math.abs(dxOld[i]!))).toBeNull();
          expect(w.dyAlias).toEqual(w.dx);
        });
      }

      it('tanh and sigmoid stay within a few ulp over a dense sweep of [-10, 10] and tiny inputs', () => {
        const n = 200_000;
        const xs = new Float32Array(n);
        for (let i = 0; i < n; i++)
          xs[i] = i < n / 2 ? -10 + (20 * i) / (n / 2) : (i % 2 ? -1 : 1) * 10 ** (-12 + (11.5 * (i - n / 2)) / (n / 2));
        for (const code of [Act.tanh, Act.sigmoid]) {
          const x = f.put(xs),
            yW = f.put(new Float32Array(n)),
            yR = f.put(new Float32Array(n));
          wasm.activation(code, x, yW, n);
          f.ref.activation(code, x, yR, n);
          const want = f.get(yR, n);
          expect(firstMismatch(f.get(yW, n), want, activationBound(code, xs, want))).toBeNull();
          for (const off of [x, yW, yR]) heap.release({ offset: off, length: 0 });
        }
      });

      it('rejects an unknown activation code like the reference', () => {
        const x = f.put([1, 2]);
        expect(() => wasm.activation(99 as never, x, x, 2)).toThrow(/unknown activation code 99/);
        expect(() => wasm.activationGrad(-1 as never, x, x, x, x, 2, false)).toThrow(/unknown activation code -1/);
        expect(() => f.ref.activation(99 as never, x, x, 2)).toThrow(/unknown activation code 99/);
      });

      it('softmaxRows and its gradient match, stable for large logits, in place allowed', () => {
        for (const [rows, cols] of [
          [1, 1],
          [2, 3],
          [4, 4],
          [3, 7],
          [5, 33],
          [2, 1000],
        ] as const) {
          const xs = f.randn(rows * cols, 5);
          xs[0] = 1000; // a huge logit: must not overflow
          if (cols > 1) xs[1] = 999;
          const dys = f.randn(rows * cols);
          const outs = [f.ref, wasm].map((k) => {
            const x = f.put(xs),
              y = f.put(new Float32Array(rows * cols)),
              inPlace = f.put(xs);
            k.softmaxRows(x, y, rows, cols);
            k.softmaxRows(inPlace, inPlace, rows, cols);
            const dy = f.put(dys),
              dx = f.put(new Float32Array(rows * cols)),
              dyAlias = f.put(dys);
            const yRef = f.put(new Float32Array(rows * cols));
            f.ref.softmaxRows(x, yRef, rows, cols);
            k.softmaxRowsGrad(yRef, dy, dx, rows, cols);
            k.softmaxRowsGrad(yRef, dyAlias, dyAlias, rows, cols);
            return {
              y: f.get(y, rows * cols),
              inPlace: f.get(inPlace, rows * cols),
              yRef: f.get(yRef, rows * cols),
              dx: f.get(dx, rows * cols),
              dyAlias: f.get(dyAlias, rows * cols),
            };
          });
          const [r, w] = outs as [(typeof outs)[0], (typeof outs)[0]];
          // float32 x − max carries u·|x − max| of absolute error into exp's argument
          const rowMax = (row: number) => Math.max(...xs.subarray(row * cols, (row + 1) * cols));
          const yBound = (i: number) => (cols + 8 + 2 * Math.abs(xs[i]! - rowMax(Math.floor(i / cols)))) * U * Math.abs(r.y[i]!) + 1e-30;
          expect(firstMismatch(w.y, r.y, yBound)).toBeNull();
          expect(w.inPlace).toEqual(w.y);
          const rowAbsDot = (row: number) => {
            let s = 0;
            for (let j = 0; j < cols; j++) s += Math.abs(dys[row * cols + j]! * r.yRef[row * cols + j]!);
            return s;
          };
          const gBound = (i: number) =>
            (cols + 4) * U * Math.abs(r.yRef[i]!) * (Math.abs(dys[i]!) + rowAbsDot(Math.floor(i / cols))) + 1e-30;
          expect(firstMismatch(w.dx, r.dx, gBound)).toBeNull();
          expect(w.dyAlias).toEqual(w.dx);
        }
      });

      it('softmaxRows turns a row holding NaN into NaN and leaves the other rows alone, like the reference', () => {
        const xs = [1, 2, NaN, 3, 4, 5, 6, 7, 0.5, -1, 2, 0, 1, 1, 3, -2];
        const [r, w] = [f.ref, wasm].map((k) => {
          const x = f.put(xs);
          k.softmaxRows(x, x, 2, 8);
          return f.get(x, 16);
        }) as [Float32Array, Float32Array];
        expect(firstMismatch(w, r, (i) => 16 * U * Math.abs(r[i]!))).toBeNull();
        expect(w.subarray(0, 8).every(Number.isNaN)).toBe(true);
        expect(w.subarray(8).some(Number.isNaN)).toBe(false);
      });

      it('scatterAddPart adds only the rows of its ids, exactly like the reference; the parts add up to scatterAdd', () => {
        const n = 23,
          cols = 11,
          vocab = 5;
        const dOut = f.put(f.randn(n * cols));
        const ids = f.putInt(Array.from({ length: n }, (_, i) => (i * 3) % vocab));
        const start = f.randn(vocab * cols);
        const [whole, inParts, refParts] = [f.put(start), f.put(start), f.put(start)];
        wasm.scatterAdd(dOut, ids, n, cols, whole);
        for (const part of [2, 0, 1]) {
          wasm.scatterAddPart(dOut, ids, n, cols, inParts, 3, part);
          f.ref.scatterAddPart(dOut, ids, n, cols, refParts, 3, part);
        }
        expect(firstMismatch(f.get(inParts, vocab * cols), f.get(whole, vocab * cols), () => 0)).toBeNull();
        expect(firstMismatch(f.get(inParts, vocab * cols), f.get(refParts, vocab * cols), () => 0)).toBeNull();
      });

      it('gather copies rows exactly and rejects an out-of-range id with the reference message', () => {
        const tableRows = 10,
          cols = 7;
        const table = f.put(f.randn(tableRows * cols));
        const ids = [3, 0, 9, 3, 5];
        const idsOff = f.putInt(ids);
        const outW = f.put(new Float32Array(ids.length * cols)),
          outR = f.put(new Float32Array(ids.length * cols));
        wasm.gather(table, tableRows, cols, idsOff, ids.length, outW);
        f.ref.gather(table, tableRows, cols, idsOff, ids.length, outR);
        expect(f.get(outW, ids.length * cols)).toEqual(f.get(outR, ids.length * cols));
        for (const badId of [10, -1]) {
          const bad = f.putInt([1, 2, badId, 4]);
          const message = (k: typeof wasm) => {
            try {
              k.gather(table, tableRows, cols, bad, 4, outW);
              return 'no error';
            } catch (e) {
              return `${(e as Error).name}: ${(e as Error).message}`;
            }
          };
          expect(message(wasm)).toBe(message(f.ref));
          expect(message(wasm)).toMatch(new RegExp(`RangeError: gather: index ${badId} at position 2 is outside \\[0, 10\\)`));
        }
      });

      it('scatterAdd adds repeated ids in order, exactly like the reference', () => {
        const tableRows = 6,
          cols = 9;
        const ids = [1, 4, 1, 1, 0, 5];
        const dOut = f.put(f.randn(ids.length * cols)),
          idsOff = f.putInt(ids);
        const start = f.randn(tableRows * cols);
        const tW = f.put(start),
          tR = f.put(start);
        wasm.scatterAdd(dOut, idsOff, ids.length, cols, tW);
        f.ref.scatterAdd(dOut, idsOff, ids.length, cols, tR);
        expect(f.get(tW, tableRows * cols)).toEqual(f.get(tR, tableRows * cols));
      });
    });
  }
}

describe('wasm kernel instances', () => {
  it('see memory the heap grew after instantiation (shared and unshared)', () => {
    for (const shared of [false, true]) {
      const heap = new Heap({ shared, initialBytes: 2 << 20 });
      const k = wasmKernels(heap);
      const before = heap.byteLength;
      const f = fixture(heap, 11);
      const big = heap.alloc(3 << 20); // 12 MB: forces growth
      expect(heap.byteLength).toBeGreaterThan(before);
      expect(checkGemm(f, k, { transA: true, transB: false, m: 6, n: 40, k: 50, alpha: 1, beta: 0.5 })).toBeNull();
      const tail = big.offset + big.length - 8;
      heap.f32.set([1, 2, 3, 4, 5, 6, 7, 8], tail);
      k.scale(tail, 2, 8);
      expect([...heap.f32.subarray(tail, tail + 8)]).toEqual([2, 4, 6, 8, 10, 12, 14, 16]);
    }
  });

  it('checks a caller-given scratch offset and keeps non-core areas available', () => {
    const heap = new Heap({ shared: false, initialBytes: 20 << 20 });
    expect(() => wasmKernels(heap, { scratchOffset: 3 })).toThrow(/scratchOffset 3 must be a 16-byte aligned/);
    const scratch = heap.alloc(600_000);
    const k = wasmKernels(heap, { scratchOffset: scratch.offset });
    const f = fixture(heap, 7);
    expect(checkGemm(f, k, { transA: false, transB: true, m: 9, n: 700, k: 300, alpha: 1, beta: 0 })).toBeNull();
    expect(typeof k.maxPool1d).toBe('function');
    expect(Act.tanh).toBe(3);
  });
});
