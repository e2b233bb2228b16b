// Fused recurrent gate kernels, SIMD128 (contract: src/kernels/recurrent.ts; the readable
// version: src/kernels/reference/recurrent.ts; binding: src/kernels/wasm/recurrent.ts).
// Each kernel walks the rows of one timestep; within a row, 4 units at a time, then a scalar
// tail that runs the same vector code on one lane (so a row's results do not depend on where
// the tail starts). Pointers are element offsets into the heap; booleans are i32.

import { expv, sigmoidv, tanhv } from './core/simd-math';
import { hardSigmoidKeras3V } from './core/activations';

const LINEAR = 0, RELU = 1, SIGMOID = 2, TANH = 3, HARD_SIGMOID = 4, ELU = 5, SELU = 6, HARD_SIGMOID_KERAS3 = 8;
const SELU_ALPHA: f64 = 1.6732632423543772;
const SELU_SCALE: f64 = 1.0507009873554805;

// @ts-ignore: decorator
@inline function addr(offset: i32): usize {
  return <usize>offset << 2;
}

// @ts-ignore: decorator
@inline function ld(p: usize, full: bool): v128 {
  return full ? v128.load(p) : f32x4.splat(load<f32>(p));
}

// @ts-ignore: decorator
@inline function st(p: usize, v: v128, full: bool): void {
  if (full) v128.store(p, v);
  else store<f32>(p, f32x4.extract_lane(v, 0));
}

/**
 * Gradients below 1e-30 become 0. Over long sequences dh decays geometrically into float32
 * denormals, and every GEMM touching denormals runs up to ~30× slower on x86 (measured: LSTM(32),
 * 500 steps, backward 10 s → 0.2 s). A value that small is far below any float32 gradient's
 * resolution next to the others. NaN is kept.
 */
// @ts-ignore: decorator
@inline function flush(v: v128): v128 {
  return v128.andnot(v, f32x4.lt(f32x4.abs(v), f32x4.splat(1e-30)));
}

// @ts-ignore: decorator
@inline function keepRow(mask: i32, row: i32): bool {
  return mask < 0 || load<f32>(addr(mask + row)) != 0;
}

function scalarAct(code: i32, x: f64): f64 {
  if (code == ELU) return x > 0 ? x : Math.expm1(x);
  if (code == SELU) return x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x);
  return x > 20 ? x : Math.log1p(Math.exp(x)); // softplus
}

/** The rare activations (elu, selu, softplus) lane by lane in float64, as the reference does. */
function actLanes(code: i32, v: v128): v128 {
  let out = v;
  out = f32x4.replace_lane(out, 0, <f32>scalarAct(code, <f64>f32x4.extract_lane(v, 0)));
  out = f32x4.replace_lane(out, 1, <f32>scalarAct(code, <f64>f32x4.extract_lane(v, 1)));
  out = f32x4.replace_lane(out, 2, <f32>scalarAct(code, <f64>f32x4.extract_lane(v, 2)));
  out = f32x4.replace_lane(out, 3, <f32>scalarAct(code, <f64>f32x4.extract_lane(v, 3)));
  return out;
}

// @ts-ignore: decorator
@inline function actV(code: i32, v: v128): v128 {
  if (code == SIGMOID) return sigmoidv(v);
  if (code == TANH) return tanhv(v);
  if (code == LINEAR) return v;
  if (code == RELU) return f32x4.pmax(f32x4.splat(0), v);
  if (code == HARD_SIGMOID) {
    return f32x4.min(f32x4.splat(1), f32x4.max(f32x4.splat(0), f32x4.add(f32x4.mul(v, f32x4.splat(0.2)), f32x4.splat(0.5))));
  }
  if (code == HARD_SIGMOID_KERAS3) return hardSigmoidKeras3V(v);
  return actLanes(code, v);
}

