// Weight initializers with Keras' definitions (keras/src/initializers). Each returns a
// function (size, shape, rng) -> Float32Array that Layer.addWeight() calls.
// Fans follow Keras: for a 2-D kernel (in, out) fanIn = in, fanOut = out; for a Conv1D kernel
// (k, in, out) the receptive field k multiplies both.

import type { Random } from './random.ts';
import { lookupOwn } from './utils/own.ts';

export type InitFn = (size: number, shape: number[], rng: Random) => Float32Array;
export type InitializerSpec = string | InitFn | { className: string; config?: Record<string, number> };

export function computeFans(shape: number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0]!, shape[0]!];
  if (shape.length === 2) return [shape[0]!, shape[1]!];
  let receptive = 1;
  for (const d of shape.slice(0, -2)) receptive *= d;
  return [shape[shape.length - 2]! * receptive, shape[shape.length - 1]! * receptive];
}

export const zeros = (): InitFn => (size) => new Float32Array(size);
export const ones = (): InitFn => (size) => new Float32Array(size).fill(1);
export const constant =
  (value = 0): InitFn =>
  (size) =>
    new Float32Array(size).fill(value);

export const randomUniform =
  (minval = -0.05, maxval = 0.05): InitFn =>
  (size, _s, rng) => {
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) out[i] = rng.uniform(minval, maxval);
    return out;
  };

export const randomNormal =
  (mean = 0, stddev = 0.05): InitFn =>
  (size, _s, rng) => {
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) out[i] = rng.normal(mean, stddev);
    return out;
  };

/** Normal redrawn until within two standard deviations (Keras' TruncatedNormal). */
export const truncatedNormal =
  (mean = 0, stddev = 0.05): InitFn =>
  (size, _s, rng) => {
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) {
      let v: number;
      do v = rng.normal(0, 1);
      while (Math.abs(v) > 2);
      out[i] = mean + stddev * v;
    }
    return out;
  };

type Mode = 'fan_in' | 'fan_out' | 'fan_avg';
type Distribution = 'uniform' | 'truncated_normal' | 'untruncated_normal';

export const varianceScaling =
  (scale: number, mode: Mode, distribution: Distribution): InitFn =>
  (size, shape, rng) => {
    const [fanIn, fanOut] = computeFans(shape);
    const denom = mode === 'fan_in' ? fanIn : mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const variance = scale / Math.max(1, denom);
    if (distribution === 'uniform') return randomUniform(-Math.sqrt(3 * variance), Math.sqrt(3 * variance))(size, shape, rng);
    if (distribution === 'truncated_normal') {
      // 0.8796… is the std of a unit normal truncated to [-2, 2]
      return truncatedNormal(0, Math.sqrt(variance) / 0.87962566103423978)(size, shape, rng);
    }
    return randomNormal(0, Math.sqrt(variance))(size, shape, rng);
  };

export const glorotUniform = (): InitFn => varianceScaling(1, 'fan_avg', 'uniform');
export const glorotNormal = (): InitFn => varianceScaling(1, 'fan_avg', 'truncated_normal');
export const heUniform = (): InitFn => varianceScaling(2, 'fan_in', 'uniform');
export const heNormal = (): InitFn => varianceScaling(2, 'fan_in', 'truncated_normal');
export const lecunUniform = (): InitFn => varianceScaling(1, 'fan_in', 'uniform');
export const lecunNormal = (): InitFn => varianceScaling(1, 'fan_in', 'truncated_normal');

/**
 * Keras Orthogonal: a normal matrix of shape (max(r,c), min(r,c)) with r = ∏shape[:-1],
 * c = shape[-1]; QR; Q·sign(diag(R)); transposed when r < c; times gain. For an RNN's
 * recurrent kernel (u, G·u) the rows are orthonormal across all gate blocks together.
 */
export const orthogonal =
  (gain = 1): InitFn =>
  (size, shape, rng) => {
    const cols = shape[shape.length - 1] ?? 1;
    const rows = size / cols;
    const m = Math.max(rows, cols);
    const n = Math.min(rows, cols);
    // a (m × n) normal matrix, column-major in `q` for the Gram–Schmidt below
    const q = new Float64Array(m * n);
    for (let i = 0; i < m * n; i++) q[i] = rng.normal(0, 1);
    // Modified Gram–Schmidt gives Q with R's diagonal positive, i.e. Q·sign(diag(R)) of numpy's QR.
    for (let j = 0; j < n; j++) {
      for (let p = 0; p < j; p++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[p * m + i]! * q[j * m + i]!;
        for (let i = 0; i < m; i++) q[j * m + i] = q[j * m + i]! - dot * q[p * m + i]!;
      }
      let norm = 0;
      for (let i = 0; i < m; i++) norm += q[j * m + i]! ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < m; i++) q[j * m + i] = q[j * m + i]! / norm;
    }
    const out = new Float32Array(size);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        // Q is (m × n); the result is Q when rows ≥ cols, else Qᵀ
        out[r * cols + c] = gain * (rows >= cols ? q[c * m + r]! : q[r * m + c]!);
      }
    }
    return out;
  };

export const identity =
  (gain = 1): InitFn =>
  (size, shape) => {
    const cols = shape[shape.length - 1] ?? 1;
    const out = new Float32Array(size);
    for (let i = 0; i < Math.min(size / cols, cols); i++) out[i * cols + i] = gain;
    return out;
  };

const byName: Record<string, (config: Record<string, number>) => InitFn> = {
  zeros: () => zeros(),
  ones: () => ones(),
  constant: (c) => constant(c.value ?? 0),
  random_uniform: (c) => randomUniform(c.minval, c.maxval),
  uniform: (c) => randomUniform(c.minval, c.maxval),
  random_normal: (c) => randomNormal(c.mean, c.stddev),
  normal: (c) => randomNormal(c.mean, c.stddev),
  truncated_normal: (c) => truncatedNormal(c.mean, c.stddev),
  glorot_uniform: () => glorotUniform(),
  glorot_normal: () => glorotNormal(),
  he_uniform: () => heUniform(),
  he_normal: () => heNormal(),
  lecun_uniform: () => lecunUniform(),
  lecun_normal: () => lecunNormal(),
  orthogonal: (c) => orthogonal(c.gain),
  identity: (c) => identity(c.gain),
};

/**
 * Accepts Keras and tfjs spellings: 'glorot_uniform', 'glorotUniform', 'GlorotUniform', a function,
 * or `{className: 'Constant', config: {value: 0.03}}`.
 */
export function getInitializer(spec: InitializerSpec): InitFn {
  if (typeof spec === 'function') return spec;
  const name = typeof spec === 'string' ? spec : spec.className;
  const config = typeof spec === 'string' ? {} : (spec.config ?? {});
  const key = name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  const make = lookupOwn(byName, key);
  if (!make) throw new Error(`unknown initializer '${name}' (known: ${Object.keys(byName).join(', ')})`);
  return make(config);
}
