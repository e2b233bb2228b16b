// Activations and their gradients (codes as in src/kernels/core.ts `Act`). The common ones
// (linear, relu, sigmoid, tanh, hard sigmoid) are SIMD; elu, selu and softplus forward use
// scalar float64 Math, like the reference, since they are rare and need expm1/log1p.

import { expv, sigmoidv, tanhv } from './simd-math';

const LINEAR = 0, RELU = 1, SIGMOID = 2, TANH = 3, HARD_SIGMOID = 4, ELU = 5, SELU = 6, SOFTPLUS = 7, HARD_SIGMOID_KERAS3 = 8;
const SELU_ALPHA: f64 = 1.6732632423543772;
const SELU_SCALE: f64 = 1.0507009873554805;

/** Returns 0, or −1 for an unknown activation code (the binding turns that into an error). */
export function activation(code: i32, x: i32, y: i32, n: i32): i32 {
  if (code < LINEAR || code > HARD_SIGMOID_KERAS3) return -1;
  const px = <usize>x << 2, py = <usize>y << 2;
  if (code == LINEAR) {
    if (x != y && n > 0) memory.copy(py, px, <usize>n << 2);
    return 0;
  }
  let i = 0;
  // one loop per code, so the body has no dispatch; the scalar tail runs the same vector code
  // on one lane, so an element's result does not depend on where the tail starts
  switch (code) {
    case RELU: {
      for (; i + 4 <= n; i += 4) v128.store(py + (<usize>i << 2), reluV(v128.load(px + (<usize>i << 2))));
      for (; i < n; i++) store<f32>(py + (<usize>i << 2), f32x4.extract_lane(reluV(f32x4.splat(load<f32>(px + (<usize>i << 2)))), 0));
      return 0;
    }
    case SIGMOID: {
      for (; i + 4 <= n; i += 4) v128.store(py + (<usize>i << 2), sigmoidv(v128.load(px + (<usize>i << 2))));
      for (; i < n; i++) store<f32>(py + (<usize>i << 2), f32x4.extract_lane(sigmoidv(f32x4.splat(load<f32>(px + (<usize>i << 2)))), 0));
      return 0;
    }
    case TANH: {
      for (; i + 4 <= n; i += 4) v128.store(py + (<usize>i << 2), tanhv(v128.load(px + (<usize>i << 2))));
      for (; i < n; i++) store<f32>(py + (<usize>i << 2), f32x4.extract_lane(tanhv(f32x4.splat(load<f32>(px + (<usize>i << 2)))), 0));
      return 0;
    }
    case HARD_SIGMOID: {
      for (; i + 4 <= n; i += 4) v128.store(py + (<usize>i << 2), hardSigmoidV(v128.load(px + (<usize>i << 2))));
      for (; i < n; i++) store<f32>(py + (<usize>i << 2), f32x4.extract_lane(hardSigmoidV(f32x4.splat(load<f32>(px + (<usize>i << 2)))), 0));
      return 0;
    }
    case HARD_SIGMOID_KERAS3: {
      for (; i + 4 <= n; i += 4) v128.store(py + (<usize>i << 2), hardSigmoidKeras3V(v128.load(px + (<usize>i << 2))));
      for (; i < n; i++) store<f32>(py + (<usize>i << 2), f32x4.extract_lane(hardSigmoidKeras3V(f32x4.splat(load<f32>(px + (<usize>i << 2)))), 0));
      return 0;
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(py + o, <f32>activateScalar(code, <f64>load<f32>(px + o)));
  }
  return 0;
}

// @ts-ignore: decorator
@inline function reluV(v: v128): v128 {
  return f32x4.pmax(f32x4.splat(0), v); // 0 < x ? x : 0, so NaN gives 0 as in the reference
}

/** Keras 2 hard sigmoid, clip(0.2·x + 0.5, 0, 1); pmax/pmin in this order keep NaN. */
// @ts-ignore: decorator
@inline function hardSigmoidV(v: v128): v128 {
  const t = f32x4.add(f32x4.mul(v, f32x4.splat(0.2)), f32x4.splat(0.5));
  return f32x4.pmin(f32x4.pmax(t, f32x4.splat(0)), f32x4.splat(1));
}

/** Keras 3 hard sigmoid, relu6(x + 3) / 6; pmax/pmin in this order keep NaN. */
// @ts-ignore: decorator
@inline export function hardSigmoidKeras3V(v: v128): v128 {
  const t = f32x4.pmin(f32x4.pmax(f32x4.add(v, f32x4.splat(3)), f32x4.splat(0)), f32x4.splat(6));
  return f32x4.div(t, f32x4.splat(6));
}

function activateScalar(code: i32, x: f64): f64 {
  switch (code) {
    case ELU: return x > 0 ? x : Math.expm1(x);
    case SELU: return x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x);
    default: return x > 20 ? x : Math.log1p(Math.exp(x)); // SOFTPLUS
  }
}

/** dx = dy ⊙ f'(x) given x and y = f(x); dx += … when accumulate. Returns −1 for a bad code. */
export function activationGrad(code: i32, x: i32, y: i32, dy: i32, dx: i32, n: i32, accumulate: i32): i32 {
  if (code < LINEAR || code > HARD_SIGMOID_KERAS3) return -1;
  const px = <usize>x << 2, py = <usize>y << 2, pdy = <usize>dy << 2, pdx = <usize>dx << 2;
  const acc = accumulate != 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const g = f32x4.mul(v128.load(pdy + o), derivativeV(code, v128.load(px + o), v128.load(py + o)));
    v128.store(pdx + o, acc ? f32x4.add(v128.load(pdx + o), g) : g);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const d = f32x4.extract_lane(derivativeV(code, f32x4.splat(load<f32>(px + o)), f32x4.splat(load<f32>(py + o))), 0);
    const g = load<f32>(pdy + o) * d;
    store<f32>(pdx + o, acc ? load<f32>(pdx + o) + g : g);
  }
  return 0;
}

// @ts-ignore: decorator
@inline function derivativeV(code: i32, x: v128, y: v128): v128 {
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  switch (code) {
    case LINEAR: return one;
    case RELU: return v128.and(f32x4.gt(x, zero), one);
    case SIGMOID: return f32x4.mul(y, f32x4.sub(one, y));
    case TANH: return f32x4.sub(one, f32x4.mul(y, y));
    case HARD_SIGMOID: {
      const inside = v128.and(f32x4.gt(x, f32x4.splat(-2.5)), f32x4.lt(x, f32x4.splat(2.5)));
      return v128.and(inside, f32x4.splat(0.2));
    }
    case HARD_SIGMOID_KERAS3: {
      const inside = v128.and(f32x4.gt(x, f32x4.splat(-3)), f32x4.lt(x, f32x4.splat(3)));
      return v128.and(inside, f32x4.splat(<f32>(1.0 / 6.0)));
    }
    case ELU: return v128.bitselect(one, f32x4.add(y, one), f32x4.gt(x, zero));
    case SELU: return v128.bitselect(f32x4.splat(<f32>SELU_SCALE), f32x4.add(y, f32x4.splat(<f32>(SELU_SCALE * SELU_ALPHA))), f32x4.gt(x, zero));
    default: return f32x4.div(one, f32x4.add(one, expv(f32x4.neg(x)))); // SOFTPLUS: sigmoid(x)
  }
}
