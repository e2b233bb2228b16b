// Metrics by Keras name. Each returns the sum of per-element values over a batch and the
// element count, so the training loop can keep Keras' running mean over an epoch.
// 'acc' / 'accuracy' pick their flavour from the loss, as Keras does: binary accuracy
// (threshold 0.5) for binary_crossentropy or a 1-unit output, sparse categorical accuracy
// for sparse_categorical_crossentropy, categorical accuracy otherwise. Keras 3 chooses by the
// output width alone: binary for 1 unit, so a binary loss on several units gets categorical.

import type { KerasVersion, Loss } from './losses.ts';
import type { TypedArray } from './tensor.ts';
import { auc, f1ScoreMetric, perplexityMetric, thresholdRatio, topKCategoricalAccuracy } from './metrics/keras.ts';

export {
  confusionMatrix,
  accuracyScore,
  precisionScore,
  recallScore,
  f1Score,
  perClassScores,
  predictClasses,
  classificationReport,
  type Labels,
  type Average,
  type ClassificationOptions,
  type PerClass,
} from './metrics/classification.ts';
export { rocAucScore, topKAccuracy, perplexity } from './metrics/ranking.ts';
export { auc, aucFromBuckets, thresholdRatio, topKCategoricalAccuracy, perplexityMetric, f1ScoreMetric } from './metrics/keras.ts';

export interface Metric {
  /** The key in logs and history (as the user wrote it: 'acc', 'accuracy', 'mae'…). */
  readonly name: string;
  /** Whether targets are class ids (one per row of D predictions). */
  readonly sparse: boolean;
  /** Σ over elements of the per-element value (weighted), and Σ of weights. */
  compute(pred: Float32Array, target: TypedArray, batch: number, depth: number, sampleWeight: Float32Array | null): [number, number];
  /** Clears a metric's own state (AUC, perplexity) when an epoch or evaluation starts. */
  reset?(): void;
}

/** Metrics by Keras name beyond accuracy/mse/mae (the names `compile({ metrics })` accepts). */
const KERAS_METRICS: Record<string, (name: string, loss: Loss) => Metric> = {
  precision: (name) => thresholdRatio(name, 'precision'),
  recall: (name) => thresholdRatio(name, 'recall'),
  auc: (name) => auc(name),
  f1_score: (name) => f1ScoreMetric(name, 'macro'),
  top_k_categorical_accuracy: (name) => topKCategoricalAccuracy(name, false),
  sparse_top_k_categorical_accuracy: (name) => topKCategoricalAccuracy(name, true),
  perplexity: (name, loss) => perplexityMetric(name, loss.sparse),
};

type ElementMetric = (p: Float32Array, t: TypedArray, o: number, to: number, d: number) => number;

function makeMetric(name: string, sparse: boolean, element: ElementMetric): Metric {
  return {
    name,
    sparse,
    compute(pred, target, batch, depth, sampleWeight) {
      const rows = pred.length / depth;
      const perSample = rows / batch;
      let sum = 0;
      let count = 0;
      for (let r = 0; r < rows; r++) {
        const w = sampleWeight ? sampleWeight[Math.floor(r / perSample)]! : 1;
        sum += w * element(pred, target, r * depth, sparse ? r : r * depth, depth);
        count += w;
      }
      return [sum, count];
    },
  };
}

const argmax = (a: ArrayLike<number>, o: number, d: number): number => {
  let best = 0;
  for (let j = 1; j < d; j++) if (a[o + j]! > a[o + best]!) best = j;
  return best;
};

export const binaryAccuracy = (name = 'binary_accuracy', threshold = 0.5): Metric =>
  makeMetric(name, false, (p, t, o, to, d) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += (p[o + j]! > threshold ? 1 : 0) === t[to + j] ? 1 : 0;
    return s / d;
  });

export const categoricalAccuracy = (name = 'categorical_accuracy'): Metric =>
  makeMetric(name, false, (p, t, o, to, d) => (argmax(p, o, d) === argmax(t, to, d) ? 1 : 0));

export const sparseCategoricalAccuracy = (name = 'sparse_categorical_accuracy'): Metric =>
  makeMetric(name, true, (p, t, o, to, d) => (argmax(p, o, d) === t[to] ? 1 : 0));

export const meanSquaredError = (name = 'mse'): Metric =>
  makeMetric(name, false, (p, t, o, to, d) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += (p[o + j]! - t[to + j]!) ** 2;
    return s / d;
  });

export const meanAbsoluteError = (name = 'mae'): Metric =>
  makeMetric(name, false, (p, t, o, to, d) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += Math.abs(p[o + j]! - t[to + j]!);
    return s / d;
  });

/** Resolves a metric name for a given loss and output width (and compile's kerasVersion). */
export function getMetric(spec: string | Metric, loss: Loss, outputDepth: number, kerasVersion?: KerasVersion): Metric {
  if (typeof spec !== 'string') return spec;
  const key = spec.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  switch (key) {
    case 'acc':
    case 'accuracy':
      // tf.keras 2 (tf_keras/src/engine/compile_utils.py) also takes binary for a binary_crossentropy loss; Keras 3 does not
      const binaryLoss = loss.name === 'binary_crossentropy' && (kerasVersion ?? loss.options?.kerasVersion ?? 2) === 2;
      if (binaryLoss || (outputDepth === 1 && !loss.sparse)) return binaryAccuracy(spec);
      if (loss.sparse) return sparseCategoricalAccuracy(spec);
      return categoricalAccuracy(spec);
    case 'binary_accuracy':
      return binaryAccuracy(spec);
    case 'categorical_accuracy':
      return categoricalAccuracy(spec);
    case 'sparse_categorical_accuracy':
      return sparseCategoricalAccuracy(spec);
    case 'mse':
    case 'mean_squared_error':
      return meanSquaredError(spec);
    case 'mae':
    case 'mean_absolute_error':
      return meanAbsoluteError(spec);
    default: {
      const make = KERAS_METRICS[key];
      if (make) {
        const metric = make(spec, loss);
        if (metric.sparse !== loss.sparse)
          throw new Error(
            `metric '${spec}' needs ${metric.sparse ? 'class-id targets (a sparse_categorical_crossentropy loss)' : `binary or one-hot targets, but the loss '${loss.name}' takes class ids`}`,
          );
        return metric;
      }
      throw new Error(
        `unknown metric '${spec}' (known: acc, accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy, mse, mae, ${Object.keys(KERAS_METRICS).join(', ')})`,
      );
    }
  }
}
