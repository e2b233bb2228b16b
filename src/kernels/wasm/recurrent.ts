// The WebAssembly SIMD128 recurrent gate kernels (assembly/recurrent.ts) bound to the
// RecurrentKernels contract (../recurrent.ts). Thin: booleans to i32 and a check of the
// activation codes, which the module trusts.

import type { Heap } from '../../heap.ts';
import type { ActCode } from '../core.ts';
import type { RecurrentKernels } from '../recurrent.ts';
import type { WasmExports } from './module.ts';

function checkCodes(...codes: ActCode[]): void {
  for (const c of codes) if (!(c >= 0 && c <= 8)) throw new Error(`unknown activation code ${c}`);
}

export function wasmRecurrent(x: WasmExports, _heap: Heap): RecurrentKernels {
  const simpleRnnForward = x.simpleRnnForward!,
    simpleRnnBackward = x.simpleRnnBackward!;
  const lstmForward = x.lstmForward!,
    lstmBackward = x.lstmBackward!;
  const gruForward = x.gruForward!,
    gruBackward = x.gruBackward!;
  const gruResetBeforeGates = x.gruResetBeforeGates!,
    gruResetBeforeOutput = x.gruResetBeforeOutput!;
  const gruResetBeforeBackwardOutput = x.gruResetBeforeBackwardOutput!;
  const gruResetBeforeBackwardReset = x.gruResetBeforeBackwardReset!;
  const transposeTime = x.transposeTime!;
  const oneHotIds = x.oneHotIds!;
  if (!transposeTime) throw new Error('kernels: this wasm module has no recurrent kernels (rebuild with `npm run build:wasm`)');
  return {
    simpleRnnForward(rows, units, act, z, hPrev, hOut, mask) {
      checkCodes(act);
      simpleRnnForward(rows, units, act, z, hPrev, hOut, mask);
    },
    simpleRnnBackward(rows, units, act, a, dh, dz, mask) {
      checkCodes(act);
      simpleRnnBackward(rows, units, act, a, dh, dz, mask);
    },
    lstmForward(rows, units, act, recAct, z, cPrev, hPrev, cOut, hOut, mask) {
      checkCodes(act, recAct);
      lstmForward(rows, units, act, recAct, z, cPrev, hPrev, cOut, hOut, mask);
    },
    lstmBackward(rows, units, act, recAct, gates, cPrev, c, dh, dc, dz, mask) {
      checkCodes(act, recAct);
      lstmBackward(rows, units, act, recAct, gates, cPrev, c, dh, dc, dz, mask);
    },
    gruForward(rows, units, act, recAct, zx, rec, recBias, hPrev, hOut, mask) {
      checkCodes(act, recAct);
      gruForward(rows, units, act, recAct, zx, rec, recBias, hPrev, hOut, mask);
    },
    gruBackward(rows, units, act, recAct, gates, rec, hPrev, dh, dzx, dzRec, mask) {
      checkCodes(act, recAct);
      gruBackward(rows, units, act, recAct, gates, rec, hPrev, dh, dzx, dzRec, mask);
    },
    gruResetBeforeGates(rows, units, recAct, z, hReset, rh) {
      checkCodes(recAct);
      gruResetBeforeGates(rows, units, recAct, z, hReset, rh);
    },
    gruResetBeforeOutput(rows, units, act, z, hPrev, hOut, mask) {
      checkCodes(act);
      gruResetBeforeOutput(rows, units, act, z, hPrev, hOut, mask);
    },
    gruResetBeforeBackwardOutput(rows, units, act, recAct, gates, hPrev, dh, dz, mask) {
      checkCodes(act, recAct);
      gruResetBeforeBackwardOutput(rows, units, act, recAct, gates, hPrev, dh, dz, mask);
    },
    gruResetBeforeBackwardReset(rows, units, recAct, gates, hReset, drh, dz) {
      checkCodes(recAct);
      gruResetBeforeBackwardReset(rows, units, recAct, gates, hReset, drh, dz);
    },
    transposeTime(src, dst, d0, d1, features, reverse0, reverse1) {
      transposeTime(src, dst, d0, d1, features, reverse0 ? 1 : 0, reverse1 ? 1 : 0);
    },
    oneHotIds: (xx, batch, steps, width, ids, reverse) => oneHotIds(xx, batch, steps, width, ids, reverse ? 1 : 0) !== 0,
  };
}
