"""Keras fixtures for sunhwan's Keras reader (test/io/keras/).

Run: KERAS_BACKEND=jax /work/venv/bin/python fixtures-src/keras/make_fixtures.py
Writes test/fixtures/keras/<name>.keras, <name>.h5 and <name>.json (input batch, Keras' predictions,
the Keras version). Each model is small (a few KB) so the whole set stays well under 1 MB.

`legacy_tfkeras2.h5` is a tf.keras 2 layout written with h5py from a Keras 3 model's weights:
Keras 3 cannot write tf.keras 2 files (no input_length on Embedding, GRU/LSTM weight names
`<layer>/<cell>/kernel:0`, `keras_version` 2.x, Keras-2 inbound_nodes). Its layer_names attribute
is split into chunks (layer_names0, layer_names1, ...) as Keras 2 does when an attribute grows
past HDF5's 64 KB header limit, so the reader's chunk path is exercised.
"""

import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import h5py
import keras
import numpy as np
from keras import layers

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "keras")
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(15)


def ids(batch, steps, vocab, pad_tail=True):
    x = rng.integers(1, vocab, size=(batch, steps)).astype("int32")
    if pad_tail:
        x[0, -2:] = 0  # masked steps for mask_zero models
    return x


def floats(*shape):
    return rng.normal(size=shape).astype("float32")


def randomize(model):
    # non-trivial weights everywhere (biases too), so every weight's placement is tested
    for w in model.weights:
        w.assign(rng.normal(scale=0.4, size=w.shape).astype("float32"))


def save(name, model, inputs, formats=("keras", "h5")):
    inputs = inputs if isinstance(inputs, list) else [inputs]
    preds = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
    preds = preds if isinstance(preds, list) else [preds]
    for f in formats:
        model.save(os.path.join(OUT, f"{name}.{f}"))
    with open(os.path.join(OUT, f"{name}.json"), "w") as fh:
        json.dump(
            {
                "keras_version": keras.__version__,
                "formats": list(formats),
                "inputs": [{"shape": list(x.shape), "dtype": str(x.dtype), "data": x.ravel().tolist()} for x in inputs],
                "outputs": [{"shape": list(np.shape(p)), "data": np.asarray(p, dtype="float64").ravel().tolist()} for p in preds],
            },
            fh,
        )
    print(name, [p.shape for p in preds])


def seq_lstm():
    model = keras.Sequential(
        [
            keras.Input((6,), dtype="int32"),
            layers.Embedding(20, 5, mask_zero=True),
            layers.LSTM(8, recurrent_activation="hard_sigmoid", return_sequences=True),
            layers.SimpleRNN(4),
            layers.Dropout(0.3),
            layers.Dense(3, activation="softmax"),
        ],
        name="seq_lstm",
    )
    randomize(model)
    save("seq_lstm", model, ids(4, 6, 20))


def seq_gru():
    model = keras.Sequential(
        [
            keras.Input((5, 3)),
            layers.Masking(mask_value=0.0),
            layers.GRU(6, return_sequences=True, reset_after=True),
            layers.GRU(5, reset_after=False, recurrent_activation="hard_sigmoid", go_backwards=True),
            layers.RepeatVector(3),
            layers.TimeDistributed(layers.Dense(2, activation="tanh")),
            layers.Flatten(),
            layers.Dense(1, activation="sigmoid"),
        ],
        name="seq_gru",
    )
    randomize(model)
    x = floats(3, 5, 3)
    x[1, 3:] = 0.0  # masked steps
    save("seq_gru", model, x)


def seq_conv():
    model = keras.Sequential(
        [
            keras.Input((12,), dtype="int32"),
            layers.Embedding(30, 4),
            layers.Conv1D(6, 3, activation="relu", padding="same"),
            layers.MaxPooling1D(2),
            layers.Conv1D(5, 2, strides=1, dilation_rate=2, activation="relu"),
            layers.AveragePooling1D(2),
            layers.Conv1D(4, 2, activation="linear"),
            layers.GlobalMaxPooling1D(),
            layers.Dense(2),
            layers.Activation("softmax"),
        ],
        name="seq_conv",
    )
    randomize(model)
    save("seq_conv", model, ids(3, 12, 30, pad_tail=False))


