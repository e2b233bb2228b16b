// Every metric against scikit-learn or Keras 3: numbers from fixtures-src/metrics/make_fixtures.py.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { layers, Sequential, setLogSink, setSeed, tensor } from '../../src/index.ts';
import { resetLayerNames } from '../../src/layers/layer.ts';
import { binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy } from '../../src/losses.ts';
import * as metrics from '../../src/metrics.ts';
import { Tensor } from '../../src/tensor.ts';

const golden = JSON.parse(readFileSync(new URL('../fixtures/metrics/metrics.json', import.meta.url), 'utf8'));
const bin = golden.binary;
const mc = golden.multiclass;
const keras = golden.keras;
const prob = new Tensor(Float32Array.from(mc.prob.flat()), [mc.y_true.length, 4]);
const onehot = Float32Array.from((mc.y_true as number[]).flatMap((c) => [0, 1, 2, 3].map((j) => (j === c ? 1 : 0))));
const binPred = (bin.score as number[]).map((s) => (s > 0.5 ? 1 : 0));

/** Runs a compile metric over batches of 16, as fit/evaluate do, and returns Σsum/Σcount. */
function batched(metric: metrics.Metric, pred: Float32Array, target: Float32Array | Int32Array, depth: number): number {
  metric.reset?.();
  const rows = pred.length / depth;
  const tWidth = target.length / rows;
  let sum = 0;
  let count = 0;
  for (let r = 0; r < rows; r += 16) {
    const end = Math.min(r + 16, rows);
    const [s, c] = metric.compute(pred.subarray(r * depth, end * depth), target.subarray(r * tWidth, end * tWidth), end - r, depth, null);
    sum += s;
    count += c;
  }
  return sum / Math.max(count, 1e-12);
}

describe('classification metrics (scikit-learn)', () => {
  it('binary confusion matrix, precision, recall, F1', () => {
    expect(metrics.confusionMatrix(bin.y_true, binPred)).toEqual(bin.confusion_matrix);
    expect(metrics.precisionScore(bin.y_true, binPred)).toBeCloseTo(bin.precision, 12);
    expect(metrics.recallScore(bin.y_true, binPred)).toBeCloseTo(bin.recall, 12);
    expect(metrics.f1Score(bin.y_true, binPred)).toBeCloseTo(bin.f1, 12);
  });
  it('multi-class: macro, micro, weighted and per class (a class never predicted counts 0)', () => {
    const yPred = metrics.predictClasses(prob);
    expect(Array.from(yPred.dataSync())).toEqual(mc.y_pred);
    expect(metrics.confusionMatrix(mc.y_true, yPred, { numClasses: 4 })).toEqual(mc.confusion_matrix);
    expect(metrics.accuracyScore(mc.y_true, yPred)).toBeCloseTo(mc.accuracy, 12);
    for (const average of ['macro', 'micro', 'weighted'] as const) {
      const o = { average, numClasses: 4 };
      expect(metrics.precisionScore(mc.y_true, yPred, o)).toBeCloseTo(mc[`precision_${average}`], 12);
      expect(metrics.recallScore(mc.y_true, yPred, o)).toBeCloseTo(mc[`recall_${average}`], 12);
      expect(metrics.f1Score(mc.y_true, yPred, o)).toBeCloseTo(mc[`f1_${average}`], 12);
    }
    const per = metrics.perClassScores(mc.y_true, yPred, { numClasses: 4 });
    per.precision.forEach((v, c) => expect(v).toBeCloseTo(mc.precision_per_class[c], 12));
    per.recall.forEach((v, c) => expect(v).toBeCloseTo(mc.recall_per_class[c], 12));
    per.f1.forEach((v, c) => expect(v).toBeCloseTo(mc.f1_per_class[c], 12));
    expect(metrics.classificationReport(mc.y_true, yPred, { labels: ['a', 'b', 'c', 'd'] })).toMatch(/macro avg\s+\d\.\d\d/);
  });
  it('ROC AUC (binary and one-vs-rest), top-k accuracy, perplexity', () => {
    expect(metrics.rocAucScore(bin.y_true, bin.score)).toBeCloseTo(bin.roc_auc, 12);
    expect(metrics.rocAucScore(mc.y_true, prob)).toBeCloseTo(mc.roc_auc_ovr_macro, 12);
    expect(metrics.topKAccuracy(mc.y_true, prob, 2)).toBeCloseTo(mc.top_2_accuracy, 12);
    expect(metrics.perplexity(mc.y_true, prob)).toBeCloseTo(Math.exp(mc.log_loss), 5);
    expect(metrics.perplexity(mc.y_true, prob)).toBeCloseTo(keras.perplexity, 4);
  });
  it('bad inputs are named', () => {
    expect(() => metrics.f1Score([0, 1], [0.3, 1])).toThrow('yPred[0] is 0.3; expected class ids');
    expect(() => metrics.f1Score([0, 1, 2], [0, 1, 2], { average: 'binary' })).toThrow("average 'binary' needs two classes");
    expect(() => metrics.rocAucScore([1, 1], [0.2, 0.3])).toThrow('AUC needs both classes');
  });
});

