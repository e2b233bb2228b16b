// Inference time loops, SIMD128 (contract: src/kernels/sequence.ts; the readable version:
// src/kernels/reference/sequence.ts; binding: src/kernels/wasm/sequence.ts). One call runs a
// range of batch rows through every step: per step the input projection, the recurrent GEMM
// into the same rows and the cell's fused gate kernel, all inside the module (no call back
// to JavaScript between steps), with h (and c) updated in place.

import { gemmPackedB } from './core/gemm';
import { addRowVector } from './core/rows';
import { actV, gruForward, lstmForward, simpleRnnForward } from './recurrent';
import { madd } from './core/simd-math';

const SIMPLE = 0, LSTM = 1, GRU = 2;
const SIGMOID = 2, TANH = 3;
/** packB's block sizes (assembly/core/gemm.ts): a packed U with G·u ≤ NC columns and u ≤ KC rows is one block of 8-column strips. */
const KC = 256, NC = 512;

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
  if (units % 4 == 0 && 4 * units <= NC && units <= KC) {
    if (act == TANH && recAct == SIGMOID) lstmFused(rows, units, TANH, SIGMOID, steps, reverse, ids, x, strideRow, strideStep, inputDim, packedW, bias, packedU, h, c, mask, out, scratch);
    else lstmFused(rows, units, act, recAct, steps, reverse, ids, x, strideRow, strideStep, inputDim, packedW, bias, packedU, h, c, mask, out, scratch);
    return;
  }
  sequence(LSTM, rows, units, act, recAct, steps, reverse, ids, x, strideRow, strideStep, inputDim, packedW, bias, packedU, recBias, h, c, mask, out, scratch);
}

export function gruSequence(
  rows: i32, units: i32, act: i32, recAct: i32, steps: i32, reverse: i32,
  ids: i32, x: i32, strideRow: i32, strideStep: i32, inputDim: i32, packedW: i32, bias: i32,
  packedU: i32, recBias: i32, h: i32, c: i32, mask: i32, out: i32, scratch: i32,
): void {
  sequence(GRU, rows, units, act, recAct, steps, reverse, ids, x, strideRow, strideStep, inputDim, packedW, bias, packedU, recBias, h, c, mask, out, scratch);
}

// ---------------------------------------------------------------- LSTM, GEMM and gates fused
//
// Per step, for each pair of rows and each block of 4 units: the 4 gates' 4 columns of h·U
// for both rows accumulate in 8 registers (k in order, as the GEMM does), then the input
// part is added (a projected table's row read in place, or the step's x·W + b), and the gate
// math writes c in place and h into the other of two h buffers (the rest of the row's h is
// still being read). No gate row is stored, no table row copied.

/** Byte offset in a one-block packed U (see KC, NC) of row p's 4 columns from column j (j % 4 = 0). */
// @ts-ignore: decorator
@inline function packedColumn(units: i32, j: i32): usize {
  return addr((j & ~7) * units + (j & 7));
}

// @ts-ignore: decorator
@inline function lstmFused(
  rows: i32, units: i32, act: i32, recAct: i32, steps: i32, reverse: i32,
  ids: i32, x: i32, strideRow: i32, strideStep: i32, inputDim: i32, packedW: i32, bias: i32,
  packedU: i32, h: i32, c: i32, mask: i32, out: i32, scratch: i32,
): void {
  const gu = 4 * units;
  const z = scratch; // the step's x·W + b (float inputs)
  let hCur = h;
  let hNext = scratch + rows * gu; // [rows, u]; the scratch holds 2·rows·G·u floats there
  const hBytes = addr(units);
  for (let t = 0; t < steps; t++) {
    const s = reverse ? steps - 1 - t : t;
    if (ids < 0) {
      gemmPackedB(0, rows, gu, inputDim, 1, x + s * strideStep, strideRow, packedW, 0, z, gu);
      if (bias >= 0) addRowVector(z, rows, gu, bias);
    }
    let r = 0;
    for (; r + 2 <= rows; r += 2) lstmFusedRows(true, r, units, act, recAct, s, steps, ids, x, strideRow, strideStep, z, packedU, hCur, hNext, c, mask);
    if (r < rows) lstmFusedRows(false, r, units, act, recAct, s, steps, ids, x, strideRow, strideStep, z, packedU, hCur, hNext, c, mask);
    const swap = hCur;
    hCur = hNext;
    hNext = swap;
    if (out >= 0) for (let q = 0; q < rows; q++) memory.copy(addr(out + (q * steps + t) * units), addr(hCur + q * units), hBytes);
  }
  if (hCur != h) memory.copy(addr(h), addr(hCur), addr(rows * units));
}