/** f'(x) from y = f(x) (every allowed cell activation is monotone, so y decides). */
// @ts-ignore: decorator
@inline function dOut(code: i32, y: v128): v128 {
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  if (code == SIGMOID) return f32x4.mul(y, f32x4.sub(one, y));
  if (code == TANH) return f32x4.sub(one, f32x4.mul(y, y));
  if (code == LINEAR) return one;
  if (code == RELU) return v128.and(f32x4.gt(y, zero), one);
  if (code == HARD_SIGMOID) return v128.and(v128.and(f32x4.gt(y, zero), f32x4.lt(y, one)), f32x4.splat(0.2));
  if (code == HARD_SIGMOID_KERAS3) return v128.and(v128.and(f32x4.gt(y, zero), f32x4.lt(y, one)), f32x4.splat(<f32>(1.0 / 6.0)));
  if (code == ELU) return v128.bitselect(one, f32x4.add(y, one), f32x4.gt(y, zero));
  if (code == SELU) return v128.bitselect(f32x4.splat(<f32>SELU_SCALE), f32x4.add(y, f32x4.splat(<f32>(SELU_SCALE * SELU_ALPHA))), f32x4.gt(y, zero));
  return f32x4.sub(one, expv(f32x4.neg(y))); // softplus: sigmoid(x) = 1 − e^−y
}

// ---------------------------------------------------------------- SimpleRNN
// Each cell kernel is one inlined row loop, called with its activation codes (and mask) as
// constants for Keras' default cell (tanh, sigmoid, no mask), so that copy is compiled without
// the per-vector activation dispatch, and with the caller's codes otherwise.

// @ts-ignore: decorator
@inline function simpleForwardAt(act: i32, pz: usize, pPrev: usize, pOut: usize, on: bool, full: bool): void {
  const a = actV(act, ld(pz, full));
  st(pz, a, full);
  st(pOut, on ? a : ld(pPrev, full), full);
}

export function simpleRnnForward(rows: i32, units: i32, act: i32, z: i32, hPrev: i32, hOut: i32, mask: i32): void {
  if (act == TANH && mask < 0) simpleRnnForwardRows(rows, units, TANH, z, hPrev, hOut, -1);
  else simpleRnnForwardRows(rows, units, act, z, hPrev, hOut, mask);
}

// @ts-ignore: decorator
@inline function simpleRnnForwardRows(rows: i32, units: i32, act: i32, z: i32, hPrev: i32, hOut: i32, mask: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = r * units;
    const on = keepRow(mask, r);
    let j = 0;
    for (; j + 4 <= units; j += 4) simpleForwardAt(act, addr(z + o + j), addr(hPrev + o + j), addr(hOut + o + j), on, true);
    for (; j < units; j++) simpleForwardAt(act, addr(z + o + j), addr(hPrev + o + j), addr(hOut + o + j), on, false);
  }
}

// @ts-ignore: decorator
@inline function simpleBackwardAt(act: i32, pa: usize, pdh: usize, pdz: usize, on: bool, full: bool): void {
  const zero = f32x4.splat(0);
  const g = ld(pdh, full);
  st(pdz, flush(on ? f32x4.mul(g, dOut(act, ld(pa, full))) : zero), full);
  st(pdh, flush(on ? zero : g), full);
}

export function simpleRnnBackward(rows: i32, units: i32, act: i32, a: i32, dh: i32, dz: i32, mask: i32): void {
  if (act == TANH && mask < 0) simpleRnnBackwardRows(rows, units, TANH, a, dh, dz, -1);
  else simpleRnnBackwardRows(rows, units, act, a, dh, dz, mask);
}

// @ts-ignore: decorator
@inline function simpleRnnBackwardRows(rows: i32, units: i32, act: i32, a: i32, dh: i32, dz: i32, mask: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = r * units;
    const on = keepRow(mask, r);
    let j = 0;
    for (; j + 4 <= units; j += 4) simpleBackwardAt(act, addr(a + o + j), addr(dh + o + j), addr(dz + o + j), on, true);
    for (; j < units; j++) simpleBackwardAt(act, addr(a + o + j), addr(dh + o + j), addr(dz + o + j), on, false);
  }
}

