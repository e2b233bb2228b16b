// Vector math shared by the kernels (and by assembly/recurrent.ts for the gate functions):
// exp, sigmoid, tanh on f32x4, and the multiply-add that becomes one FMA under relaxed SIMD.
// Accuracy: a few ulp against the float64 reference (Cephes single-precision polynomials).

/** c + a·b; a fused FMA when built with relaxed SIMD (rounding may then differ by 1 ulp). */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/**
 * e^x for x in about [-87.3, 88]; inputs outside are clamped (exp(-100) gives ~1e-38, not 0,
 * and exp(100) gives 1.65e38, not inf). The callers (sigmoid, tanh, softmax after the max
 * shift) only need that range. NaN stays NaN.
 */
// @ts-ignore: decorator
@inline export function expv(x: v128): v128 {
  // pmax/pmin are single instructions (max/min are not in V8); this operand order keeps NaN
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-87.33654)), f32x4.splat(88.0));
  // n = round(x·log2 e): adding 1.5·2^23 rounds to an integer that sits in the low mantissa bits
  const magic = f32x4.splat(12582912.0);
  const t = madd(x, f32x4.splat(1.44269504088896341), magic);
  const fx = f32x4.sub(t, magic);
  // x − n·ln2 in two steps so the reduction stays exact
  x = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(0.693359375)));
  x = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(-2.12194440e-4)));
  const z = f32x4.mul(x, x);
  let y = f32x4.splat(1.9875691500e-4);
  y = madd(y, x, f32x4.splat(1.3981999507e-3));
  y = madd(y, x, f32x4.splat(8.3334519073e-3));
  y = madd(y, x, f32x4.splat(4.1665795894e-2));
  y = madd(y, x, f32x4.splat(1.6666665459e-1));
  y = madd(y, x, f32x4.splat(5.0000001201e-1));
  y = f32x4.add(madd(y, z, x), f32x4.splat(1.0));
  // 2^n from n's bits: bits(t) = 0x4B400000 + n, and n + 127 is in [1, 254] after the clamp
  const pow2n = i32x4.shl(i32x4.add(t, i32x4.splat(127 - 0x4B400000)), 23);
  return f32x4.mul(y, pow2n);
}

/** 1 / (1 + e^−x). */
// @ts-ignore: decorator
@inline export function sigmoidv(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, expv(f32x4.neg(x))));
}

/**
 * tanh as one rational function x·P(x²)/Q(x²) on x clamped to ±7.905 (where tanh rounds to ±1
 * in float32): the coefficients of Eigen's float tanh. One division, no exp, no branch.
 */
// @ts-ignore: decorator
@inline export function tanhv(x: v128): v128 {
  // pmin/pmax in this order keep NaN
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-7.90531110763549805)), f32x4.splat(7.90531110763549805));
  const x2 = f32x4.mul(x, x);
  let p = f32x4.splat(-2.76076847742355e-16);
  p = madd(p, x2, f32x4.splat(2.00018790482477e-13));
  p = madd(p, x2, f32x4.splat(-8.60467152213735e-11));
  p = madd(p, x2, f32x4.splat(5.12229709037114e-08));
  p = madd(p, x2, f32x4.splat(1.48572235717979e-05));
  p = madd(p, x2, f32x4.splat(6.37261928875436e-04));
  p = madd(p, x2, f32x4.splat(4.89352455891786e-03));
  p = f32x4.mul(p, x);
  let q = f32x4.splat(1.19825839466702e-06);
  q = madd(q, x2, f32x4.splat(1.18534705686654e-04));
  q = madd(q, x2, f32x4.splat(2.26843463243900e-03));
  q = madd(q, x2, f32x4.splat(4.89352518554385e-03));
  return f32x4.div(p, q);
}

/** Horizontal sum of the four lanes. */
// @ts-ignore: decorator
@inline export function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** Horizontal max of the four lanes (NaN-propagating like f32x4.max). */
// @ts-ignore: decorator
@inline export function hmax(v: v128): f32 {
  const a = f32x4.max(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  const b = f32x4.max(a, v128.shuffle<f32>(a, a, 1, 0, 3, 2));
  return f32x4.extract_lane(b, 0);
}
