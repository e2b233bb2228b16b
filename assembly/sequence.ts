// Inference time loops, SIMD128 (contract: src/kernels/sequence.ts; the readable version:
// src/kernels/reference/sequence.ts; binding: src/kernels/wasm/sequence.ts). One call runs a
// range of batch rows through every step: per step the input projection, the recurrent GEMM
// into the same rows and the cell's fused gate kernel, all inside the module (no call back
// to JavaScript between steps), with h (and c) updated in place.

import { gemmPackedB } from './core/gemm';
import { addRowVector } from './core/rows';
import { gruForward, lstmForward, simpleRnnForward } from './recurrent';

const SIMPLE = 0, LSTM = 1, GRU = 2;

// @ts-ignore: decorator
@inline function addr(offset: i32): usize {
  return <usize>offset << 2;
}

// @ts-ignore: decorator
@inline function sequence(
  cell: i32, rows: i32, units: i32, act: i32, recAct: i32, steps: i32, reverse: i32,
  ids: i32, x: i32, strideRow: i32, strideStep: i32, inputDim: i32, packedW: i32, bias: i32,
  packedU: i32, recBias: i32, h: i32, c: i32, mask: i32, out: i32, scratch: i32,
): void {
  const gu = (cell == LSTM ? 4 : cell == GRU ? 3 : 1) * units;
  const z = scratch;
  const rec = scratch + rows * gu;
  const keep = mask < 0 ? -1 : scratch + 2 * rows * gu;
  const rowBytes = addr(gu);
  const hBytes = addr(units);
  for (let t = 0; t < steps; t++) {
    const s = reverse ? steps - 1 - t : t;
    if (ids >= 0) {
      // the step's rows of the projected table (ids were checked by whoever made them)
      for (let r = 0; r < rows; r++) {
        const id = load<i32>(addr(ids + r * strideRow + s * strideStep));
        memory.copy(addr(z + r * gu), addr(x + id * gu), rowBytes);
      }
    } else {
      gemmPackedB(0, rows, gu, inputDim, 1, x + s * strideStep, strideRow, packedW, 0, z, gu);
      if (bias >= 0) addRowVector(z, rows, gu, bias);
    }
    if (keep >= 0) for (let r = 0; r < rows; r++) store<f32>(addr(keep + r), load<f32>(addr(mask + r * steps + s)));
    if (cell == GRU) {
      gemmPackedB(0, rows, gu, units, 1, h, units, packedU, 0, rec, gu);
      gruForward(rows, units, act, recAct, z, rec, recBias, h, h, keep);
    } else {
      gemmPackedB(0, rows, gu, units, 1, h, units, packedU, 1, z, gu);
      if (cell == LSTM) lstmForward(rows, units, act, recAct, z, c, h, c, h, keep);
      else simpleRnnForward(rows, units, act, z, h, h, keep);
    }
    if (out >= 0) for (let r = 0; r < rows; r++) memory.copy(addr(out + (r * steps + t) * units), addr(h + r * units), hBytes);
  }
}

export function simpleRnnSequence(
  rows: i32, units: i32, act: i32, recAct: i32, steps: i32, reverse: i32,
  ids: i32, x: i32, strideRow: i32, strideStep: i32, inputDim: i32, packedW: i32, bias: i32,
  packedU: i32, recBias: i32, h: i32, c: i32, mask: i32, out: i32, scratch: i32,
): void {
  sequence(SIMPLE, rows, units, act, recAct, steps, reverse, ids, x, strideRow, strideStep, inputDim, packedW, bias, packedU, recBias, h, c, mask, out, scratch);
}

export function lstmSequence(
  rows: i32, units: i32, act: i32, recAct: i32, steps: i32, reverse: i32,
  ids: i32, x: i32, strideRow: i32, strideStep: i32, inputDim: i32, packedW: i32, bias: i32,
  packedU: i32, recBias: i32, h: i32, c: i32, mask: i32, out: i32, scratch: i32,
): void {
  sequence(LSTM, rows, units, act, recAct, steps, reverse, ids, x, strideRow, strideStep, inputDim, packedW, bias, packedU, recBias, h, c, mask, out, scratch);
}

export function gruSequence(
  rows: i32, units: i32, act: i32, recAct: i32, steps: i32, reverse: i32,
  ids: i32, x: i32, strideRow: i32, strideStep: i32, inputDim: i32, packedW: i32, bias: i32,
  packedU: i32, recBias: i32, h: i32, c: i32, mask: i32, out: i32, scratch: i32,
): void {
  sequence(GRU, rows, units, act, recAct, steps, reverse, ids, x, strideRow, strideStep, inputDim, packedW, bias, packedU, recBias, h, c, mask, out, scratch);
}
