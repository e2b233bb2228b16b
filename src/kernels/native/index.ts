// The native kernel set (Node on x86-64 Linux): the WebAssembly set with the GEMMs, scatterAdd,
// the LSTM, GRU and SimpleRNN gate kernels and the inference time loops (kernels/sequence.ts)
// replaced by C, plus the training time loops (kernels/train-loop.ts), which only this set has
// (AVX-512 or AVX2 + FMA, chosen by the CPU; native/*.c), called through N-API on the same heap
// with the same element offsets. Everything else — optimizers, conv, and cells with other
// activations (the addon answers false: not mine) — is the wasm set's, so the whole Kernels
// contract holds and worker threads run the same mixture (src/threads loads the addon in each
// worker: WorkerInit.native).

import type { Heap } from '../../heap.ts';
import type { Kernels } from '../index.ts';
import { Act, type ActCode } from '../core.ts';
import type { SequenceKernel, SequenceKernels } from '../sequence.ts';
import type { TrainLoopKernels } from '../train-loop.ts';
import { wasmKernels, wasmSupported, type WasmVariant } from '../wasm/index.ts';
import { nativeAddon, nativeAddonPath, nativeUnavailableReason, type NativeAddon } from './addon.ts';

export { nativeAddon, nativeAddonPath, nativeUnavailableReason, type NativeAddon } from './addon.ts';

/** The training loops (no wasm twin: workers call them through the addon alone), with their argument counts. */
export const TRAIN_LOOP_ARITY: Readonly<Record<string, number>> = Object.freeze({
  lstmTrainForward: 18,
  gruTrainForward: 18,
  simpleRnnTrainForward: 18,
  lstmTrainBackward: 19,
  gruTrainBackward: 19,
  simpleRnnTrainBackward: 19,
});

/** Keras' default cells: what the C gate kernels and loops handle (tanh; sigmoid gates). */
function defaultCell(act: ActCode, recAct: ActCode | null): boolean {
  return act === Act.tanh && (recAct === null || recAct === Act.sigmoid);
}

/**
 * Kernels the addon replaces; workers call these through it (the rest through their wasm
 * instance). Each returns true, or false when it leaves the call to the wasm kernel.
 */
export const NATIVE_KERNELS: readonly string[] = [
  'gemm',
  'gemmPackedB',
  'lstmForward',
  'lstmBackward',
  'gruForward',
  'simpleRnnForward',
  'gruBackward',
  'simpleRnnBackward',
  'simpleRnnSequence',
  'lstmSequence',
  'gruSequence',
  'scatterAdd',
  'scatterAddPart',
  ...Object.keys(TRAIN_LOOP_ARITY),
];

/** Whether the native set can run here (Node, linux-x64, the binary present, AVX2 at least; on a shared heap when `shared`). */
export function nativeSupported(shared = false): boolean {
  return nativeAddon() !== null && wasmSupported('simd', shared);
}

/** The wasm variant under the native set (and so the module its worker threads instantiate). */
export function nativeWasmVariant(shared: boolean): WasmVariant {
  return wasmSupported('relaxed', shared) ? 'relaxed' : 'simd';
}