// ---------------------------------------------------------------- LSTM [i, f, c, o]

// @ts-ignore: decorator
@inline function lstmForwardAt(act: i32, recAct: i32, g: usize, ub: usize, pcPrev: usize, phPrev: usize, pcOut: usize, phOut: usize, on: bool, full: bool): void {
  const i = actV(recAct, ld(g, full));
  const f = actV(recAct, ld(g + ub, full));
  const cc = actV(act, ld(g + 2 * ub, full));
  const o = actV(recAct, ld(g + 3 * ub, full));
  st(g, i, full);
  st(g + ub, f, full);
  st(g + 2 * ub, cc, full);
  st(g + 3 * ub, o, full);
  if (on) {
    const c = f32x4.add(f32x4.mul(f, ld(pcPrev, full)), f32x4.mul(i, cc));
    st(pcOut, c, full);
    st(phOut, f32x4.mul(o, actV(act, c)), full);
  } else {
    st(pcOut, ld(pcPrev, full), full);
    st(phOut, ld(phPrev, full), full);
  }
}

export function lstmForward(rows: i32, units: i32, act: i32, recAct: i32, z: i32, cPrev: i32, hPrev: i32, cOut: i32, hOut: i32, mask: i32): void {
  if (act == TANH && recAct == SIGMOID && mask < 0) lstmForwardRows(rows, units, TANH, SIGMOID, z, cPrev, hPrev, cOut, hOut, -1);
  else lstmForwardRows(rows, units, act, recAct, z, cPrev, hPrev, cOut, hOut, mask);
}

// @ts-ignore: decorator
@inline function lstmForwardRows(rows: i32, units: i32, act: i32, recAct: i32, z: i32, cPrev: i32, hPrev: i32, cOut: i32, hOut: i32, mask: i32): void {
  const ub = addr(units);
  for (let r = 0; r < rows; r++) {
    const gRow = z + r * 4 * units;
    const s = r * units;
    const on = keepRow(mask, r);
    let j = 0;
    for (; j + 4 <= units; j += 4) {
      lstmForwardAt(act, recAct, addr(gRow + j), ub, addr(cPrev + s + j), addr(hPrev + s + j), addr(cOut + s + j), addr(hOut + s + j), on, true);
    }
    for (; j < units; j++) {
      lstmForwardAt(act, recAct, addr(gRow + j), ub, addr(cPrev + s + j), addr(hPrev + s + j), addr(cOut + s + j), addr(hOut + s + j), on, false);
    }
  }
}

// @ts-ignore: decorator
@inline function lstmBackwardAt(act: i32, recAct: i32, g: usize, d: usize, ub: usize, pcPrev: usize, pc: usize, pdh: usize, pdc: usize, on: bool, full: bool): void {
  const zero = f32x4.splat(0);
  if (!on) {
    st(d, zero, full);
    st(d + ub, zero, full);
    st(d + 2 * ub, zero, full);
    st(d + 3 * ub, zero, full);
    return; // dh and dc pass to the previous step unchanged
  }
  const i = ld(g, full);
  const f = ld(g + ub, full);
  const cc = ld(g + 2 * ub, full);
  const o = ld(g + 3 * ub, full);
  const tc = actV(act, ld(pc, full));
  const dh = ld(pdh, full);
  const dct = f32x4.add(ld(pdc, full), f32x4.mul(f32x4.mul(dh, o), dOut(act, tc)));
  st(d, flush(f32x4.mul(f32x4.mul(dct, cc), dOut(recAct, i))), full);
  st(d + ub, flush(f32x4.mul(f32x4.mul(dct, ld(pcPrev, full)), dOut(recAct, f))), full);
  st(d + 2 * ub, flush(f32x4.mul(f32x4.mul(dct, i), dOut(act, cc))), full);
  st(d + 3 * ub, flush(f32x4.mul(f32x4.mul(dh, tc), dOut(recAct, o))), full);
  st(pdc, flush(f32x4.mul(dct, f)), full);
  st(pdh, zero, full);
}

