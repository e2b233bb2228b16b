// Tanh attention scores, SIMD128 (contract: src/kernels/attention.ts; the readable version:
// src/kernels/reference/attention.ts; binding: src/kernels/wasm/attention.ts). The feature axis
// goes 4 at a time, then a scalar tail that runs the same vector code on one lane.

import { hsum, madd, tanhv } from './core/simd-math';

// @ts-ignore: decorator
@inline function addr(offset: i32): usize {
  return <usize>offset << 2;
}

// @ts-ignore: decorator
@inline function ld(p: usize, full: bool): v128 {
  return full ? v128.load(p) : f32x4.replace_lane(f32x4.splat(0), 0, load<f32>(p));
}

// @ts-ignore: decorator
@inline function st(p: usize, v: v128, full: bool): void {
  if (full) v128.store(p, v);
  else store<f32>(p, f32x4.extract_lane(v, 0));
}

export function tanhScores(q: i32, k: i32, batch: i32, tq: i32, tv: i32, d: i32, s: i32, c: f32, w: f32, a: i32, scores: i32): void {
  const cv = f32x4.splat(c);
  const one = f32x4.splat(1);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < tq; i++) {
      const qi = addr(q + (b * tq + i) * d);
      for (let j = 0; j < tv; j++) {
        const kj = addr(k + (b * tv + j) * d);
        const ai = addr(a + ((b * tq + i) * tv + j) * d);
        let acc = f32x4.splat(0);
        for (let e = 0; e < d; ) {
          const full = e + 4 <= d;
          const o = <usize>e << 2;
          const t = tanhv(f32x4.mul(cv, f32x4.add(ld(qi + o, full), ld(kj + o, full))));
          st(ai + o, t, full);
          const se = s < 0 ? one : ld(addr(s) + o, full);
          acc = madd(se, full ? t : f32x4.replace_lane(f32x4.splat(0), 0, f32x4.extract_lane(t, 0)), acc);
          e += full ? 4 : 1;
        }
        store<f32>(addr(scores + (b * tq + i) * tv + j), w * hsum(acc));
      }
    }
  }
}

export function tanhScoresGrad(q: i32, k: i32, batch: i32, tq: i32, tv: i32, d: i32, s: i32, c: f32, w: f32, a: i32, dScores: i32, dq: i32, dk: i32, ds: i32, scalars: i32): void {
  const cv = f32x4.splat(c);
  const one = f32x4.splat(1);
  let dcAcc = f32x4.splat(0);
  let dw: f64 = 0;
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < tq; i++) {
      const qi = addr(q + (b * tq + i) * d);
      const dqi = addr(dq + (b * tq + i) * d);
      for (let j = 0; j < tv; j++) {
        const g = load<f32>(addr(dScores + (b * tq + i) * tv + j));
        if (g == 0) continue;
        const gw = f32x4.splat(g * w);
        const kj = addr(k + (b * tv + j) * d);
        const dkj = addr(dk + (b * tv + j) * d);
        const ai = addr(a + ((b * tq + i) * tv + j) * d);
        let sum = f32x4.splat(0);
        for (let e = 0; e < d; ) {
          const full = e + 4 <= d;
          const o = <usize>e << 2;
          const t = ld(ai + o, full);
          const se = s < 0 ? (full ? one : f32x4.replace_lane(f32x4.splat(0), 0, 1)) : ld(addr(s) + o, full);
          sum = madd(se, t, sum);
          if (ds >= 0) st(addr(ds) + o, madd(gw, t, ld(addr(ds) + o, full)), full);
          const dPre = f32x4.mul(f32x4.mul(gw, se), f32x4.sub(one, f32x4.mul(t, t)));
          dcAcc = madd(dPre, f32x4.add(ld(qi + o, full), ld(kj + o, full)), dcAcc);
          const dx = f32x4.mul(dPre, cv);
          st(dqi + o, f32x4.add(ld(dqi + o, full), dx), full);
          st(dkj + o, f32x4.add(ld(dkj + o, full), dx), full);
          e += full ? 4 : 1;
        }
        dw += <f64>g * <f64>hsum(sum);
      }
    }
  }
  store<f32>(addr(scalars), load<f32>(addr(scalars)) + hsum(dcAcc));
  store<f32>(addr(scalars + 1), load<f32>(addr(scalars + 1)) + <f32>dw);
}
