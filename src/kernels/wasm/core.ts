// The WebAssembly SIMD128 core kernels (assembly/core/*.ts) bound to the CoreKernels
// contract. Thin: converts booleans, and turns the module's error codes into the same
// errors the reference kernels throw.

import type { Heap } from '../../heap.ts';
import type { CoreKernels, KernelsName } from '../core.ts';
import type { WasmExports } from './module.ts';

export function wasmCore(heap: Heap, x: WasmExports, name: KernelsName): CoreKernels {
  const gemm = x.gemm!,
    packB = x.packB!,
    gemmPackedB = x.gemmPackedB!,
    fill = x.fill!,
    countNonFinite = x.countNonFinite!,
    copy = x.copy!,
    add = x.add!,
    mul = x.mul!;
  const axpy = x.axpy!,
    scale = x.scale!,
    addRowVector = x.addRowVector!,
    sumRows = x.sumRows!;
  const activation = x.activation!,
    activationGrad = x.activationGrad!;
  const softmaxRows = x.softmaxRows!,
    softmaxRowsGrad = x.softmaxRowsGrad!;
  const gather = x.gather!,
    scatterAdd = x.scatterAdd!,
    scatterAddPart = x.scatterAddPart!;
  const rmspropUpdate = x.rmspropUpdate!,
    adamUpdate = x.adamUpdate!,
    sgdUpdate = x.sgdUpdate!,
    adagradUpdate = x.adagradUpdate!;
  return {
    name,
    heap,
    gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
      gemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    },
    packB(transB, b, ldb, k, n, dst) {
      packB(transB ? 1 : 0, b, ldb, k, n, dst);
    },
    gemmPackedB(transA, m, n, k, alpha, a, lda, packed, beta, c, ldc) {
      gemmPackedB(transA ? 1 : 0, m, n, k, alpha, a, lda, packed, beta, c, ldc);
    },
    fill: (xx, n, value) => void fill(xx, n, value),
    countNonFinite: (xx, n) => countNonFinite(xx, n)!,
    copy: (src, dst, n) => void copy(src, dst, n),
    add: (a, b, out, n) => void add(a, b, out, n),
    mul: (a, b, out, n) => void mul(a, b, out, n),
    axpy: (alpha, xx, y, n) => void axpy(alpha, xx, y, n),
    scale: (xx, alpha, n) => void scale(xx, alpha, n),
    addRowVector: (xx, rows, cols, bias) => void addRowVector(xx, rows, cols, bias),
    sumRows: (xx, rows, cols, out, accumulate) => void sumRows(xx, rows, cols, out, accumulate ? 1 : 0),
    activation(code, xx, y, n) {
      if (activation(code, xx, y, n) < 0) throw new Error(`unknown activation code ${code}`);
    },
    activationGrad(code, xx, y, dy, dx, n, accumulate) {
      if (activationGrad(code, xx, y, dy, dx, n, accumulate ? 1 : 0) < 0) throw new Error(`unknown activation code ${code}`);
    },
    softmaxRows: (xx, y, rows, cols) => void softmaxRows(xx, y, rows, cols),
    softmaxRowsGrad: (y, dy, dx, rows, cols) => void softmaxRowsGrad(y, dy, dx, rows, cols),
    gather(table, tableRows, cols, ids, n, out) {
      const bad = gather(table, tableRows, cols, ids, n, out);
      if (bad >= 0) {
        const id = heap.i32[ids + bad]!;
        throw new RangeError(`gather: index ${id} at position ${bad} is outside [0, ${tableRows})`);
      }
    },
    scatterAdd: (dOut, ids, n, cols, dTable) => void scatterAdd(dOut, ids, n, cols, dTable),
    scatterAddPart: (dOut, ids, n, cols, dTable, parts, part) => void scatterAddPart(dOut, ids, n, cols, dTable, parts, part),
    rmspropUpdate: (w, g, v, m, a, n, lr, rho, momentum, epsilon) => void rmspropUpdate(w, g, v, m, a, n, lr, rho, momentum, epsilon),
    adamUpdate: (w, g, m, v, vhat, n, alpha, beta1, beta2, epsilon) => void adamUpdate(w, g, m, v, vhat, n, alpha, beta1, beta2, epsilon),
    sgdUpdate: (w, g, m, n, lr, momentum, nesterov) => void sgdUpdate(w, g, m, n, lr, momentum, nesterov ? 1 : 0),
    adagradUpdate: (w, g, acc, n, lr, epsilon) => void adagradUpdate(w, g, acc, n, lr, epsilon),
  };
}