/** The native kernels on `heap`; throws, saying why, where they cannot run. */
export function nativeKernels(heap: Heap): Kernels {
  const addon = nativeAddon();
  if (!addon) throw new Error(`kernels: ${nativeUnavailableReason()}; use the wasm kernels`);
  const base = wasmKernels(heap, { variant: nativeWasmVariant(heap.shared) });
  const { gemm, packB, gemmPackedB, lstmForward, lstmBackward, gruForward, simpleRnnForward, gruBackward, simpleRnnBackward } = addon;
  /** A time loop in C; the wasm one for activations the C code does not have (both read packB's one layout). */
  const sequence = (name: keyof SequenceKernels): SequenceKernel => {
    const native = addon[name];
    const wasm = base[name];
    return (...args) => {
      if (!native(heap.f32, ...args)) wasm(...args);
    };
  };
  /** A training loop in C; callers ask trainLoopCovers first, so "not mine" is an error here. */
  const loop = (name: keyof TrainLoopKernels & keyof NativeAddon): ((...args: number[]) => void) => {
    const native = addon[name] as (heap: Float32Array, ...args: number[]) => boolean;
    return (...args) => {
      if (!native(heap.f32, ...args)) throw new Error(`native ${name}: only Keras' default activations (tanh, sigmoid gates)`);
    };
  };
  return {
    ...base,
    trainLoopCovers: defaultCell,
    lstmTrainForward: loop('lstmTrainForward'),
    gruTrainForward: loop('gruTrainForward'),
    simpleRnnTrainForward: loop('simpleRnnTrainForward'),
    lstmTrainBackward: loop('lstmTrainBackward'),
    gruTrainBackward: loop('gruTrainBackward'),
    simpleRnnTrainBackward: loop('simpleRnnTrainBackward'),
    scatterAdd(dOut, ids, n, cols, dTable) {
      addon.scatterAdd(heap.f32, dOut, ids, n, cols, dTable);
    },
    scatterAddPart(dOut, ids, n, cols, dTable, parts, part) {
      addon.scatterAddPart(heap.f32, dOut, ids, n, cols, dTable, parts, part);
    },
    simpleRnnSequence: sequence('simpleRnnSequence'),
    lstmSequence: sequence('lstmSequence'),
    gruSequence: sequence('gruSequence'),
    name: 'native',
    workers: { ...base.workers!, native: { path: nativeAddonPath()!, kernels: NATIVE_KERNELS, only: TRAIN_LOOP_ARITY } },
    gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
      gemm(heap.f32, transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    },
    packB(transB, b, ldb, k, n, dst) {
      packB(heap.f32, transB ? 1 : 0, b, ldb, k, n, dst);
    },
    gemmPackedB(transA, m, n, k, alpha, a, lda, packed, beta, c, ldc) {
      gemmPackedB(heap.f32, transA ? 1 : 0, m, n, k, alpha, a, lda, packed, beta, c, ldc);
    },
    lstmForward(rows, units, act, recAct, z, cPrev, hPrev, cOut, hOut, mask) {
      if (!lstmForward(heap.f32, rows, units, act, recAct, z, cPrev, hPrev, cOut, hOut, mask)) {
        base.lstmForward(rows, units, act, recAct, z, cPrev, hPrev, cOut, hOut, mask);
      }
    },
    gruForward(rows, units, act, recAct, zx, rec, recBias, hPrev, hOut, mask) {
      if (!gruForward(heap.f32, rows, units, act, recAct, zx, rec, recBias, hPrev, hOut, mask)) {
        base.gruForward(rows, units, act, recAct, zx, rec, recBias, hPrev, hOut, mask);
      }
    },
    simpleRnnForward(rows, units, act, z, hPrev, hOut, mask) {
      if (!simpleRnnForward(heap.f32, rows, units, act, z, hPrev, hOut, mask))
        base.simpleRnnForward(rows, units, act, z, hPrev, hOut, mask);
    },
    gruBackward(rows, units, act, recAct, gates, rec, hPrev, dh, dzx, dzRec, mask) {
      if (!gruBackward(heap.f32, rows, units, act, recAct, gates, rec, hPrev, dh, dzx, dzRec, mask)) {
        base.gruBackward(rows, units, act, recAct, gates, rec, hPrev, dh, dzx, dzRec, mask);
      }
    },
    simpleRnnBackward(rows, units, act, a, dh, dz, mask) {
      if (!simpleRnnBackward(heap.f32, rows, units, act, a, dh, dz, mask)) base.simpleRnnBackward(rows, units, act, a, dh, dz, mask);
    },
    lstmBackward(rows, units, act, recAct, gates, cPrev, c, dh, dc, dz, mask) {
      if (!lstmBackward(heap.f32, rows, units, act, recAct, gates, cPrev, c, dh, dc, dz, mask)) {
        base.lstmBackward(rows, units, act, recAct, gates, cPrev, c, dh, dc, dz, mask);
      }
    },
  };
}
