"""Loads .keras/.h5 files written by sunhwan with Keras 3 and compares Keras' predictions with
the fixtures' (which sunhwan reproduces to 1e-7, test/io/keras/load.test.ts).

Write the files:  npx tsx fixtures-src/keras/write_roundtrip.mts /tmp/sunhwan-keras
Check them:       KERAS_BACKEND=jax /work/venv/bin/python fixtures-src/keras/check_roundtrip.py /tmp/sunhwan-keras
"""

import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras
import numpy as np

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "keras")


def main(folder):
    worst_all = 0.0
    for fname in sorted(os.listdir(folder)):
        name, ext = os.path.splitext(fname)
        if ext not in (".keras", ".h5"):
            continue
        fx = json.load(open(os.path.join(FIXTURES, f"{name}.json")))
        model = keras.saving.load_model(os.path.join(folder, fname))
        xs = [np.asarray(i["data"], dtype=i["dtype"]).reshape(i["shape"]) for i in fx["inputs"]]
        preds = model.predict(xs if len(xs) > 1 else xs[0], verbose=0)
        preds = preds if isinstance(preds, list) else [preds]
        worst = max(float(np.max(np.abs(np.asarray(p, dtype="float64").ravel() - np.asarray(o["data"])))) for p, o in zip(preds, fx["outputs"]))
        compiled = getattr(model, "optimizer", None) is not None
        extra = ""
        if compiled:
            extra = f" compiled: {type(model.optimizer).__name__} lr={float(model.optimizer.learning_rate):.6g} iterations={int(model.optimizer.iterations)}"
        print(f"{fname:28s} max |keras - fixture| = {worst:.3e}{extra}")
        worst_all = max(worst_all, worst)
    print(f"worst {worst_all:.3e}")
    return 0 if worst_all < 1e-5 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
