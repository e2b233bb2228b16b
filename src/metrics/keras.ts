// The Keras metrics `compile({ metrics })` takes by name beyond accuracy/mae/mse: precision,
// recall, auc, top-k accuracy, perplexity. Same definitions as Keras 3 (thresholds, buckets,
// summation), checked against Keras by test/metrics/keras.test.ts.
//
// The training loop reports Σ sum / Σ count over the batches of an epoch. Precision and recall
// are such ratios (TP / (TP + FP)). AUC and perplexity are not, so they keep their own state,
// cleared by reset() when the loop starts an epoch or an evaluation, and return from each
// compute() the change of their result with count 1 on the first batch: the sums then telescope
// to the current result.

import type { Metric } from '../metrics.ts';
import type { TypedArray } from '../tensor.ts';

type Weights = Float32Array | null;
const weightOf = (w: Weights, row: number, rows: number, batch: number): number => (w ? w[Math.floor(row / (rows / batch))]! : 1);

/** Keras Precision / Recall (threshold 0.5, every output unit a binary decision). */
export function thresholdRatio(name: string, which: 'precision' | 'recall', threshold = 0.5): Metric {
  return {
    name,
    sparse: false,
    compute(pred, target, batch, depth, w) {
      let tp = 0;
      let denominator = 0;
      const rows = pred.length / depth;
      for (let i = 0; i < pred.length; i++) {
        const weight = weightOf(w, Math.floor(i / depth), rows, batch);
        const positive = pred[i]! > threshold;
        const truth = target[i]! >= 0.5;
        if (positive && truth) tp += weight;
        if (which === 'precision' ? positive : truth) denominator += weight;
      }
      return [tp, denominator];
    },
  };
}

/** A metric whose epoch value is computed from its own state (see the file comment). */
function stateful(
  name: string,
  sparse: boolean,
  update: (pred: Float32Array, target: TypedArray, batch: number, depth: number, w: Weights) => void,
  result: () => number,
  clear: () => void,
): Metric {
  let last = 0;
  let started = false;
  return {
    name,
    sparse,
    reset() {
      clear();
      last = 0;
      started = false;
    },
    compute(pred, target, batch, depth, w) {
      update(pred, target, batch, depth, w);
      const now = result();
      const delta: [number, number] = [now - last, started ? 0 : 1];
      last = now;
      started = true;
      return delta;
    },
  };
}

/** Keras AUC: 200 evenly spaced thresholds, ROC or PR curve, interpolated summation. */
export function auc(name = 'auc', options: { curve?: 'ROC' | 'PR'; numThresholds?: number } = {}): Metric {
  const T = options.numThresholds ?? 200;
  const curve = options.curve ?? 'ROC';
  const posBucket = new Float64Array(T);
  const negBucket = new Float64Array(T);
  const update = (pred: Float32Array, target: TypedArray, batch: number, depth: number, w: Weights): void => {
    const rows = pred.length / depth;
    for (let i = 0; i < pred.length; i++) {
      const p = Math.min(Math.max(pred[i]!, 0), 1);
      const bucket = Math.max(Math.ceil(Math.fround(p * (T - 1))) - 1, 0);
      const weight = weightOf(w, Math.floor(i / depth), rows, batch);
      if (target[i]! >= 0.5) posBucket[bucket] += weight;
      else negBucket[bucket] += weight;
    }
  };
  const result = (): number => aucFromBuckets(posBucket, negBucket, curve);
  return stateful(name, false, update, result, () => {
    posBucket.fill(0);
    negBucket.fill(0);
  });
}

const divideNoNan = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** Keras' AUC result from per-bucket positive/negative weights (threshold i counts buckets ≥ i). */
export function aucFromBuckets(posBucket: Float64Array, negBucket: Float64Array, curve: 'ROC' | 'PR'): number {
  const T = posBucket.length;
  const tp = new Float64Array(T);
  const fp = new Float64Array(T);
  for (let i = T - 1, a = 0, b = 0; i >= 0; i--) {
    a += posBucket[i]!;
    b += negBucket[i]!;
    tp[i] = a;
    fp[i] = b;
  }
  const fn = tp.map((x) => tp[0]! - x);
  const tn = fp.map((x) => fp[0]! - x);
  let sum = 0;
  if (curve === 'PR') {
    for (let i = 0; i < T - 1; i++) {
      const dtp = tp[i]! - tp[i + 1]!;
      const p0 = tp[i]! + fp[i]!;
      const p1 = tp[i + 1]! + fp[i + 1]!;
      const slope = divideNoNan(dtp, Math.max(p0 - p1, 0));
      const intercept = tp[i + 1]! - slope * p1;
      const ratio = p0 > 0 && p1 > 0 ? divideNoNan(p0, Math.max(p1, 0)) : 1;
      sum += divideNoNan(slope * (dtp + intercept * Math.log(ratio)), Math.max(tp[i + 1]! + fn[i + 1]!, 0));
    }
    return sum;
  }
  const recall = (i: number): number => divideNoNan(tp[i]!, tp[i]! + fn[i]!);
  const fpRate = (i: number): number => divideNoNan(fp[i]!, fp[i]! + tn[i]!);
  for (let i = 0; i < T - 1; i++) sum += (fpRate(i) - fpRate(i + 1)) * ((recall(i) + recall(i + 1)) / 2);
  return sum;
}