def bidirectional():
    inp = keras.Input((4, 3), name="seq")
    outs = []
    for mode in ["concat", "sum", "ave", "mul"]:
        outs.append(layers.Bidirectional(layers.LSTM(3), merge_mode=mode, name=f"bi_{mode}")(inp))
    both = layers.Bidirectional(layers.GRU(2, return_sequences=True), merge_mode=None, name="bi_none")(inp)
    pooled = layers.GlobalAveragePooling1D()(layers.Concatenate()(both))
    merged = layers.Concatenate()(outs + [pooled])
    out = layers.Dense(2)(merged)
    model = keras.Model(inp, out, name="bidirectional")
    randomize(model)
    save("bidirectional", model, floats(2, 4, 3))


def encoder_decoder():
    enc_in = keras.Input((5,), dtype="int32", name="encoder_ids")
    dec_in = keras.Input((4,), dtype="int32", name="decoder_ids")
    enc_emb = layers.Embedding(12, 6, mask_zero=True, name="enc_emb")(enc_in)
    enc_seq, h, c = layers.LSTM(7, return_sequences=True, return_state=True, name="encoder")(enc_emb)
    dec_emb = layers.Embedding(12, 6, name="dec_emb")(dec_in)
    dec_seq = layers.LSTM(7, return_sequences=True, name="decoder")(dec_emb, initial_state=[h, c])
    attn = layers.Attention(use_scale=True, name="attention")([dec_seq, enc_seq])
    add_attn = layers.AdditiveAttention(name="additive")([dec_seq, enc_seq])
    summed = layers.Add()([attn, add_attn])
    prod = layers.Multiply()([dec_seq, summed])
    sub = layers.Subtract()([prod, attn])
    avg = layers.Average()([sub, dec_seq])
    mx = layers.Maximum()([avg, attn])
    mn = layers.Minimum()([mx, add_attn])
    both = layers.Concatenate(axis=-1)([dec_seq, mn])
    out = layers.TimeDistributed(layers.Dense(12, activation="softmax"), name="probs")(both)
    model = keras.Model([enc_in, dec_in], out, name="encoder_decoder")
    randomize(model)
    enc = ids(3, 5, 12)
    dec = ids(3, 4, 12, pad_tail=False)
    save("encoder_decoder", model, [enc, dec])


def compiled_trained():
    keras.utils.set_random_seed(15)
    model = keras.Sequential(
        [keras.Input((5, 2)), layers.LSTM(4), layers.Dense(1, activation="sigmoid")],
        name="compiled_trained",
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.005, beta_1=0.8, beta_2=0.99, epsilon=1e-6, clipnorm=1.0),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    x = floats(16, 5, 2)
    y = (x[:, :, 0].sum(axis=1) > 0).astype("float32")[:, None]
    model.fit(x, y, batch_size=8, epochs=2, verbose=0)  # 4 steps: Adam slots are non-zero
    save("compiled_trained", model, x[:4])
    # optimizer state as Keras holds it, for the reader's test
    opt = model.optimizer
    state = {
        "iterations": int(opt.iterations.numpy()),
        "variables": [{"path": v.path, "shape": list(v.shape), "data": np.asarray(v).ravel().tolist()} for v in opt.variables],
    }
    with open(os.path.join(OUT, "compiled_trained.optimizer.json"), "w") as fh:
        json.dump(state, fh)