/** Byte address of row r's gate inputs at step s: its projected-table row, or its row of z. */
// @ts-ignore: decorator
@inline function gateInputs(r: i32, s: i32, gu: i32, ids: i32, x: i32, strideRow: i32, strideStep: i32, z: i32): usize {
  if (ids >= 0) return addr(x + load<i32>(addr(ids + r * strideRow + s * strideStep)) * gu);
  return addr(z + r * gu);
}

/** Rows r (and r + 1 when two) of one step: all unit blocks. */
// @ts-ignore: decorator
@inline function lstmFusedRows(
  two: bool, r: i32, units: i32, act: i32, recAct: i32, s: i32, steps: i32,
  ids: i32, x: i32, strideRow: i32, strideStep: i32, z: i32, packedU: i32, hCur: i32, hNext: i32, c: i32, mask: i32,
): void {
  const gu = 4 * units;
  const in0 = gateInputs(r, s, gu, ids, x, strideRow, strideStep, z);
  const in1 = two ? gateInputs(r + 1, s, gu, ids, x, strideRow, strideStep, z) : in0;
  const on0 = mask < 0 || load<f32>(addr(mask + r * steps + s)) != 0;
  const on1 = two && (mask < 0 || load<f32>(addr(mask + (r + 1) * steps + s)) != 0);
  const h0 = addr(hCur + r * units);
  const h1 = h0 + addr(units);
  const ub = addr(units);
  const pU = addr(packedU);
  for (let j = 0; j < units; j += 4) {
    let bi = pU + packedColumn(units, j);
    let bf = pU + packedColumn(units, units + j);
    let bc = pU + packedColumn(units, 2 * units + j);
    let bo = pU + packedColumn(units, 3 * units + j);
    let i0 = f32x4.splat(0), f0 = f32x4.splat(0), c0 = f32x4.splat(0), o0 = f32x4.splat(0);
    let i1 = f32x4.splat(0), f1 = f32x4.splat(0), c1 = f32x4.splat(0), o1 = f32x4.splat(0);
    let pa0 = h0;
    let pa1 = h1;
    for (let p = 0; p < units; p++) {
      const a0 = v128.load32_splat(pa0);
      const vi = v128.load(bi), vf = v128.load(bf), vc = v128.load(bc), vo = v128.load(bo);
      i0 = madd(a0, vi, i0);
      f0 = madd(a0, vf, f0);
      c0 = madd(a0, vc, c0);
      o0 = madd(a0, vo, o0);
      if (two) {
        const a1 = v128.load32_splat(pa1);
        i1 = madd(a1, vi, i1);
        f1 = madd(a1, vf, f1);
        c1 = madd(a1, vc, c1);
        o1 = madd(a1, vo, o1);
      }
      pa0 += 4;
      pa1 += 4;
      bi += 32;
      bf += 32;
      bc += 32;
      bo += 32;
    }
    const jb = addr(j);
    lstmGates(act, recAct, in0 + jb, ub, i0, f0, c0, o0, addr(c + r * units) + jb, h0 + jb, addr(hNext + r * units) + jb, on0);
    if (two) lstmGates(act, recAct, in1 + jb, ub, i1, f1, c1, o1, addr(c + (r + 1) * units) + jb, h1 + jb, addr(hNext + (r + 1) * units) + jb, on1);
  }
}

/** One row's 4 units: gate pre-activations = inputs + h·U, then c in place and h into hOut (masked: carried). */
// @ts-ignore: decorator
@inline function lstmGates(act: i32, recAct: i32, pin: usize, ub: usize, ri: v128, rf: v128, rc: v128, ro: v128, pc: usize, phPrev: usize, phOut: usize, on: bool): void {
  if (!on) {
    v128.store(phOut, v128.load(phPrev));
    return;
  }
  const i = actV(recAct, f32x4.add(ri, v128.load(pin)));
  const f = actV(recAct, f32x4.add(rf, v128.load(pin + ub)));
  const cc = actV(act, f32x4.add(rc, v128.load(pin + 2 * ub)));
  const o = actV(recAct, f32x4.add(ro, v128.load(pin + 3 * ub)));
  const cNew = f32x4.add(f32x4.mul(f, v128.load(pc)), f32x4.mul(i, cc));
  v128.store(pc, cNew);
  v128.store(phOut, f32x4.mul(o, actV(act, cNew)));
}
