// scikit-learn's classification metrics on class ids: confusion matrix, accuracy, precision,
// recall and F1 (binary, macro, micro, weighted or per class), and predictClasses to get the ids
// from a model's probabilities. Undefined ratios (no predictions of a class) are 0, as
// scikit-learn's zero_division=0.

import { Tensor } from '../tensor.ts';

export type Labels = Tensor | ArrayLike<number>;
export type Average = 'binary' | 'macro' | 'micro' | 'weighted';

export interface ClassificationOptions {
  /** How per-class values are combined (default 'binary' for two classes, else 'macro'). */
  average?: Average;
  /** The positive class of 'binary' (default 1). */
  posLabel?: number;
  /** Number of classes (default: 1 + the largest id seen). */
  numClasses?: number;
}

function ids(labels: Labels, what: string, where: string): ArrayLike<number> {
  const x = labels instanceof Tensor ? labels.dataSync() : labels;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isInteger(v) || v < 0)
      throw new Error(`${where}: ${what}[${i}] is ${v}; expected class ids (integers ≥ 0); use predictClasses on probabilities`);
  }
  return x;
}

function pair(yTrue: Labels, yPred: Labels, where: string): [ArrayLike<number>, ArrayLike<number>] {
  const t = ids(yTrue, 'yTrue', where);
  const p = ids(yPred, 'yPred', where);
  if (t.length !== p.length) throw new Error(`${where}: yTrue has ${t.length} labels, yPred has ${p.length}`);
  if (t.length === 0) throw new Error(`${where}: no labels`);
  return [t, p];
}

const maxId = (a: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
  return m;
};

/** Confusion matrix as rows of counts: [true class][predicted class] (scikit-learn's layout). */
export function confusionMatrix(yTrue: Labels, yPred: Labels, options: { numClasses?: number } = {}): number[][] {
  const [t, p] = pair(yTrue, yPred, 'confusionMatrix');
  const k = options.numClasses ?? Math.max(maxId(t), maxId(p)) + 1;
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < t.length; i++) {
    if (t[i]! >= k || p[i]! >= k)
      throw new Error(`confusionMatrix: label ${Math.max(t[i]!, p[i]!)} at position ${i} is outside numClasses ${k}`);
    m[t[i]!]![p[i]!]!++;
  }
  return m;
}

/** Share of exact matches. */
export function accuracyScore(yTrue: Labels, yPred: Labels): number {
  const [t, p] = pair(yTrue, yPred, 'accuracyScore');
  let hit = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === p[i]) hit++;
  return hit / t.length;
}