def legacy_tfkeras2():
    """tf.keras 2 layout: Embedding(input_length), GRU(reset_after=False), Dense; written by h5py."""
    model = keras.Sequential(
        [
            keras.Input((6,), dtype="int32"),
            layers.Embedding(15, 4, mask_zero=True, name="embedding"),
            layers.GRU(5, reset_after=False, recurrent_activation="sigmoid", name="gru"),
            layers.Dense(2, activation="softmax", name="dense"),
        ]
    )
    randomize(model)
    x = ids(3, 6, 15)
    preds = model.predict(x, verbose=0)
    emb, gru, dense = model.layers
    layer_cfgs = [
        {
            "class_name": "Embedding",
            "config": {
                "name": "embedding", "trainable": True, "batch_input_shape": [None, 6], "dtype": "float32",
                "input_dim": 15, "output_dim": 4, "embeddings_initializer": {"class_name": "RandomUniform", "config": {"minval": -0.05, "maxval": 0.05, "seed": None}},
                "embeddings_regularizer": None, "activity_regularizer": None, "embeddings_constraint": None,
                "mask_zero": True, "input_length": 6,
            },
        },
        {
            "class_name": "GRU",
            "config": {
                "name": "gru", "trainable": True, "dtype": "float32", "return_sequences": False, "return_state": False,
                "go_backwards": False, "stateful": False, "unroll": False, "time_major": False, "units": 5,
                "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True,
                "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
                "recurrent_initializer": {"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": None}},
                "bias_initializer": {"class_name": "Zeros", "config": {}},
                "kernel_regularizer": None, "recurrent_regularizer": None, "bias_regularizer": None,
                "activity_regularizer": None, "kernel_constraint": None, "recurrent_constraint": None,
                "bias_constraint": None, "dropout": 0.0, "recurrent_dropout": 0.0, "implementation": 2,
                "reset_after": False,
            },
        },
        {
            "class_name": "Dense",
            "config": {
                "name": "dense", "trainable": True, "dtype": "float32", "units": 2, "activation": "softmax",
                "use_bias": True, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
                "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": None,
                "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None,
            },
        },
    ]
    config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": layer_cfgs}}
    training = {
        "loss": "sparse_categorical_crossentropy", "metrics": [[{"class_name": "MeanMetricWrapper", "config": {"name": "accuracy", "dtype": "float32", "fn": "sparse_categorical_accuracy"}}]],
        "weighted_metrics": None, "loss_weights": None,
        "optimizer_config": {"class_name": "RMSprop", "config": {"name": "RMSprop", "learning_rate": 0.002, "decay": 0.0, "rho": 0.9, "momentum": 0.0, "epsilon": 1e-07, "centered": False}},
    }
    weights = {
        "embedding": [("embedding/embeddings:0", emb.weights[0])],
        "gru": [("gru/gru_cell/kernel:0", gru.weights[0]), ("gru/gru_cell/recurrent_kernel:0", gru.weights[1]), ("gru/gru_cell/bias:0", gru.weights[2])],
        "dense": [("dense/kernel:0", dense.weights[0]), ("dense/bias:0", dense.weights[1])],
    }
    path = os.path.join(OUT, "legacy_tfkeras2.h5")
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = "2.12.0"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(config)
        f.attrs["training_config"] = json.dumps(training)
        g = f.create_group("model_weights")
        names = [n.encode() for n in weights]
        # chunked attribute, as keras 2's save_attributes_to_hdf5_group writes a long list
        g.attrs["layer_names0"] = np.array(names[:2])
        g.attrs["layer_names1"] = np.array(names[2:])
        g.attrs["backend"] = "tensorflow"
        g.attrs["keras_version"] = "2.12.0"
        for lname, ws in weights.items():
            lg = g.create_group(lname)
            lg.attrs["weight_names"] = np.array([n.encode() for n, _ in ws])
            for n, w in ws:
                lg.create_dataset(n, data=np.asarray(w))
    with open(os.path.join(OUT, "legacy_tfkeras2.json"), "w") as fh:
        json.dump(
            {
                "keras_version": "2.12.0 layout (written by h5py from Keras %s weights)" % keras.__version__,
                "formats": ["h5"],
                "inputs": [{"shape": list(x.shape), "dtype": "int32", "data": x.ravel().tolist()}],
                "outputs": [{"shape": list(preds.shape), "data": np.asarray(preds, dtype="float64").ravel().tolist()}],
            },
            fh,
        )
    print("legacy_tfkeras2", preds.shape)


def refused():
    """Files the reader must refuse with a clear error: a Lambda layer (code) in the config."""
    model = keras.Sequential([keras.Input((3,)), layers.Dense(2), layers.Lambda(lambda t: t * 2.0, name="times_two")], name="with_lambda")
    model.save(os.path.join(OUT, "refused_lambda.keras"))


if __name__ == "__main__":
    keras.utils.set_random_seed(15)
    seq_lstm()
    seq_gru()
    seq_conv()
    bidirectional()
    encoder_decoder()
    compiled_trained()
    legacy_tfkeras2()
    refused()
