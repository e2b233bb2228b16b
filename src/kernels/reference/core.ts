// Reference implementation of the core kernels: plain TypeScript over the heap's
// Float32Array, written to be read. The WebAssembly kernels are tested against these.

import type { Heap } from '../../heap.ts';
import { Act, packedBFloats, packedBIndex, type ActCode, type CoreKernels } from '../core.ts';

export function referenceCore(heap: Heap): CoreKernels {
  /** C = alpha·A·B + beta·C (beta = 0 ignores C's old contents), with A(i, p) and B(p, j) read through accessors. */
  const product = (
    m: number,
    n: number,
    k: number,
    alpha: number,
    A: (i: number, p: number) => number,
    B: (p: number, j: number) => number,
    beta: number,
    c: number,
    ldc: number,
  ): void => {
    const h = heap.f32;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) sum += A(i, p) * B(p, j);
        const idx = c + i * ldc + j;
        h[idx] = beta === 0 ? alpha * sum : alpha * sum + beta * h[idx]!;
      }
    }
  };
  /** Element (r, q) of op(X): X[r, q], or X[q, r] when transposed (X row-major, row stride ld). */
  const op =
    (trans: boolean, x: number, ld: number) =>
    (r: number, q: number): number =>
      heap.f32[trans ? x + q * ld + r : x + r * ld + q]!;

  return {
    name: 'reference',
    heap,

    gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
      product(m, n, k, alpha, op(transA, a, lda), op(transB, b, ldb), beta, c, ldc);
    },

    packB(transB, b, ldb, k, n, dst) {
      const h = heap.f32;
      h.fill(0, dst, dst + packedBFloats(n, k)); // the last strip's padding
      for (let p = 0; p < k; p++) {
        for (let j = 0; j < n; j++) h[dst + packedBIndex(k, n, p, j)] = transB ? h[b + j * ldb + p]! : h[b + p * ldb + j]!;
      }
    },

    gemmPackedB(transA, m, n, k, alpha, a, lda, packed, beta, c, ldc) {
      product(m, n, k, alpha, op(transA, a, lda), (p, j) => heap.f32[packed + packedBIndex(k, n, p, j)]!, beta, c, ldc);
    },

    fill(x, n, value) {
      heap.f32.fill(value, x, x + n);
    },
    countNonFinite(x, n) {
      const h = heap.f32;
      let count = 0;
      for (let i = 0; i < n; i++) if (!Number.isFinite(h[x + i]!)) count++;
      return count;
    },
    copy(src, dst, n) {
      heap.f32.copyWithin(dst, src, src + n);
    },
    add(a, b, out, n) {
      const h = heap.f32;
      for (let i = 0; i < n; i++) h[out + i] = h[a + i]! + h[b + i]!;
    },
    mul(a, b, out, n) {
      const h = heap.f32;
      for (let i = 0; i < n; i++) h[out + i] = h[a + i]! * h[b + i]!;
    },
    axpy(alpha, x, y, n) {
      const h = heap.f32;
      for (let i = 0; i < n; i++) h[y + i] = h[y + i]! + alpha * h[x + i]!;
    },
    scale(x, alpha, n) {
      const h = heap.f32;
      for (let i = 0; i < n; i++) h[x + i] = h[x + i]! * alpha;
    },
    addRowVector(x, rows, cols, bias) {
      const h = heap.f32;
      for (let r = 0; r < rows; r++) {
        const row = x + r * cols;
        for (let j = 0; j < cols; j++) h[row + j] = h[row + j]! + h[bias + j]!;
      }
    },
    sumRows(x, rows, cols, out, accumulate) {
      const h = heap.f32;
      for (let j = 0; j < cols; j++) {
        let s = 0;
        for (let r = 0; r < rows; r++) s += h[x + r * cols + j]!;
        h[out + j] = accumulate ? h[out + j]! + s : s;
      }
    },

    activation(code, x, y, n) {
      const h = heap.f32;
      for (let i = 0; i < n; i++) h[y + i] = activate(code, h[x + i]!);
    },
    activationGrad(code, x, y, dy, dx, n, accumulate) {
      const h = heap.f32;
      for (let i = 0; i < n; i++) {
        const g = h[dy + i]! * derivative(code, h[x + i]!, h[y + i]!);
        h[dx + i] = accumulate ? h[dx + i]! + g : g;
      }
    },
    softmaxRows(x, y, rows, cols) {
      const h = heap.f32;
      for (let r = 0; r < rows; r++) {
        const xi = x + r * cols;
        const yi = y + r * cols;
        let max = -Infinity;
        for (let j = 0; j < cols; j++) max = Math.max(max, h[xi + j]!);
        let sum = 0;
        for (let j = 0; j < cols; j++) {
          const e = Math.exp(h[xi + j]! - max);
          h[yi + j] = e;
          sum += e;
        }
        for (let j = 0; j < cols; j++) h[yi + j] = h[yi + j]! / sum;
      }
    },
    softmaxRowsGrad(y, dy, dx, rows, cols) {
      const h = heap.f32;
      for (let r = 0; r < rows; r++) {
        const o = r * cols;
        let dot = 0;
        for (let j = 0; j < cols; j++) dot += h[dy + o + j]! * h[y + o + j]!;
        for (let j = 0; j < cols; j++) h[dx + o + j] = h[y + o + j]! * (h[dy + o + j]! - dot);
      }
    },

    gather(table, tableRows, cols, ids, n, out) {
      const h = heap.f32;
      const hi = heap.i32;
      for (let i = 0; i < n; i++) {
        const id = hi[ids + i]!;
        if (id < 0 || id >= tableRows) throw new RangeError(`gather: index ${id} at position ${i} is outside [0, ${tableRows})`);
        h.copyWithin(out + i * cols, table + id * cols, table + (id + 1) * cols);
      }
    },
    scatterAdd(dOut, ids, n, cols, dTable) {
      this.scatterAddPart(dOut, ids, n, cols, dTable, 1, 0);
    },
    scatterAddPart(dOut, ids, n, cols, dTable, parts, part) {
      const h = heap.f32;
      const hi = heap.i32;
      for (let i = 0; i < n; i++) {
        if (hi[ids + i]! % parts !== part) continue;
        const row = dTable + hi[ids + i]! * cols;
        const src = dOut + i * cols;
        for (let j = 0; j < cols; j++) h[row + j] = h[row + j]! + h[src + j]!;
      }
    },

    rmspropUpdate(w, g, v, m, a, n, lr, rho, momentum, epsilon) {
      const h = heap.f32;
      for (let i = 0; i < n; i++) {
        const grad = h[g + i]!;
        const vi = rho * h[v + i]! + (1 - rho) * grad * grad;
        h[v + i] = vi;
        let denom = vi + epsilon;
        if (a >= 0) {
          const ai = rho * h[a + i]! + (1 - rho) * grad;
          h[a + i] = ai;
          denom = vi - ai * ai + epsilon;
        }
        const inc = (lr * grad) / Math.sqrt(denom);
        if (m >= 0) {
          const mi = momentum * h[m + i]! + inc;
          h[m + i] = mi;
          h[w + i] = h[w + i]! - mi;
        } else h[w + i] = h[w + i]! - inc;
      }
    },
    adamUpdate(w, g, m, v, vhat, n, alpha, beta1, beta2, epsilon) {
      const h = heap.f32;
      for (let i = 0; i < n; i++) {
        const grad = h[g + i]!;
        const mi = h[m + i]! + (grad - h[m + i]!) * (1 - beta1);
        const vi = h[v + i]! + (grad * grad - h[v + i]!) * (1 - beta2);
        h[m + i] = mi;
        h[v + i] = vi;
        let vUsed = vi;
        if (vhat >= 0) {
          vUsed = Math.max(h[vhat + i]!, vi);
          h[vhat + i] = vUsed;
        }
        h[w + i] = h[w + i]! - (mi * alpha) / (Math.sqrt(vUsed) + epsilon);
      }
    },
    sgdUpdate(w, g, m, n, lr, momentum, nesterov) {
      const h = heap.f32;
      if (m < 0) {
        for (let i = 0; i < n; i++) h[w + i] = h[w + i]! - lr * h[g + i]!;
        return;
      }
      for (let i = 0; i < n; i++) {
        const grad = h[g + i]!;
        const mi = momentum * h[m + i]! - lr * grad;
        h[m + i] = mi;
        h[w + i] = h[w + i]! + (nesterov ? momentum * mi - lr * grad : mi);
      }
    },
    adagradUpdate(w, g, acc, n, lr, epsilon) {
      const h = heap.f32;
      for (let i = 0; i < n; i++) {
        const grad = h[g + i]!;
        const a = h[acc + i]! + grad * grad;
        h[acc + i] = a;
        h[w + i] = h[w + i]! - (lr * grad) / Math.sqrt(a + epsilon);
      }
    },
  };
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