export function lstmBackward(rows: i32, units: i32, act: i32, recAct: i32, gates: i32, cPrev: i32, c: i32, dh: i32, dc: i32, dz: i32, mask: i32): void {
  if (act == TANH && recAct == SIGMOID && mask < 0) lstmBackwardRows(rows, units, TANH, SIGMOID, gates, cPrev, c, dh, dc, dz, -1);
  else lstmBackwardRows(rows, units, act, recAct, gates, cPrev, c, dh, dc, dz, mask);
}

// @ts-ignore: decorator
@inline function lstmBackwardRows(rows: i32, units: i32, act: i32, recAct: i32, gates: i32, cPrev: i32, c: i32, dh: i32, dc: i32, dz: i32, mask: i32): void {
  const ub = addr(units);
  for (let r = 0; r < rows; r++) {
    const g = gates + r * 4 * units;
    const d = dz + r * 4 * units;
    const s = r * units;
    const on = keepRow(mask, r);
    let j = 0;
    for (; j + 4 <= units; j += 4) {
      lstmBackwardAt(act, recAct, addr(g + j), addr(d + j), ub, addr(cPrev + s + j), addr(c + s + j), addr(dh + s + j), addr(dc + s + j), on, true);
    }
    for (; j < units; j++) {
      lstmBackwardAt(act, recAct, addr(g + j), addr(d + j), ub, addr(cPrev + s + j), addr(c + s + j), addr(dh + s + j), addr(dc + s + j), on, false);
    }
  }
}

// ---------------------------------------------------------------- GRU [z, r, h], reset after

// @ts-ignore: decorator
@inline function gruForwardAt(act: i32, recAct: i32, x: usize, m: usize, b: usize, hasBias: bool, ub: usize, phPrev: usize, phOut: usize, on: bool, full: bool): void {
  let mz = ld(m, full);
  let mr = ld(m + ub, full);
  let mh = ld(m + 2 * ub, full);
  if (hasBias) {
    mz = f32x4.add(mz, ld(b, full));
    mr = f32x4.add(mr, ld(b + ub, full));
    mh = f32x4.add(mh, ld(b + 2 * ub, full));
    st(m + 2 * ub, mh, full);
  }
  const z = actV(recAct, f32x4.add(ld(x, full), mz));
  const r = actV(recAct, f32x4.add(ld(x + ub, full), mr));
  const hh = actV(act, f32x4.add(ld(x + 2 * ub, full), f32x4.mul(r, mh)));
  st(x, z, full);
  st(x + ub, r, full);
  st(x + 2 * ub, hh, full);
  const hp = ld(phPrev, full);
  st(phOut, on ? f32x4.add(f32x4.mul(z, hp), f32x4.mul(f32x4.sub(f32x4.splat(1), z), hh)) : hp, full);
}

export function gruForward(rows: i32, units: i32, act: i32, recAct: i32, zx: i32, rec: i32, recBias: i32, hPrev: i32, hOut: i32, mask: i32): void {
  if (act == TANH && recAct == SIGMOID && mask < 0) gruForwardRows(rows, units, TANH, SIGMOID, zx, rec, recBias, hPrev, hOut, -1);
  else gruForwardRows(rows, units, act, recAct, zx, rec, recBias, hPrev, hOut, mask);
}

