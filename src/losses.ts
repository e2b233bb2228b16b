// Losses with Keras' math and names. A prediction [B, …, D] is reduced over its last axis to
// per-element losses [B, …]; sample weights scale each sample; the batch loss is the weighted
// sum divided by the number of elements (Keras' "sum_over_batch_size").
// Probabilities are clipped to [1e-7, 1 − 1e-7] as in keras/src/backend/config.py. The cross-entropies
// take `fromLogits` and a `kerasVersion` where tf.keras 2 and Keras 3 differ (see crossentropy()).
// compute() also writes dLoss/dPrediction — or, when `fused`, dLoss/dLogits for a sigmoid or
// softmax output layer (p − t), which is exact and avoids dividing by tiny probabilities.

import type { TypedArray } from './tensor.ts';
import { lookupOwn } from './utils/own.ts';

export const EPSILON = 1e-7;

/** Which Keras' formulas: 2 is tf.keras 2 (the books'), 3 is Keras 3. */
export type KerasVersion = 2 | 3;
/** Models built in code use tf.keras 2's formulas unless compile (or the loss) says otherwise. */
export const DEFAULT_KERAS_VERSION: KerasVersion = 2;

/** Options of the cross-entropy losses. */
export interface CrossentropyOptions {
  /** The predictions are logits (the output layer has no sigmoid/softmax): Keras' `from_logits`. */
  fromLogits?: boolean;
  /** Whose formulas for probabilities: 2 (tf.keras 2) or 3 (Keras 3). Unset: compile's `kerasVersion`, else 2. */
  kerasVersion?: KerasVersion;
}

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
  /** A cross-entropy's options (absent for losses that take none). */
  readonly options?: Readonly<CrossentropyOptions>;
  /** Returns the batch loss (weighted mean) and fills `grad` when given. */
  compute(input: LossInput): number;
}

type ElementLoss = (
  p: Float32Array,
  t: TypedArray,
  row: number,
  tRow: number,
  d: number,
  g: Float32Array | null,
  scale: number,
  fused: boolean,
) => number;

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

// ---- cross-entropies: probabilities (tf.keras 2 or Keras 3 formulas) or logits -------------

/** Keras 3 works in float32: its clip bounds are float32, and 1 − clip(1) is 1.19e-7 there, not 1e-7. */
const EPSILON_F32 = Math.fround(EPSILON);
const ONE_MINUS_EPSILON_F32 = Math.fround(1 - EPSILON);
const clipF32 = (p: number): number => (p < EPSILON_F32 ? EPSILON_F32 : p > ONE_MINUS_EPSILON_F32 ? ONE_MINUS_EPSILON_F32 : p);

/**
 * tf.keras 2 (tf_keras/src/backend.py binary_crossentropy): log(clip(p) + ε), so p = 0 with y = 1 costs 15.425.
 * Keras 3 (keras/src/backend/jax/nn.py): log(clip(p)) in float32, 16.118 there.
 */
const bceProbabilities =
  (version: KerasVersion): ElementLoss =>
  (p, t, o, to, d, g, scale, fused) => {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const raw = p[o + j]!;
      const y = t[to + j]!;
      const c = version === 3 ? clipF32(raw) : clip(raw);
      const positive = version === 3 ? c : c + EPSILON;
      const negative = version === 3 ? Math.fround(1 - c) : 1 - c + EPSILON;
      s -= y * Math.log(positive) + (1 - y) * Math.log(negative);
      if (g) {
        if (fused) g[o + j] = ((raw - y) * scale) / d;
        else g[o + j] = raw === c ? (-(y / positive - (1 - y) / negative) * scale) / d : 0;
      }
    }
    return s / d;
  };

/** max(x, 0) − x·y + log(1 + e^−|x|) (tf.nn.sigmoid_cross_entropy_with_logits; Keras 3 the same via log_sigmoid). */
const bceLogits: ElementLoss = (p, t, o, to, d, g, scale) => {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const x = p[o + j]!;
    const y = t[to + j]!;
    s += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
    if (g) g[o + j] = ((1 / (1 + Math.exp(-x)) - y) * scale) / d;
  }
  return s / d;
};