export function activate(code: ActCode, x: number): number {
  switch (code) {
    case Act.linear:
      return x;
    case Act.relu:
      return x > 0 ? x : 0;
    case Act.sigmoid:
      return 1 / (1 + Math.exp(-x));
    case Act.tanh:
      return Math.tanh(x);
    case Act.hardSigmoid:
      return Math.min(1, Math.max(0, 0.2 * x + 0.5));
    case Act.elu:
      return x > 0 ? x : Math.expm1(x);
    case Act.selu:
      return x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x);
    case Act.softplus:
      return x > 20 ? x : Math.log1p(Math.exp(x));
    case Act.hardSigmoidKeras3:
      return Math.fround(Math.min(6, Math.max(0, Math.fround(x + 3)))) / 6;
  }
  throw new Error(`unknown activation code ${code}`);
}

/** f'(x) given x and y = f(x). */
export function derivative(code: ActCode, x: number, y: number): number {
  switch (code) {
    case Act.linear:
      return 1;
    case Act.relu:
      return x > 0 ? 1 : 0;
    case Act.sigmoid:
      return y * (1 - y);
    case Act.tanh:
      return 1 - y * y;
    case Act.hardSigmoid:
      return x > -2.5 && x < 2.5 ? 0.2 : 0;
    case Act.elu:
      return x > 0 ? 1 : y + 1;
    case Act.selu:
      return x > 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA;
    case Act.softplus:
      return 1 / (1 + Math.exp(-x));
    case Act.hardSigmoidKeras3:
      return x > -3 && x < 3 ? 1 / 6 : 0;
  }
  throw new Error(`unknown activation code ${code}`);
}
