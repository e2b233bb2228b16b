// Metrics on scores rather than ids: ROC AUC (scikit-learn's exact value), top-k accuracy and
// perplexity.

import { Tensor } from '../tensor.ts';
import type { Labels } from './classification.ts';

const values = (x: Labels | Tensor): ArrayLike<number> => (x instanceof Tensor ? x.dataSync() : x);

/** Binary ROC AUC by the rank statistic (ties count half), equal to scikit-learn's trapezoid. */
function binaryAuc(truth: (i: number) => boolean, score: (i: number) => number, n: number, where: string): number {
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score(a) - score(b));
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && score(order[j + 1]!) === score(order[i]!)) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (truth(order[k]!)) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0)
    throw new Error(`${where}: AUC needs both classes in yTrue (found only ${positives === 0 ? 'negatives' : 'positives'})`);
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Area under the ROC curve. Binary: yTrue 0/1 and one score per row. Multi-class: yTrue ids and
 * scores [rows, classes], one-vs-rest averaged over classes (scikit-learn multi_class='ovr', macro).
 */
export function rocAucScore(yTrue: Labels, scores: Tensor | ArrayLike<number>): number {
  const where = 'rocAucScore';
  const t = values(yTrue);
  const s = values(scores);
  const n = t.length;
  if (s.length === n)
    return binaryAuc(
      (i) => t[i] === 1,
      (i) => s[i]!,
      n,
      where,
    );
  const k = s.length / n;
  if (!Number.isInteger(k) || k < 2)
    throw new Error(`${where}: ${s.length} scores for ${n} labels (give one score per row, or [rows, classes] probabilities)`);
  let sum = 0;
  for (let c = 0; c < k; c++)
    sum += binaryAuc(
      (i) => t[i] === c,
      (i) => s[i * k + c]!,
      n,
      `${where} (class ${c})`,
    );
  return sum / k;
}

function rowsOf(yTrue: Labels, probabilities: Tensor, where: string): [ArrayLike<number>, ArrayLike<number>, number] {
  const t = values(yTrue);
  const p = probabilities.dataSync();
  const k = probabilities.shape[probabilities.rank - 1]!;
  if (p.length !== t.length * k)
    throw new Error(`${where}: ${t.length} labels for probabilities of shape [${probabilities.shape.join(', ')}]`);
  return [t, p, k];
}

/** Share of rows whose true class is among the k highest scores (Keras in_top_k: rank = 1 + scores strictly above). */
export function topKAccuracy(yTrue: Labels, probabilities: Tensor, k = 5): number {
  const [t, p, depth] = rowsOf(yTrue, probabilities, 'topKAccuracy');
  let hit = 0;
  for (let r = 0; r < t.length; r++) {
    const own = p[r * depth + t[r]!]!;
    let above = 0;
    for (let j = 0; j < depth; j++) if (p[r * depth + j]! > own) above++;
    if (above < k) hit++;
  }
  return hit / t.length;
}

/**
 * exp(mean cross-entropy) of the true ids under the predicted distributions (probabilities are
 * renormalised and clipped to [1e-7, 1 − 1e-7] as Keras' crossentropy does).
 */
export function perplexity(yTrue: Labels, probabilities: Tensor): number {
  const [t, p, depth] = rowsOf(yTrue, probabilities, 'perplexity');
  let total = 0;
  for (let r = 0; r < t.length; r++) {
    let z = 0;
    for (let j = 0; j < depth; j++) z += p[r * depth + j]!;
    const q = Math.min(Math.max(p[r * depth + t[r]!]! / z, 1e-7), 1 - 1e-7);
    total -= Math.log(q);
  }
  return Math.exp(total / t.length);
}