/** Keras 2 and 3 alike: p / Σp, clip, −Σ t·log p. */
const cceProbabilities: ElementLoss = (p, t, o, to, d, g, scale, fused) => {
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
};

/** log Σ e^x of a row, stably. */
function logSumExp(x: Float32Array, o: number, d: number): number {
  let m = -Infinity;
  for (let j = 0; j < d; j++) m = Math.max(m, x[o + j]!);
  let s = 0;
  for (let j = 0; j < d; j++) s += Math.exp(x[o + j]! - m);
  return m + Math.log(s);
}

/** −Σ t·log_softmax(x); gradient softmax(x)·Σt − t. */
const cceLogits: ElementLoss = (p, t, o, to, d, g, scale) => {
  const lse = logSumExp(p, o, d);
  let s = 0;
  let tSum = 0;
  for (let j = 0; j < d; j++) {
    const y = t[to + j]!;
    tSum += y;
    if (y !== 0) s -= y * (p[o + j]! - lse);
  }
  if (g) for (let j = 0; j < d; j++) g[o + j] = (Math.exp(p[o + j]! - lse) * tSum - t[to + j]!) * scale;
  return s;
};

function classId(t: TypedArray, to: number, d: number): number {
  const cls = t[to]!;
  if (!Number.isInteger(cls) || cls < 0 || cls >= d) {
    throw new Error(`loss sparse_categorical_crossentropy: class id ${cls} is outside [0, ${d}) (the output layer has ${d} units)`);
  }
  return cls;
}

/** tf.keras 2: −log clip(p_cls) (rows taken as they are). Keras 3: normalises the row first, −log clip(p_cls / Σp). */
const sparseProbabilities =
  (version: KerasVersion): ElementLoss =>
  (p, t, o, to, d, g, scale, fused) => {
    const cls = classId(t, to, d);
    let sum = 1;
    if (version === 3) {
      sum = 0;
      for (let j = 0; j < d; j++) sum += p[o + j]!;
    }
    const q = p[o + cls]! / sum;
    const c = clip(q);
    if (g) {
      if (fused) {
        for (let j = 0; j < d; j++) g[o + j] = (p[o + j]! - (j === cls ? 1 : 0)) * scale;
      } else {
        // d/dp_j of −log(p_cls / Σp) = 1/Σp − [j = cls]/p_cls (Keras 2: Σp is the constant 1)
        const shift = version === 3 && q === c ? scale / sum : 0;
        for (let j = 0; j < d; j++) g[o + j] = shift;
        if (q === c) g[o + cls] = g[o + cls]! - scale / p[o + cls]!;
      }
    }
    return -Math.log(c);
  };

/** log Σ e^x − x_cls; gradient softmax(x) − onehot. */
const sparseLogits: ElementLoss = (p, t, o, to, d, g, scale) => {
  const cls = classId(t, to, d);
  const lse = logSumExp(p, o, d);
  if (g) for (let j = 0; j < d; j++) g[o + j] = (Math.exp(p[o + j]! - lse) - (j === cls ? 1 : 0)) * scale;
  return lse - p[o + cls]!;
};

type CrossentropyKind = 'binary_crossentropy' | 'categorical_crossentropy' | 'sparse_categorical_crossentropy';

const CROSSENTROPY: Record<
  CrossentropyKind,
  { fusesWith: 'sigmoid' | 'softmax'; sparse: boolean; probabilities: (v: KerasVersion) => ElementLoss; logits: ElementLoss }
> = {
  binary_crossentropy: { fusesWith: 'sigmoid', sparse: false, probabilities: bceProbabilities, logits: bceLogits },
  categorical_crossentropy: { fusesWith: 'softmax', sparse: false, probabilities: () => cceProbabilities, logits: cceLogits },
  sparse_categorical_crossentropy: { fusesWith: 'softmax', sparse: true, probabilities: sparseProbabilities, logits: sparseLogits },
};