export interface PerClass {
  precision: number[];
  recall: number[];
  f1: number[];
  /** True count of each class. */
  support: number[];
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** Precision, recall, F1 and support of every class (scikit-learn's average=None). */
export function perClassScores(yTrue: Labels, yPred: Labels, options: { numClasses?: number } = {}): PerClass {
  const m = confusionMatrix(yTrue, yPred, options);
  const k = m.length;
  const out: PerClass = { precision: [], recall: [], f1: [], support: [] };
  for (let c = 0; c < k; c++) {
    const tp = m[c]![c]!;
    let predicted = 0;
    let actual = 0;
    for (let j = 0; j < k; j++) {
      predicted += m[j]![c]!;
      actual += m[c]![j]!;
    }
    out.precision.push(ratio(tp, predicted));
    out.recall.push(ratio(tp, actual));
    out.f1.push(ratio(2 * tp, predicted + actual));
    out.support.push(actual);
  }
  return out;
}

function averaged(which: 'precision' | 'recall' | 'f1', yTrue: Labels, yPred: Labels, options: ClassificationOptions): number {
  const where = `${which}Score`;
  const [t, p] = pair(yTrue, yPred, where);
  const k = options.numClasses ?? Math.max(maxId(t), maxId(p)) + 1;
  const average = options.average ?? (k <= 2 ? 'binary' : 'macro');
  const s = perClassScores(t, p, { numClasses: Math.max(k, 2) });
  if (average === 'binary') {
    const pos = options.posLabel ?? 1;
    if (k > 2) throw new Error(`${where}: average 'binary' needs two classes, found ${k}; use 'macro', 'micro' or 'weighted'`);
    return s[which][pos]!;
  }
  if (average === 'micro') {
    // Every prediction is one TP or one FP and one FN: micro precision = recall = F1 = accuracy.
    return accuracyScore(t, p);
  }
  const values = s[which];
  if (average === 'macro') return values.reduce((a, b) => a + b, 0) / values.length;
  if (average === 'weighted') return values.reduce((a, v, c) => a + v * s.support[c]!, 0) / t.length;
  throw new Error(`${where}: average must be 'binary', 'macro', 'micro' or 'weighted', got '${average}'`);
}

/** TP / (TP + FP): binary (posLabel) or averaged over classes. */
export const precisionScore = (yTrue: Labels, yPred: Labels, options: ClassificationOptions = {}): number =>
  averaged('precision', yTrue, yPred, options);
/** TP / (TP + FN). */
export const recallScore = (yTrue: Labels, yPred: Labels, options: ClassificationOptions = {}): number =>
  averaged('recall', yTrue, yPred, options);
/** 2·P·R / (P + R) per class, then averaged (macro F1 averages the per-class F1s, as scikit-learn). */
export const f1Score = (yTrue: Labels, yPred: Labels, options: ClassificationOptions = {}): number => averaged('f1', yTrue, yPred, options);

/**
 * Class ids from a model's output: argmax over the last axis, or `p > threshold` (default 0.5)
 * for a one-unit sigmoid output (Keras' `predict_classes`). Returns int32 [rows].
 */
export function predictClasses(probabilities: Tensor, options: { threshold?: number } = {}): Tensor {
  const depth = probabilities.shape[probabilities.rank - 1] ?? 1;
  const p = probabilities.dataSync();
  const rows = depth === 0 ? 0 : p.length / depth;
  const out = new Int32Array(rows);
  const threshold = options.threshold ?? 0.5;
  for (let r = 0; r < rows; r++) {
    if (depth === 1 || probabilities.rank === 1) {
      out[r] = p[r]! > threshold ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let j = 1; j < depth; j++) if (p[r * depth + j]! > p[r * depth + best]!) best = j;
    out[r] = best;
  }
  return new Tensor(out, [rows]);
}

/** A text table of per-class precision, recall, F1 and support (scikit-learn's classification_report). */
export function classificationReport(
  yTrue: Labels,
  yPred: Labels,
  options: { labels?: readonly string[]; numClasses?: number } = {},
): string {
  const s = perClassScores(yTrue, yPred, { numClasses: options.numClasses ?? options.labels?.length });
  const names = s.precision.map((_, c) => options.labels?.[c] ?? String(c));
  const width = Math.max(12, ...names.map((n) => n.length));
  const row = (name: string, values: number[], support: number): string =>
    `${name.padStart(width)} ${values.map((v) => v.toFixed(2).padStart(9)).join(' ')} ${String(support).padStart(9)}`;
  const n = s.support.reduce((a, b) => a + b, 0);
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const weighted = (xs: number[]): number => xs.reduce((a, v, c) => a + v * s.support[c]!, 0) / n;
  return [
    `${''.padStart(width)} ${['precision', 'recall', 'f1-score', 'support'].map((h) => h.padStart(9)).join(' ')}`,
    '',
    ...names.map((name, c) => row(name, [s.precision[c]!, s.recall[c]!, s.f1[c]!], s.support[c]!)),
    '',
    `${'accuracy'.padStart(width)} ${''.padStart(19)} ${accuracyScore(yTrue, yPred).toFixed(2).padStart(9)} ${String(n).padStart(9)}`,
    row('macro avg', [mean(s.precision), mean(s.recall), mean(s.f1)], n),
    row('weighted avg', [weighted(s.precision), weighted(s.recall), weighted(s.f1)], n),
  ].join('\n');
}