// @ts-ignore: decorator
@inline function gruForwardRows(rows: i32, units: i32, act: i32, recAct: i32, zx: i32, rec: i32, recBias: i32, hPrev: i32, hOut: i32, mask: i32): void {
  const ub = addr(units);
  const hasBias = recBias >= 0;
  for (let r = 0; r < rows; r++) {
    const x = zx + r * 3 * units;
    const m = rec + r * 3 * units;
    const s = r * units;
    const on = keepRow(mask, r);
    let j = 0;
    for (; j + 4 <= units; j += 4) {
      gruForwardAt(act, recAct, addr(x + j), addr(m + j), addr(recBias + j), hasBias, ub, addr(hPrev + s + j), addr(hOut + s + j), on, true);
    }
    for (; j < units; j++) {
      gruForwardAt(act, recAct, addr(x + j), addr(m + j), addr(recBias + j), hasBias, ub, addr(hPrev + s + j), addr(hOut + s + j), on, false);
    }
  }
}

// @ts-ignore: decorator
@inline function gruBackwardAt(act: i32, recAct: i32, g: usize, m: usize, dx: usize, dr: usize, ub: usize, phPrev: usize, pdh: usize, on: bool, full: bool): void {
  const zero = f32x4.splat(0);
  if (!on) {
    st(dx, zero, full);
    st(dx + ub, zero, full);
    st(dx + 2 * ub, zero, full);
    st(dr, zero, full);
    st(dr + ub, zero, full);
    st(dr + 2 * ub, zero, full);
    return;
  }
  const z = ld(g, full);
  const r = ld(g + ub, full);
  const hh = ld(g + 2 * ub, full);
  const dh = ld(pdh, full);
  const dhh = f32x4.mul(f32x4.mul(dh, f32x4.sub(f32x4.splat(1), z)), dOut(act, hh));
  const dzp = f32x4.mul(f32x4.mul(dh, f32x4.sub(ld(phPrev, full), hh)), dOut(recAct, z));
  const drp = f32x4.mul(f32x4.mul(dhh, ld(m + 2 * ub, full)), dOut(recAct, r));
  st(dx, flush(dzp), full);
  st(dx + ub, flush(drp), full);
  st(dx + 2 * ub, flush(dhh), full);
  st(dr, flush(dzp), full);
  st(dr + ub, flush(drp), full);
  st(dr + 2 * ub, flush(f32x4.mul(dhh, r)), full);
  st(pdh, flush(f32x4.mul(dh, z)), full);
}

export function gruBackward(rows: i32, units: i32, act: i32, recAct: i32, gates: i32, rec: i32, hPrev: i32, dh: i32, dzx: i32, dzRec: i32, mask: i32): void {
  if (act == TANH && recAct == SIGMOID && mask < 0) gruBackwardRows(rows, units, TANH, SIGMOID, gates, rec, hPrev, dh, dzx, dzRec, -1);
  else gruBackwardRows(rows, units, act, recAct, gates, rec, hPrev, dh, dzx, dzRec, mask);
}

// @ts-ignore: decorator
@inline function gruBackwardRows(rows: i32, units: i32, act: i32, recAct: i32, gates: i32, rec: i32, hPrev: i32, dh: i32, dzx: i32, dzRec: i32, mask: i32): void {
  const ub = addr(units);
  for (let r = 0; r < rows; r++) {
    const o3 = r * 3 * units;
    const s = r * units;
    const on = keepRow(mask, r);
    let j = 0;
    for (; j + 4 <= units; j += 4) {
      gruBackwardAt(act, recAct, addr(gates + o3 + j), addr(rec + o3 + j), addr(dzx + o3 + j), addr(dzRec + o3 + j), ub, addr(hPrev + s + j), addr(dh + s + j), on, true);
    }
    for (; j < units; j++) {
      gruBackwardAt(act, recAct, addr(gates + o3 + j), addr(rec + o3 + j), addr(dzx + o3 + j), addr(dzRec + o3 + j), ub, addr(hPrev + s + j), addr(dh + s + j), on, false);
    }
  }
}

// ---------------------------------------------------------------- GRU, reset before (Keras ≤ 2.2)

