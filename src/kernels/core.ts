// The core kernel interface. Every pointer argument is an element offset into the heap
// (see ../heap.ts): float32 data unless the name says ids (int32). Matrices are row-major.
// Two implementations must agree: reference/ (plain TypeScript, readable) and wasm/
// (WebAssembly SIMD128, fast). Outputs may alias inputs only where a comment says so.

import type { Heap } from '../heap.ts';
import type { WasmVariant } from './wasm/binaries.ts';

/** Elementwise activations, numbered for the wasm ABI. */
export const Act = {
  linear: 0,
  relu: 1,
  sigmoid: 2,
  tanh: 3,
  /** Keras 2 form: clip(0.2·x + 0.5, 0, 1) — what the textbook's Keras 2.2 models used. */
  hardSigmoid: 4,
  elu: 5,
  selu: 6,
  softplus: 7,
  /** Keras 3 form: relu6(x + 3) / 6 (what a Keras 3 file's 'hard_sigmoid' means). */
  hardSigmoidKeras3: 8,
} as const;
export type ActCode = (typeof Act)[keyof typeof Act];

/**
 * packB's layout (assembly/core/gemm.ts blocks it the same way): op(B) in blocks of `nc`
 * columns, each in blocks of `kc` rows, each cut into strips of 8 columns stored [p][8]
 * (the last strip zero-padded). Block (jc, p0) starts at jc·k + p0·roundUp8(width of block jc).
 */
export const PACKED_B = { kc: 256, nc: 512, strip: 8 } as const;

/** Floats packB writes for op(B) of k×n. */
export function packedBFloats(n: number, k: number): number {
  return Math.ceil(n / PACKED_B.strip) * PACKED_B.strip * k;
}

/** Where op(B)(p, j) sits in packB's output, relative to its start (PACKED_B). */
export function packedBIndex(k: number, n: number, p: number, j: number): number {
  const { kc: KC, nc: NC, strip } = PACKED_B;
  const jc = j - (j % NC);
  const p0 = p - (p % KC);
  const width = Math.min(NC, n - jc);
  const rows = Math.min(KC, k - p0);
  const inBlock = j - jc;
  const stripStart = (inBlock - (inBlock % strip)) * rows;
  return jc * k + p0 * Math.ceil(width / strip) * strip + stripStart + (p - p0) * strip + (inBlock % strip);
}

export type KernelsName = 'reference' | 'wasm-simd' | 'wasm-relaxed-simd' | 'native';

/** What a worker thread instantiates to run a kernel set's calls (src/threads). */
export interface WorkerKernels {
  /** The wasm module variant (on the shared heap memory). */
  variant: WasmVariant;
  /** The native set: the addon each worker loads beside it, the kernels it replaces or adds (`only`: no wasm twin, by argument count). */
  native?: { path: string; kernels: readonly string[]; only?: Readonly<Record<string, number>> };
}

export interface CoreKernels {
  readonly name: KernelsName;
  readonly heap: Heap;
  /** How worker threads run this set; absent for the reference kernels, which never use threads. */
  readonly workers?: WorkerKernels;

