// Losses with Keras' math and names. A prediction [B, …, D] is reduced over its last axis to
// per-element losses [B, …]; sample weights scale each sample; the batch loss is the weighted
// sum divided by the number of elements (Keras' "sum_over_batch_size").
// Probabilities are clipped to [1e-7, 1 − 1e-7] as in keras/src/backend/config.py.
// compute() also writes dLoss/dPrediction — or, when `fused`, dLoss/dLogits for a sigmoid or
// softmax output layer (p − t), which is exact and avoids dividing by tiny probabilities.

import type { TypedArray } from './tensor.ts';
import { lookupOwn } from './utils/own.ts';

export const EPSILON = 1e-7;

export interface LossInput {
  /** Predictions, B·M·D values. */
  pred: Float32Array;
  /** Targets: B·M·D values, or B·M class ids for sparse losses. */
  target: TypedArray;
  /** Where to write the gradient (B·M·D values), or null to skip it. */
  grad: Float32Array | null;
  /** Number of samples B in the batch. */
  batch: number;
  /** Size D of the last axis. */
  depth: number;
  /** Per-sample weights (length B) or null. */
  sampleWeight: Float32Array | null;
  /** Write the gradient with respect to the output layer's logits (sigmoid/softmax fused). */
  fused: boolean;
}

export interface Loss {
  /** Keras name, e.g. 'binary_crossentropy'. */
  readonly name: string;
  /** The output activation this loss can fuse its gradient with, if any. */
  readonly fusesWith: 'sigmoid' | 'softmax' | null;
  /** True when targets are class ids (one per row of D predictions). */
  readonly sparse: boolean;
  /** Returns the batch loss (weighted mean) and fills `grad` when given. */
  compute(input: LossInput): number;
}

type ElementLoss = (p: Float32Array, t: TypedArray, row: number, tRow: number, d: number, g: Float32Array | null, scale: number, fused: boolean) => number;

function makeLoss(name: string, fusesWith: Loss['fusesWith'], sparse: boolean, element: ElementLoss): Loss {
  return {
    name,
    fusesWith,
    sparse,
    compute({ pred, target, grad, batch, depth, sampleWeight, fused }) {
      const rows = pred.length / depth;
      const perSample = rows / batch;
      const expectTarget = sparse ? rows : pred.length;
      if (target.length !== expectTarget) {
        throw new Error(
          `loss ${name}: targets have ${target.length / batch} values per sample but the model outputs ${pred.length / batch}` +
            (sparse ? ` (${perSample} class ids expected per sample for ${depth} classes)` : '') +
            (!sparse && target.length * depth === pred.length && name === 'categorical_crossentropy'
              ? " — the targets look like class ids: use 'sparse_categorical_crossentropy' or one-hot encode them"
              : ''),
        );
      }
      let total = 0;
      for (let r = 0; r < rows; r++) {
        const w = sampleWeight ? sampleWeight[Math.floor(r / perSample)]! : 1;
        const scale = w / rows;
        const l = element(pred, target, r * depth, sparse ? r : r * depth, depth, grad, scale, fused);
        total += w * l;
      }
      return total / rows;
    },
  };
}

const clip = (p: number): number => (p < EPSILON ? EPSILON : p > 1 - EPSILON ? 1 - EPSILON : p);

export const meanSquaredError = makeLoss('mean_squared_error', null, false, (p, t, o, to, d, g, scale) => {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const diff = p[o + j]! - t[to + j]!;
    s += diff * diff;
    if (g) g[o + j] = (2 * diff * scale) / d;
  }
  return s / d;
});

export const meanAbsoluteError = makeLoss('mean_absolute_error', null, false, (p, t, o, to, d, g, scale) => {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const diff = p[o + j]! - t[to + j]!;
    s += Math.abs(diff);
    if (g) g[o + j] = (Math.sign(diff) * scale) / d;
  }
  return s / d;
});

export const binaryCrossentropy = makeLoss('binary_crossentropy', 'sigmoid', false, (p, t, o, to, d, g, scale, fused) => {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const raw = p[o + j]!;
    const y = t[to + j]!;
    const c = clip(raw);
    s -= y * Math.log(c + EPSILON) + (1 - y) * Math.log(1 - c + EPSILON);
    if (g) {
      if (fused) g[o + j] = ((raw - y) * scale) / d;
      else g[o + j] = raw === c ? (-(y / (c + EPSILON) - (1 - y) / (1 - c + EPSILON)) * scale) / d : 0;
    }
  }
  return s / d;
});

export const categoricalCrossentropy = makeLoss('categorical_crossentropy', 'softmax', false, (p, t, o, to, d, g, scale, fused) => {
  // Keras: p / Σp, clip, −Σ t·log p
  let sum = 0;
  for (let j = 0; j < d; j++) sum += p[o + j]!;
  let s = 0;
  for (let j = 0; j < d; j++) {
    const y = t[to + j]!;
    const c = clip(p[o + j]! / sum);
    if (y !== 0) s -= y * Math.log(c);
    if (g) g[o + j] = fused ? (p[o + j]! - y) * scale : p[o + j]! / sum === c ? (-y / (c * sum)) * scale : 0;
  }
  if (g && !fused) {
    // the normalisation p/Σp adds Σ_k t_k/Σp to every component (zero when Σp = 1)
    let tSum = 0;
    for (let j = 0; j < d; j++) tSum += t[to + j]!;
    for (let j = 0; j < d; j++) g[o + j] = g[o + j]! + (tSum / sum) * scale;
  }
  return s;
});

export const sparseCategoricalCrossentropy = makeLoss('sparse_categorical_crossentropy', 'softmax', true, (p, t, o, to, d, g, scale, fused) => {
  const cls = t[to]!;
  if (!Number.isInteger(cls) || cls < 0 || cls >= d) {
    throw new Error(`loss sparse_categorical_crossentropy: class id ${cls} is outside [0, ${d}) (the output layer has ${d} units)`);
  }
  const c = clip(p[o + cls]!);
  if (g) {
    if (fused) {
      for (let j = 0; j < d; j++) g[o + j] = (p[o + j]! - (j === cls ? 1 : 0)) * scale;
    } else {
      for (let j = 0; j < d; j++) g[o + j] = 0;
      if (p[o + cls] === c) g[o + cls] = (-1 / c) * scale;
    }
  }
  return -Math.log(c);
});

const byName: Record<string, Loss> = {
  mse: meanSquaredError,
  mean_squared_error: meanSquaredError,
  mae: meanAbsoluteError,
  mean_absolute_error: meanAbsoluteError,
  binary_crossentropy: binaryCrossentropy,
  categorical_crossentropy: categoricalCrossentropy,
  sparse_categorical_crossentropy: sparseCategoricalCrossentropy,
};

/** 'mse', 'meanSquaredError', 'binary_crossentropy', … or a Loss object. */
export function getLoss(spec: string | Loss): Loss {
  if (typeof spec !== 'string') return spec;
  const key = spec.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  const loss = lookupOwn(byName, key);
  if (!loss) throw new Error(`unknown loss '${spec}' (known: ${Object.keys(byName).join(', ')})`);
  return loss;
}