export function gruResetBeforeGates(rows: i32, units: i32, recAct: i32, z: i32, hReset: i32, rh: i32): void {
  const ub = addr(units);
  for (let r = 0; r < rows; r++) {
    const g = z + r * 3 * units;
    const s = r * units;
    let j = 0;
    for (; j + 4 <= 2 * units; j += 4) st(addr(g + j), actV(recAct, ld(addr(g + j), true)), true);
    for (; j < 2 * units; j++) st(addr(g + j), actV(recAct, ld(addr(g + j), false)), false);
    j = 0;
    for (; j + 4 <= units; j += 4) st(addr(rh + s + j), f32x4.mul(ld(addr(g + j) + ub, true), ld(addr(hReset + s + j), true)), true);
    for (; j < units; j++) st(addr(rh + s + j), f32x4.mul(ld(addr(g + j) + ub, false), ld(addr(hReset + s + j), false)), false);
  }
}

// @ts-ignore: decorator
@inline function resetBeforeOutputAt(act: i32, g: usize, ub: usize, phPrev: usize, phOut: usize, on: bool, full: bool): void {
  const hh = actV(act, ld(g + 2 * ub, full));
  st(g + 2 * ub, hh, full);
  const z = ld(g, full);
  const hp = ld(phPrev, full);
  st(phOut, on ? f32x4.add(f32x4.mul(z, hp), f32x4.mul(f32x4.sub(f32x4.splat(1), z), hh)) : hp, full);
}

export function gruResetBeforeOutput(rows: i32, units: i32, act: i32, z: i32, hPrev: i32, hOut: i32, mask: i32): void {
  const ub = addr(units);
  for (let r = 0; r < rows; r++) {
    const g = z + r * 3 * units;
    const s = r * units;
    const on = keepRow(mask, r);
    let j = 0;
    for (; j + 4 <= units; j += 4) resetBeforeOutputAt(act, addr(g + j), ub, addr(hPrev + s + j), addr(hOut + s + j), on, true);
    for (; j < units; j++) resetBeforeOutputAt(act, addr(g + j), ub, addr(hPrev + s + j), addr(hOut + s + j), on, false);
  }
}

// @ts-ignore: decorator
@inline function resetBeforeBackwardOutputAt(act: i32, recAct: i32, g: usize, d: usize, ub: usize, phPrev: usize, pdh: usize, on: bool, full: bool): void {
  const zero = f32x4.splat(0);
  if (!on) {
    st(d, zero, full);
    st(d + 2 * ub, zero, full);
    return;
  }
  const z = ld(g, full);
  const hh = ld(g + 2 * ub, full);
  const dh = ld(pdh, full);
  st(d, flush(f32x4.mul(f32x4.mul(dh, f32x4.sub(ld(phPrev, full), hh)), dOut(recAct, z))), full);
  st(d + 2 * ub, flush(f32x4.mul(f32x4.mul(dh, f32x4.sub(f32x4.splat(1), z)), dOut(act, hh))), full);
  st(pdh, flush(f32x4.mul(dh, z)), full);
}

export function gruResetBeforeBackwardOutput(rows: i32, units: i32, act: i32, recAct: i32, gates: i32, hPrev: i32, dh: i32, dz: i32, mask: i32): void {
  const ub = addr(units);
  for (let r = 0; r < rows; r++) {
    const o3 = r * 3 * units;
    const s = r * units;
    const on = keepRow(mask, r);
    let j = 0;
    for (; j + 4 <= units; j += 4) {
      resetBeforeBackwardOutputAt(act, recAct, addr(gates + o3 + j), addr(dz + o3 + j), ub, addr(hPrev + s + j), addr(dh + s + j), on, true);
    }
    for (; j < units; j++) {
      resetBeforeBackwardOutputAt(act, recAct, addr(gates + o3 + j), addr(dz + o3 + j), ub, addr(hPrev + s + j), addr(dh + s + j), on, false);
    }
  }
}