  /**
   * C = alpha·op(A)·op(B) + beta·C with op(X) = X or Xᵀ; C is m×n, op(A) m×k, op(B) k×n.
   * lda/ldb/ldc are the row strides of A, B, C as stored. beta = 0 ignores C's old contents
   * (even NaN). C must not alias A or B.
   */
  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    beta: number,
    c: number,
    ldc: number,
  ): void;

  /**
   * Packs op(B) (k×n; B row-major with row stride ldb) into `dst`, packedBFloats(n, k) floats,
   * for gemmPackedB. A product that reuses one B many times (a recurrent layer's U at every
   * step) packs it once. The layout (PACKED_B) is the same in every implementation.
   */
  packB(transB: boolean, b: number, ldb: number, k: number, n: number, dst: number): void;
  /** gemm with op(B) given as packB's output; equal bit for bit to gemm on the same B when m ≥ 4. */
  gemmPackedB(
    transA: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: number,
    lda: number,
    packed: number,
    beta: number,
    c: number,
    ldc: number,
  ): void;

  fill(x: number, n: number, value: number): void;
  /** How many of x[0, n) are NaN or ±Infinity (fit()'s check of the weights, models/numerics.ts). */
  countNonFinite(x: number, n: number): number;
  /** dst = src (regions must not overlap). */
  copy(src: number, dst: number, n: number): void;
  /** out = a + b (out may alias a or b). */
  add(a: number, b: number, out: number, n: number): void;
  /** out = a ⊙ b (out may alias a or b). */
  mul(a: number, b: number, out: number, n: number): void;
  /** y += alpha·x */
  axpy(alpha: number, x: number, y: number, n: number): void;
  /** x *= alpha */
  scale(x: number, alpha: number, n: number): void;
  /** x[r, :] += bias for every row r. */
  addRowVector(x: number, rows: number, cols: number, bias: number): void;
  /** out[c] = Σ_r x[r, c], or out[c] += … when accumulate. */
  sumRows(x: number, rows: number, cols: number, out: number, accumulate: boolean): void;

  /** y = f(x) elementwise (y may alias x). */
  activation(code: ActCode, x: number, y: number, n: number): void;
  /**
   * dx = dy ⊙ f'(x), given x (pre-activation) and y = f(x). dx may alias dy.
   * When accumulate, dx += … instead.
   */
  activationGrad(code: ActCode, x: number, y: number, dy: number, dx: number, n: number, accumulate: boolean): void;
  /** Row-wise softmax (numerically stable); y may alias x. */
  softmaxRows(x: number, y: number, rows: number, cols: number): void;
  /** dx = y ⊙ (dy − Σ(dy ⊙ y)) row-wise; dx may alias dy. */
  softmaxRowsGrad(y: number, dy: number, dx: number, rows: number, cols: number): void;

  /** out[i, :] = table[ids[i], :] for i < n; ids are int32. An id outside [0, tableRows) is an error. */
  gather(table: number, tableRows: number, cols: number, ids: number, n: number, out: number): void;
  /** dTable[ids[i], :] += dOut[i, :] for i < n. */
  scatterAdd(dOut: number, ids: number, n: number, cols: number, dTable: number): void;
  /** scatterAdd for the i whose ids[i] % parts = part only: threads split dTable's rows, and any split gives the same bits. */
  scatterAddPart(dOut: number, ids: number, n: number, cols: number, dTable: number, parts: number, part: number): void;

  // Optimizer updates (Keras' update rules, src/optimizers/): one pass over a weight w, its
  // gradient g and its state slots, all n long, updated in place. A slot pointer of -1 means
  // "this option is off" (no momentum, not centered, no amsgrad). Clipping happens before.

  /**
   * RMSprop, ε inside the square root: v = ρv + (1−ρ)g²; centered (a ≠ −1): a = ρa + (1−ρ)g,
   * den = v − a² + ε, else den = v + ε; inc = lr·g/√den; momentum slot m ≠ −1:
   * m = momentum·m + inc, w −= m; else w −= inc.
   */
  rmspropUpdate(
    w: number,
    g: number,
    v: number,
    m: number,
    a: number,
    n: number,
    lr: number,
    rho: number,
    momentum: number,
    epsilon: number,
  ): void;
  /**
   * Adam, Keras' ε-hat form with alpha = lr·√(1−β2ᵗ)/(1−β1ᵗ) computed by the caller:
   * m += (g−m)(1−β1); v += (g²−v)(1−β2); amsgrad (vhat ≠ −1): vhat = max(vhat, v), used for v;
   * w −= m·alpha/(√v + ε).
   */
  adamUpdate(
    w: number,
    g: number,
    m: number,
    v: number,
    vhat: number,
    n: number,
    alpha: number,
    beta1: number,
    beta2: number,
    epsilon: number,
  ): void;
  /**
   * SGD: m = −1: w −= lr·g. Else m = momentum·m − lr·g; w += nesterov ? momentum·m − lr·g : m.
   */
  sgdUpdate(w: number, g: number, m: number, n: number, lr: number, momentum: number, nesterov: boolean): void;
  /** Adagrad: acc += g²; w −= lr·g/√(acc + ε). */
  adagradUpdate(w: number, g: number, acc: number, n: number, lr: number, epsilon: number): void;
}