/** Keras TopKCategoricalAccuracy (one-hot targets) or SparseTopKCategoricalAccuracy (ids), k = 5 by default. */
export function topKCategoricalAccuracy(name: string, sparse: boolean, k = 5): Metric {
  return {
    name,
    sparse,
    compute(pred, target, batch, depth, w) {
      const rows = pred.length / depth;
      let sum = 0;
      let count = 0;
      for (let r = 0; r < rows; r++) {
        let truth = 0;
        if (sparse) truth = target[r]!;
        else for (let j = 1; j < depth; j++) if (target[r * depth + j]! > target[r * depth + truth]!) truth = j;
        const own = pred[r * depth + truth]!;
        let above = 0;
        for (let j = 0; j < depth; j++) if (pred[r * depth + j]! > own) above++;
        const weight = weightOf(w, r, rows, batch);
        if (above < k) sum += weight;
        count += weight;
      }
      return [sum, count];
    },
  };
}

/** exp(running mean crossentropy) of the true ids (keras_nlp Perplexity on probabilities). */
export function perplexityMetric(name = 'perplexity', sparse = true): Metric {
  let total = 0;
  let count = 0;
  const update = (pred: Float32Array, target: TypedArray, batch: number, depth: number, w: Weights): void => {
    const rows = pred.length / depth;
    for (let r = 0; r < rows; r++) {
      let truth = 0;
      if (sparse) truth = target[r]!;
      else for (let j = 1; j < depth; j++) if (target[r * depth + j]! > target[r * depth + truth]!) truth = j;
      let z = 0;
      for (let j = 0; j < depth; j++) z += pred[r * depth + j]!;
      const q = Math.min(Math.max(pred[r * depth + truth]! / z, 1e-7), 1 - 1e-7);
      const weight = weightOf(w, r, rows, batch);
      total -= weight * Math.log(q);
      count += weight;
    }
  };
  return stateful(
    name,
    sparse,
    update,
    () => Math.exp(total / Math.max(count, 1e-12)),
    () => {
      total = 0;
      count = 0;
    },
  );
}

/**
 * Keras F1Score over an epoch: per class TP/FP/FN (predictions one-hot by argmax, or p > 0.5 for a
 * one-unit output), F1 = 2PR/(P + R) with Keras' epsilons, then averaged. Keras' default
 * (average=None) is a per-class vector, which a history cannot hold; here 'f1_score' is the macro
 * average (perClassScores gives the vector).
 */
export function f1ScoreMetric(name = 'f1_score', average: 'macro' | 'micro' | 'weighted' = 'macro'): Metric {
  let tp = new Float64Array(0);
  let fp = new Float64Array(0);
  let fn = new Float64Array(0);
  const update = (pred: Float32Array, target: TypedArray, batch: number, depth: number, w: Weights): void => {
    const classes = depth === 1 ? 2 : depth;
    if (tp.length !== classes) [tp, fp, fn] = [new Float64Array(classes), new Float64Array(classes), new Float64Array(classes)];
    const rows = pred.length / depth;
    for (let r = 0; r < rows; r++) {
      let predicted = 0;
      let truth = 0;
      if (depth === 1) {
        predicted = pred[r]! > 0.5 ? 1 : 0;
        truth = target[r]! >= 0.5 ? 1 : 0;
      } else {
        for (let j = 1; j < depth; j++) {
          if (pred[r * depth + j]! > pred[r * depth + predicted]!) predicted = j;
          if (target[r * depth + j]! > target[r * depth + truth]!) truth = j;
        }
      }
      const weight = weightOf(w, r, rows, batch);
      if (predicted === truth) tp[truth] += weight;
      else {
        fp[predicted] += weight;
        fn[truth] += weight;
      }
    }
  };
  const EPS = 1e-7;
  const f1 = (t: number, p: number, n: number): number => {
    const precision = t / (t + p + EPS);
    const recall = t / (t + n + EPS);
    return (2 * precision * recall) / (precision + recall + EPS);
  };
  const result = (): number => {
    const k = tp.length;
    if (k === 0) return 0;
    if (average === 'micro')
      return f1(
        tp.reduce((a, b) => a + b, 0),
        fp.reduce((a, b) => a + b, 0),
        fn.reduce((a, b) => a + b, 0),
      );
    const scores = Array.from(tp, (t, c) => f1(t, fp[c]!, fn[c]!));
    if (average === 'macro') return scores.reduce((a, b) => a + b, 0) / k;
    const support = Array.from(tp, (t, c) => t + fn[c]!);
    const total = support.reduce((a, b) => a + b, 0);
    return scores.reduce((a, s, c) => a + (s * support[c]!) / Math.max(total, EPS), 0);
  };
  return stateful(name, false, update, result, () => {
    tp = new Float64Array(0);
    fp = new Float64Array(0);
    fn = new Float64Array(0);
  });
}