// @ts-ignore: decorator
@inline function resetBeforeBackwardResetAt(recAct: i32, g: usize, d: usize, ub: usize, phReset: usize, pdrh: usize, full: bool): void {
  const r = ld(g + ub, full);
  const drh = ld(pdrh, full);
  st(d + ub, flush(f32x4.mul(f32x4.mul(drh, ld(phReset, full)), dOut(recAct, r))), full);
  st(pdrh, flush(f32x4.mul(drh, r)), full);
}

export function gruResetBeforeBackwardReset(rows: i32, units: i32, recAct: i32, gates: i32, hReset: i32, drh: i32, dz: i32): void {
  const ub = addr(units);
  for (let r = 0; r < rows; r++) {
    const o3 = r * 3 * units;
    const s = r * units;
    let j = 0;
    for (; j + 4 <= units; j += 4) resetBeforeBackwardResetAt(recAct, addr(gates + o3 + j), addr(dz + o3 + j), ub, addr(hReset + s + j), addr(drh + s + j), true);
    for (; j < units; j++) resetBeforeBackwardResetAt(recAct, addr(gates + o3 + j), addr(dz + o3 + j), ub, addr(hReset + s + j), addr(drh + s + j), false);
  }
}

// ---------------------------------------------------------------- layout

/** dst[j, i, :] = src[i', j', :] (see the contract): batch-major ↔ time-major, optionally reversed. */
export function transposeTime(src: i32, dst: i32, d0: i32, d1: i32, features: i32, reverse0: i32, reverse1: i32): void {
  const bytes = addr(features);
  const vectorBytes = bytes & ~15;
  // blocks of 16 j: for each i the source rows of a block are contiguous and the 16
  // destination rows advance together, instead of one row per page on every access
  for (let j0 = 0; j0 < d1; j0 += 16) {
    const j1 = min(d1, j0 + 16);
    for (let i = 0; i < d0; i++) {
      const ii = reverse0 != 0 ? d0 - 1 - i : i;
      for (let j = j0; j < j1; j++) {
        const jj = reverse1 != 0 ? d1 - 1 - j : j;
        const to = addr(dst + (j * d0 + i) * features);
        const from = addr(src + (ii * d1 + jj) * features);
        // rows of a few hundred bytes: inline copies (memory.copy calls out to the runtime per row)
        let o: usize = 0;
        for (; o < vectorBytes; o += 16) v128.store(to + o, v128.load(from + o));
        for (; o < bytes; o += 4) store<u32>(to + o, load<u32>(from + o)); // bit copies (int32 ids too)
      }
    }
  }
}

/**
 * One-hot rows of x [batch, steps, width] → their indices, time-major into ids [steps, batch]
 * (steps reversed when reverse ≠ 0). Returns 1, or 0 at the first row that is not one-hot
 * (a value other than 0 and 1, no 1, or two).
 */
export function oneHotIds(x: i32, batch: i32, steps: i32, width: i32, ids: i32, reverse: i32): i32 {
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  const rowBytes = <usize>width << 2;
  let row = <usize>x << 2;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < steps; t++) {
      let hot = -1;
      let j = 0;
      for (; j + 4 <= width; j += 4) {
        const v = v128.load(row + (<usize>j << 2));
        const ones = f32x4.eq(v, one);
        // every lane 0 or 1 (NaN is neither)
        if (!v128.all_true<i32>(v128.or(ones, f32x4.eq(v, zero)))) return 0;
        const bits = i32x4.bitmask(ones);
        if (bits == 0) continue;
        if (hot >= 0 || popcnt<i32>(bits) > 1) return 0;
        hot = j + ctz<i32>(bits);
      }
      for (; j < width; j++) {
        const v = load<f32>(row + (<usize>j << 2));
        if (v == 0) continue;
        if (v != 1 || hot >= 0) return 0;
        hot = j;
      }
      if (hot < 0) return 0;
      const at = (reverse ? steps - 1 - t : t) * batch + b;
      store<i32>((<usize>ids << 2) + (<usize>at << 2), hot);
      row += rowBytes;
    }
  }
  return 1;
}
