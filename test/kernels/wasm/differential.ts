// Shared by the wasm kernel tests: runs a kernel set and the reference kernels on the same
// heap and inputs, and compares with error bounds that follow from float32 rounding.
// (Not a test file itself: core.test.ts and relaxed.test.ts use it.)

import { Heap } from '../../../src/heap.ts';
import { Act, referenceKernels, type ActCode, type Kernels } from '../../../src/kernels/index.ts';
import { Random } from '../../../src/random.ts';

/** Unit roundoff of float32. */
export const U = 2 ** -24;

export interface Fixture {
  heap: Heap;
  ref: Kernels;
  rng: Random;
  /** Copies values into a fresh heap buffer; returns its element offset. */
  put(values: ArrayLike<number>): number;
  putInt(values: ArrayLike<number>): number;
  get(offset: number, n: number): Float32Array;
  randn(n: number, scale?: number): Float32Array;
}

export function fixture(heap: Heap, seed = 1234): Fixture {
  const rng = new Random(seed);
  return {
    heap,
    ref: referenceKernels(heap),
    rng,
    put(values) {
      const b = heap.alloc(Math.max(values.length, 1));
      heap.f32.set(values, b.offset);
      return b.offset;
    },
    putInt(values) {
      const b = heap.alloc(Math.max(values.length, 1));
      heap.i32.set(values, b.offset);
      return b.offset;
    },
    get(offset, n) {
      return heap.f32.slice(offset, offset + n);
    },
    randn(n, scale = 1) {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = rng.normal() * scale;
      return out;
    },
  };
}

/** Index and size of the first element where |got − want| > bound(i), or null. NaNs must match. */
export function firstMismatch(got: Float32Array, want: Float32Array, bound: (i: number) => number): string | null {
  if (got.length !== want.length) return `length ${got.length} vs ${want.length}`;
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!,
      w = want[i]!;
    if (Number.isNaN(w) || Number.isNaN(g)) {
      if (Number.isNaN(w) !== Number.isNaN(g)) return `[${i}] got ${g}, want ${w}`;
      continue;
    }
    if (g === w) continue;
    if (!(Math.abs(g - w) <= bound(i))) return `[${i}] got ${g}, want ${w} (|diff| ${Math.abs(g - w)} > ${bound(i)})`;
  }
  return null;
}

export interface GemmCase {
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  alpha: number;
  beta: number;
  /** Extra stride beyond the logical row length of A, B, C (tests lda/ldb/ldc). */
  padA?: number;
  padB?: number;
  padC?: number;
}

/**
 * Runs gemm on both kernel sets from identical C and checks, per element, the classic bound
 * |ĉ − c| ≤ (k + 4)·u·(|α|·Σ|a||b| + |β|·|c|), that C's padding and the guard cells after it
 * are untouched, and that beta = 0 ignores a NaN-filled C. Returns a mismatch or null.
 */
export function checkGemm(f: Fixture, wasm: Kernels, g: GemmCase): string | null {
  const { transA, transB, m, n, k, alpha, beta } = g;
  const padA = g.padA ?? 0,
    padB = g.padB ?? 0,
    padC = g.padC ?? 0;
  const aRows = transA ? k : m,
    aCols = transA ? m : k;
  const bRows = transB ? n : k,
    bCols = transB ? k : n;
  const lda = aCols + padA,
    ldb = bCols + padB,
    ldc = n + padC;
  const aHost = f.randn(aRows * lda),
    bHost = f.randn(bRows * ldb);
  const GUARD = 8;
  const cSize = m * ldc + GUARD;
  const cHost = beta === 0 ? new Float32Array(cSize).fill(NaN) : f.randn(cSize);
  for (let i = 0; i < m; i++) for (let j = n; j < ldc; j++) cHost[i * ldc + j] = 777; // padding sentinel
  for (let i = m * ldc; i < cSize; i++) cHost[i] = 999;
  const a = f.put(aHost),
    b = f.put(bHost),
    cRef = f.put(cHost),
    cWasm = f.put(cHost);
  f.ref.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, cRef, ldc);
  wasm.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, cWasm, ldc);
  const got = f.get(cWasm, cSize),
    want = f.get(cRef, cSize);
  const A = (i: number, p: number) => (transA ? aHost[p * lda + i]! : aHost[i * lda + p]!);
  const B = (p: number, j: number) => (transB ? bHost[j * ldb + p]! : bHost[p * ldb + j]!);
  const bound = (idx: number): number => {
    const i = Math.floor(idx / ldc),
      j = idx % ldc;
    if (i >= m || j >= n) return 0; // padding and guard: must be bit-identical (untouched)
    let abs = 0;
    for (let p = 0; p < k; p++) abs += Math.abs(A(i, p) * B(p, j));
    const old = beta === 0 ? 0 : Math.abs(beta * cHost[idx]!);
    return (k + 4) * U * (Math.abs(alpha) * abs + old) + 1e-37;
  };
  const bad = firstMismatch(got, want, bound);
  for (const off of [a, b, cRef, cWasm]) f.heap.release({ offset: off, length: 0 });
  return bad && `${describeGemm(g)}: ${bad}`;
}

