"""The sine-wave recipe (seed 004, 11장) in Keras 3 itself, over seeds: the spread of the final
training loss that the book prints once (5.4923e-04 at epoch 100). Prints one line per seed.

Run: KERAS_BACKEND=jax /work/venv/bin/python fixtures-src/recipes/sine_wave_keras.py [seeds...]
"""

import sys

import keras
import numpy as np


def make_sample(data, window):
    xs, ys = [], []
    for i in range(len(data) - window):
        xs.append(data[i : i + window])
        ys.append(data[i + window])
    return np.array(xs, dtype="float32"), np.array(ys, dtype="float32")


def main(seeds):
    seq = [[np.sin(np.pi * i * 0.01)] for i in range(1000)]
    x, y = make_sample(seq, 10)
    for seed in seeds:
        keras.utils.set_random_seed(seed)
        model = keras.Sequential([keras.Input((10, 1)), keras.layers.SimpleRNN(10, activation="tanh"), keras.layers.Dense(1, activation="tanh")])
        model.compile(optimizer="adam", loss="mse")
        history = model.fit(x, y, epochs=100, verbose=0)
        print(f"seed {seed}: loss at epoch 100 {history.history['loss'][-1]:.4e}", flush=True)


if __name__ == "__main__":
    main([int(s) for s in sys.argv[1:]] or [1, 2, 3, 4, 5])