describe('compile metrics (Keras 3, batches of 16)', () => {
  const score = Float32Array.from(bin.score);
  const yb = Float32Array.from(bin.y_true);
  it('precision, recall, auc (ROC and PR) on a sigmoid output', () => {
    expect(batched(metrics.getMetric('precision', binaryCrossentropy, 1), score, yb, 1)).toBeCloseTo(keras.precision, 6);
    expect(batched(metrics.getMetric('recall', binaryCrossentropy, 1), score, yb, 1)).toBeCloseTo(keras.recall, 6);
    expect(batched(metrics.getMetric('auc', binaryCrossentropy, 1), score, yb, 1)).toBeCloseTo(keras.auc, 6);
    expect(batched(metrics.auc('auc_pr', { curve: 'PR' }), score, yb, 1)).toBeCloseTo(keras.auc_pr, 6);
  });
  it('on a softmax output with one-hot targets; top-k; perplexity', () => {
    const p = prob.dataSync() as Float32Array;
    expect(batched(metrics.getMetric('precision', categoricalCrossentropy, 4), p, onehot, 4)).toBeCloseTo(keras.precision_onehot, 6);
    expect(batched(metrics.getMetric('recall', categoricalCrossentropy, 4), p, onehot, 4)).toBeCloseTo(keras.recall_onehot, 6);
    expect(batched(metrics.getMetric('auc', categoricalCrossentropy, 4), p, onehot, 4)).toBeCloseTo(keras.auc_onehot, 6);
    expect(batched(metrics.topKCategoricalAccuracy('top2', false, 2), p, onehot, 4)).toBeCloseTo(keras.top_k_categorical_accuracy_k2, 6);
    expect(batched(metrics.getMetric('top_k_categorical_accuracy', categoricalCrossentropy, 4), p, onehot, 4)).toBeCloseTo(
      keras.top_k_categorical_accuracy,
      6,
    );
    const ids = Int32Array.from(mc.y_true);
    expect(batched(metrics.topKCategoricalAccuracy('stop2', true, 2), p, ids, 4)).toBeCloseTo(
      keras.sparse_top_k_categorical_accuracy_k2,
      6,
    );
    expect(batched(metrics.getMetric('perplexity', sparseCategoricalCrossentropy, 4), p, ids, 4)).toBeCloseTo(keras.perplexity, 4);
    expect(metrics.f1Score(mc.y_true, metrics.predictClasses(prob), { numClasses: 4 })).toBeCloseTo(keras.f1_score_macro, 6);
    expect(batched(metrics.getMetric('f1_score', categoricalCrossentropy, 4), p, onehot, 4)).toBeCloseTo(keras.f1_score_macro, 6);
    expect(batched(metrics.f1ScoreMetric('f1w', 'weighted'), p, onehot, 4)).toBeCloseTo(keras.f1_score_weighted, 6);
    expect(batched(metrics.f1ScoreMetric('f1m', 'micro'), p, onehot, 4)).toBeCloseTo(keras.f1_score_micro, 6);
  });
  it('a metric needing other targets than the loss gives is an error', () => {
    expect(() => metrics.getMetric('precision', sparseCategoricalCrossentropy, 4)).toThrow(
      "metric 'precision' needs binary or one-hot targets",
    );
    expect(() => metrics.getMetric('sparse_top_k_categorical_accuracy', categoricalCrossentropy, 4)).toThrow('needs class-id targets');
  });
});

describe('compile({ metrics }) in fit and evaluate', () => {
  beforeEach(() => {
    resetLayerNames();
    setSeed(1);
    setLogSink({ dynamic: false, write: () => {} });
  });
  it("history keys as Keras prints them; evaluate's values equal the functions on predict's output", async () => {
    const n = 96;
    const x = new Float32Array(n * 2);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      x[2 * i] = Math.sin(i * 1.7);
      x[2 * i + 1] = Math.cos(i * 0.9);
      y[i] = x[2 * i]! + 0.5 * x[2 * i + 1]! > 0.2 ? 1 : 0;
    }
    const xs = tensor(x, [n, 2]);
    const ys = tensor(y, [n, 1]);
    const model = new Sequential([layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })]);
    model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['precision', 'recall', 'auc'] });
    const history = await model.fit(xs, ys, { epochs: 2, batchSize: 16, validationSplit: 0.25, verbose: 0 });
    expect(Object.keys(history.history)).toEqual([
      'loss',
      'precision',
      'recall',
      'auc',
      'val_loss',
      'val_precision',
      'val_recall',
      'val_auc',
    ]);
    const [, precision, recall, aucValue] = (await model.evaluate(xs, ys, { batchSize: 16, verbose: 0 })) as number[];
    const p = ((await model.predict(xs)) as Tensor).dataSync() as Float32Array;
    const pred = Array.from(p, (v) => (v > 0.5 ? 1 : 0));
    expect(precision).toBeCloseTo(metrics.precisionScore(Array.from(y), pred), 6);
    expect(recall).toBeCloseTo(metrics.recallScore(Array.from(y), pred), 6);
    expect(aucValue).toBeCloseTo(batched(metrics.auc(), p, y, 1), 6);
    expect(Math.abs(aucValue! - metrics.rocAucScore(Array.from(y), p))).toBeLessThan(0.02);
  });
});