export function describeGemm(g: GemmCase): string {
  return `gemm(${g.transA ? 'T' : 'N'}${g.transB ? 'T' : 'N'}, m=${g.m}, n=${g.n}, k=${g.k}, alpha=${g.alpha}, beta=${g.beta}, pad=${g.padA ?? 0}/${g.padB ?? 0}/${g.padC ?? 0})`;
}

/** Shapes around the kernel's tile (4×8), block (KC 256, NC 512) and vector (4) edges. */
export const EDGE_GEMMS: Array<[number, number, number]> = [
  [1, 1, 1],
  [1, 8, 1],
  [4, 8, 4],
  [3, 5, 7],
  [5, 9, 17],
  [4, 16, 256],
  [7, 13, 257],
  [2, 520, 9],
  [9, 3, 600],
  [33, 31, 64],
  [64, 64, 64],
  [1, 600, 3],
  [128, 20, 5],
  [1, 37, 300],
  [3, 50, 33],
  [2, 17, 6], // m < 4: the direct (unpacked) paths
];

export const ACTIVATIONS = Object.entries(Act) as Array<[string, ActCode]>;

/** Inputs that probe branch edges, saturation and special values of every activation. */
export const SPECIAL_INPUTS = [
  0,
  -0,
  1e-8,
  -1e-8,
  1e-3,
  -1e-3,
  0.3,
  -0.3,
  0.6249,
  0.625,
  -0.625,
  0.626,
  1,
  -1,
  2.5,
  -2.5,
  2.6,
  -2.4,
  5,
  -5,
  9,
  -9,
  15,
  -15,
  19.9,
  20,
  20.1,
  30,
  -30,
  87,
  -87,
  88,
  -88,
  89,
  -89,
  100,
  -100,
  1e30,
  -1e30,
  Infinity,
  -Infinity,
  NaN,
];

/**
 * Activation bound: a few ulp of the result plus a tiny absolute floor (underflow region).
 * hardSigmoid's 0.2·x + 0.5 cancels near 0 and 1, so its error scales with the terms instead.
 */
export function activationBound(code: ActCode, x: Float32Array, want: Float32Array): (i: number) => number {
  if (code === Act.hardSigmoid) return (i) => 8 * U * (Math.abs(want[i]!) + 0.2 * Math.abs(x[i]!) + 0.5);
  return (i) => 8 * U * Math.abs(want[i]!) + 1e-30;
}

/**
 * A compact differential pass (gemm edge shapes × transposes, every activation and its
 * gradient, softmax) for a child process run with other V8 flags. Returns the mismatches.
 */
export function quickSuite(wasm: Kernels, ref: Fixture): string[] {
  const bad: string[] = [];
  for (const [m, n, k] of EDGE_GEMMS) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const r = checkGemm(ref, wasm, { transA, transB, m, n, k, alpha: 1.5, beta: 0.5, padA: 1, padC: 2 });
        if (r) bad.push(r);
      }
    }
  }
  const xs = Float32Array.from([...SPECIAL_INPUTS, ...ref.randn(101, 4)]);
  const n = xs.length;
  for (const [name, code] of ACTIVATIONS) {
    const x = ref.put(xs),
      yW = ref.put(new Float32Array(n)),
      yR = ref.put(new Float32Array(n));
    wasm.activation(code, x, yW, n);
    ref.ref.activation(code, x, yR, n);
    const want = ref.get(yR, n);
    const r = firstMismatch(ref.get(yW, n), want, activationBound(code, xs, want));
    if (r) bad.push(`activation ${name}: ${r}`);
  }
  const rows = 3,
    cols = 37;
  const logits = ref.put(ref.randn(rows * cols, 5));
  const sW = ref.put(new Float32Array(rows * cols)),
    sR = ref.put(new Float32Array(rows * cols));
  wasm.softmaxRows(logits, sW, rows, cols);
  ref.ref.softmaxRows(logits, sR, rows, cols);
  const want = ref.get(sR, rows * cols);
  const r = firstMismatch(ref.get(sW, rows * cols), want, (i) => 64 * (cols + 8) * U * Math.abs(want[i]!) + 1e-30);
  if (r) bad.push(`softmaxRows: ${r}`);
  return bad;
}