function crossentropy(kind: CrossentropyKind, options: CrossentropyOptions = {}): Loss {
  const fromLogits = options.fromLogits ?? false;
  if (typeof fromLogits !== 'boolean')
    throw new Error(`loss ${kind}: fromLogits must be true or false, got ${JSON.stringify(options.fromLogits)}`);
  if (options.kerasVersion !== undefined && options.kerasVersion !== 2 && options.kerasVersion !== 3) {
    throw new Error(`loss ${kind}: kerasVersion must be 2 or 3, got ${JSON.stringify(options.kerasVersion)}`);
  }
  const spec = CROSSENTROPY[kind];
  // logits: no output activation to fuse with; the formulas are the same in Keras 2 and 3
  const element = fromLogits ? spec.logits : spec.probabilities(options.kerasVersion ?? DEFAULT_KERAS_VERSION);
  const own: CrossentropyOptions = options.kerasVersion ? { fromLogits, kerasVersion: options.kerasVersion } : { fromLogits };
  return { ...makeLoss(kind, fromLogits ? null : spec.fusesWith, spec.sparse, element), options: own };
}

/** Keras' `BinaryCrossentropy(from_logits=…)`: `compile({ loss: losses.BinaryCrossentropy({ fromLogits: true }) })`. */
export const BinaryCrossentropy = (options: CrossentropyOptions = {}): Loss => crossentropy('binary_crossentropy', options);
/** Keras' `CategoricalCrossentropy(from_logits=…)`. */
export const CategoricalCrossentropy = (options: CrossentropyOptions = {}): Loss => crossentropy('categorical_crossentropy', options);
/** Keras' `SparseCategoricalCrossentropy(from_logits=…)`. */
export const SparseCategoricalCrossentropy = (options: CrossentropyOptions = {}): Loss =>
  crossentropy('sparse_categorical_crossentropy', options);

export const binaryCrossentropy = BinaryCrossentropy();
export const categoricalCrossentropy = CategoricalCrossentropy();
export const sparseCategoricalCrossentropy = SparseCategoricalCrossentropy();

const byName: Record<string, Loss> = {
  mse: meanSquaredError,
  mean_squared_error: meanSquaredError,
  mae: meanAbsoluteError,
  mean_absolute_error: meanAbsoluteError,
  binary_crossentropy: binaryCrossentropy,
  categorical_crossentropy: categoricalCrossentropy,
  sparse_categorical_crossentropy: sparseCategoricalCrossentropy,
};

const isCrossentropy = (name: string): name is CrossentropyKind => lookupOwn(CROSSENTROPY, name) !== undefined;

/**
 * 'mse', 'meanSquaredError', 'binary_crossentropy', … or a Loss object. `kerasVersion` (compile's)
 * picks the formulas of a cross-entropy given by name or built without a kerasVersion of its own.
 */
export function getLoss(spec: string | Loss, kerasVersion?: KerasVersion): Loss {
  if (typeof spec !== 'string') {
    const own = spec.options;
    if (!kerasVersion || !own || own.kerasVersion || !isCrossentropy(spec.name)) return spec;
    return crossentropy(spec.name, { ...own, kerasVersion });
  }
  const key = spec.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  const loss = lookupOwn(byName, key);
  if (!loss) throw new Error(`unknown loss '${spec}' (known: ${Object.keys(byName).join(', ')})`);
  return kerasVersion && loss.options ? getLoss(loss, kerasVersion) : loss;
}

/** A loss from its saved form: a name and, for a cross-entropy, its options. */
export function lossFromConfig(name: string, options?: CrossentropyOptions | null, kerasVersion?: KerasVersion): Loss {
  const base = getLoss(name);
  if (!options) return getLoss(base, kerasVersion);
  if (!isCrossentropy(base.name)) throw new Error(`loss '${name}' takes no options (got ${JSON.stringify(options)})`);
  return crossentropy(base.name, { ...options, kerasVersion: options.kerasVersion ?? kerasVersion });
}
