# Keras 3 child of the peer benchmark (JAX backend):
#   KERAS_BACKEND=jax /work/venv/bin/python keras_child.py <workload> <batch> <threads> --weights <case file>
# Speaks the protocol of child.ts. Builds the workload with keras.layers (Keras 3 defaults:
# sigmoid recurrent gates, GRU reset_after), loads sunhwan's initial weights from the case
# file (dump.ts; same layout as Keras) and reports max |output − sunhwan's|. train_on_batch
# and predict_on_batch are jit-compiled (XLA). <threads> = 1 sets XLA's CPU to one thread
# (the orchestrator passes XLA_FLAGS); 2 is XLA's default on a 2-core machine.
import json
import os
import sys

from peer_common import max_abs_diff, read_case_file, reply, serve

os.environ.setdefault("KERAS_BACKEND", "jax")
try:
    import keras
except ImportError as error:
    reply({"unavailable": f"Keras not installed for {sys.executable} ({error})"})
    sys.exit(0)


def layer(spec):
    kind = spec["type"]
    if kind == "embedding":
        return keras.layers.Embedding(spec["inputDim"], spec["outputDim"])
    if kind == "lstm":
        return keras.layers.LSTM(spec["units"])
    if kind == "gru":
        return keras.layers.GRU(spec["units"])
    if kind == "simple_rnn":
        return keras.layers.SimpleRNN(spec["units"])
    if kind == "bidirectional_lstm":
        return keras.layers.Bidirectional(keras.layers.LSTM(spec["units"]))
    if kind == "conv1d":
        return keras.layers.Conv1D(spec["filters"], spec["kernelSize"], activation=spec["activation"])
    if kind == "max_pooling1d":
        return keras.layers.MaxPooling1D(spec["poolSize"])
    if kind == "global_max_pooling1d":
        return keras.layers.GlobalMaxPooling1D()
    if kind == "dense":
        return keras.layers.Dense(spec["units"], activation=spec["activation"])
    raise ValueError(f"unknown layer type {kind}")


def main():
    workload_id, batch, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    flags = sys.argv[4:]
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "workloads.json")) as f:
        workload = json.load(f)[workload_id]
    case = read_case_file(flags[flags.index("--weights") + 1])
    x, y = case["x"], case["y"]
    if x.shape[0] != batch:
        raise ValueError(f"case file batch {x.shape[0]} is not {batch}")
    dtype = "int32" if workload["input"]["kind"] == "tokens" else "float32"
    model = keras.Sequential([keras.Input(shape=x.shape[1:], dtype=dtype)] + [layer(s) for s in workload["layers"]])
    model.set_weights(case["weights"])
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate=1e-3, rho=0.9, epsilon=1e-7),
        loss=workload["loss"],
        jit_compile=True,
    )
    check = max_abs_diff(model.predict_on_batch(x), case["output"])
    import jax

    label = f"keras {keras.__version__} jax {jax.__version__} {threads} thread{'s' if threads > 1 else ''}"

    def train():
        model.train_on_batch(x, y)

    def predict():
        model.predict_on_batch(x)

    serve(label, train, predict, check)


main()
