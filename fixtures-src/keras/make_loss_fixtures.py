"""Keras 3 golden values for sunhwan's cross-entropies (test/losses.keras3.test.ts, test/io/keras/).

Run: KERAS_BACKEND=jax /work/venv/bin/python fixtures-src/keras/make_loss_fixtures.py
Writes test/fixtures/keras/losses.json: for each case the predictions, targets, Keras 3's loss
(sum_over_batch_size) and jax.grad of it with respect to the predictions (or logits). The cases are
where Keras 3 differs from tf.keras 2 (probabilities at exactly 0 or 1, rows not summing to 1) and
from_logits. Also writes two compiled models, loss_bce_multi.keras (sigmoid Dense(3),
binary_crossentropy, 'accuracy' — Keras 3 picks categorical accuracy for 3 units) and
loss_logits.keras (linear Dense(3), SparseCategoricalCrossentropy(from_logits=True)), with their
inputs, targets and Keras' evaluate() results in loss_models.json.
"""

import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import jax
import jax.numpy as jnp
import keras
import numpy as np
from keras import layers

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "keras")
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(1515)


def f32(a):
    return np.asarray(a, dtype="float32")


def case(name, loss, pred, target):
    pred, target = f32(pred), np.asarray(target)

    def value(p):
        return loss(jnp.asarray(target), p)

    v = float(value(jnp.asarray(pred)))
    g = np.asarray(jax.grad(value)(jnp.asarray(pred)))
    return {
        "name": name,
        "loss": loss.name,
        "from_logits": bool(loss.get_config().get("from_logits", False)),
        "pred_shape": list(pred.shape),
        "pred": pred.ravel().tolist(),
        "target": np.asarray(target, dtype="float32").ravel().tolist(),
        "value": v,
        "grad": g.ravel().tolist(),
    }


probs_edge = [[0.0, 1.0, 0.3], [1.0, 0.0, 0.9], [0.5, 1e-9, 0.999999]]
bits = [[1, 0, 1], [1, 1, 0], [0, 1, 1]]
unnormalised = [[0.2, 0.5, 0.1], [0.6, 0.9, 0.3], [0.05, 0.05, 0.1], [0.3, 0.3, 0.4]]
logits = f32(rng.normal(scale=3.0, size=(4, 3)))
onehot = [[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]]
classes = [1, 0, 2, 2]

cases = [
    case("bce_edges", keras.losses.BinaryCrossentropy(), probs_edge, bits),
    case("bce_edge_single", keras.losses.BinaryCrossentropy(), [[0.0]], [[1]]),
    case("bce_logits", keras.losses.BinaryCrossentropy(from_logits=True), logits, [[1, 0, 1], [0, 0, 1], [1, 1, 0], [0, 1, 0]]),
    case("cce_unnormalised", keras.losses.CategoricalCrossentropy(), unnormalised, onehot),
    case("cce_logits", keras.losses.CategoricalCrossentropy(from_logits=True), logits, onehot),
    case("scce_unnormalised", keras.losses.SparseCategoricalCrossentropy(), unnormalised, classes),
    case("scce_logits", keras.losses.SparseCategoricalCrossentropy(from_logits=True), logits, classes),
]
with open(os.path.join(OUT, "losses.json"), "w") as fh:
    json.dump({"keras_version": keras.__version__, "cases": cases}, fh, indent=1)


def model_fixture(name, activation, loss, y):
    keras.utils.set_random_seed(15)
    model = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation=activation, name="out")], name=name)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss=loss, metrics=["accuracy"])
    x = f32(rng.normal(size=(6, 4)))
    loss_value, accuracy = model.evaluate(x, y, verbose=0)
    model.save(os.path.join(OUT, f"{name}.keras"))
    return {"x": x.ravel().tolist(), "x_shape": list(x.shape), "y": np.asarray(y, dtype="float32").ravel().tolist(), "y_shape": list(np.asarray(y).shape), "loss": float(loss_value), "accuracy": float(accuracy)}


models = {
    "loss_bce_multi": model_fixture("loss_bce_multi", "sigmoid", "binary_crossentropy", f32([[1, 0, 0], [0, 1, 1], [1, 1, 0], [0, 0, 1], [0, 1, 0], [1, 0, 1]])),
    "loss_logits": model_fixture("loss_logits", None, keras.losses.SparseCategoricalCrossentropy(from_logits=True), np.array([0, 2, 1, 1, 0, 2])),
}
with open(os.path.join(OUT, "loss_models.json"), "w") as fh:
    json.dump({"keras_version": keras.__version__, "models": models}, fh, indent=1)
print("wrote losses.json, loss_models.json,", ", ".join(f"{n}.keras" for n in models))
