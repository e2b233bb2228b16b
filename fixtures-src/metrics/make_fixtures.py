"""Golden numbers for src/metrics/**: scikit-learn for the function metrics, Keras 3 for the
compile metrics (updated batch by batch as fit/evaluate do).

    KERAS_BACKEND=jax /work/venv/bin/python fixtures-src/metrics/make_fixtures.py

writes test/fixtures/metrics/metrics.json.
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras
import numpy as np
import sklearn
from sklearn import metrics as skm

rng = np.random.default_rng(16)
out = {"versions": {"sklearn": sklearn.__version__, "keras": keras.__version__}}

# Binary: labels, scores (a noisy signal), and predictions at 0.5. Scores are float32 values.
n = 64
y_bin = rng.integers(0, 2, n)
score = np.clip(0.35 * y_bin + rng.uniform(0, 0.65, n), 0, 1).astype(np.float32)
score[:4] = [0.5, 0.25, 0.75, 1.0]  # exact bucket edges
pred_bin = (score > 0.5).astype(int)
out["binary"] = {
    "y_true": y_bin.tolist(),
    "score": [float(s) for s in score],
    "confusion_matrix": skm.confusion_matrix(y_bin, pred_bin).tolist(),
    "precision": skm.precision_score(y_bin, pred_bin),
    "recall": skm.recall_score(y_bin, pred_bin),
    "f1": skm.f1_score(y_bin, pred_bin),
    "roc_auc": skm.roc_auc_score(y_bin, score),
}

# Multiclass (4 classes, one class never predicted so zero division shows).
m = 80
logits = rng.normal(size=(m, 4)).astype(np.float32)
y_mc = rng.integers(0, 4, m)
logits[np.arange(m), y_mc] += 1.0
logits[:, 3] -= 5.0
prob = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
prob = prob.astype(np.float32)
pred_mc = prob.argmax(1)
mc = {
    "y_true": y_mc.tolist(),
    "prob": [[float(v) for v in row] for row in prob],
    "y_pred": pred_mc.tolist(),
    "confusion_matrix": skm.confusion_matrix(y_mc, pred_mc, labels=[0, 1, 2, 3]).tolist(),
    "accuracy": skm.accuracy_score(y_mc, pred_mc),
    "top_2_accuracy": skm.top_k_accuracy_score(y_mc, prob, k=2, labels=[0, 1, 2, 3]),
    "log_loss": skm.log_loss(y_mc, prob, labels=[0, 1, 2, 3]),
}
for avg in ["macro", "micro", "weighted"]:
    mc[f"precision_{avg}"] = skm.precision_score(y_mc, pred_mc, average=avg, zero_division=0)
    mc[f"recall_{avg}"] = skm.recall_score(y_mc, pred_mc, average=avg, zero_division=0)
    mc[f"f1_{avg}"] = skm.f1_score(y_mc, pred_mc, average=avg, zero_division=0)
mc["precision_per_class"] = skm.precision_score(y_mc, pred_mc, average=None, zero_division=0).tolist()
mc["recall_per_class"] = skm.recall_score(y_mc, pred_mc, average=None, zero_division=0).tolist()
mc["f1_per_class"] = skm.f1_score(y_mc, pred_mc, average=None, zero_division=0).tolist()
mc["roc_auc_ovr_macro"] = skm.roc_auc_score(y_mc, prob, multi_class="ovr", average="macro")
out["multiclass"] = mc


def keras_batched(metric, y_true, y_pred, batch=16):
    metric.reset_state()
    for s in range(0, len(y_true), batch):
        metric.update_state(y_true[s : s + batch], y_pred[s : s + batch])
    return float(metric.result())


yb = y_bin.reshape(-1, 1).astype(np.float32)
sb = score.reshape(-1, 1)
onehot = np.eye(4, dtype=np.float32)[y_mc]
out["keras"] = {
    "precision": keras_batched(keras.metrics.Precision(), yb, sb),
    "recall": keras_batched(keras.metrics.Recall(), yb, sb),
    "auc": keras_batched(keras.metrics.AUC(), yb, sb),
    "auc_pr": keras_batched(keras.metrics.AUC(curve="PR"), yb, sb),
    "precision_onehot": keras_batched(keras.metrics.Precision(), onehot, prob),
    "recall_onehot": keras_batched(keras.metrics.Recall(), onehot, prob),
    "auc_onehot": keras_batched(keras.metrics.AUC(), onehot, prob),
    "top_k_categorical_accuracy_k2": keras_batched(keras.metrics.TopKCategoricalAccuracy(k=2), onehot, prob),
    "sparse_top_k_categorical_accuracy_k2": keras_batched(keras.metrics.SparseTopKCategoricalAccuracy(k=2), y_mc.reshape(-1, 1), prob),
    "top_k_categorical_accuracy": keras_batched(keras.metrics.TopKCategoricalAccuracy(), onehot, prob),
}
out["keras"]["f1_score_macro"] = keras_batched(keras.metrics.F1Score(average="macro"), onehot, prob)
out["keras"]["f1_score_weighted"] = keras_batched(keras.metrics.F1Score(average="weighted"), onehot, prob)
out["keras"]["f1_score_micro"] = keras_batched(keras.metrics.F1Score(average="micro"), onehot, prob)
# Perplexity = exp(mean sparse categorical crossentropy), as keras_nlp.metrics.Perplexity.
out["keras"]["perplexity"] = float(np.exp(np.mean(keras.losses.sparse_categorical_crossentropy(y_mc, prob))))

path = os.path.join(os.path.dirname(__file__), "../../test/fixtures/metrics/metrics.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=1)
print("wrote", os.path.normpath(path))
