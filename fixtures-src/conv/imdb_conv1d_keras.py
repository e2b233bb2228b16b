# Keras 3 side of the imdb-conv1d quick-run check (recipes/imdb-conv1d.ts header): the recipe's
# model on the quick slice, from seed 1's initial weights as drawn (outputs > 0) and with the
# Dense kernel negated (outputs mostly < 0), then with the Dense bias at -0.5 (every output < 0);
# three RMSprop(1e-4) steps on the first 128 rows. Writes the weights and results for
# imdb-conv1d-compare.mts, which runs the same steps in sunhwan.
#   SUNHWAN_DATA=/work/shared/data npx tsx fixtures-src/conv/imdb-conv1d-compare.mts --slice /tmp/imdb-conv1d
#   KERAS_BACKEND=jax python fixtures-src/conv/imdb_conv1d_keras.py /tmp/imdb-conv1d
#   SUNHWAN_DATA=/work/shared/data npx tsx fixtures-src/conv/imdb-conv1d-compare.mts --compare /tmp/imdb-conv1d
import json, sys
import numpy as np
import keras
from keras import layers

folder = sys.argv[1]
d = json.load(open(f'{folder}/slice.json'))
x = np.array(d['x'], dtype='int32').reshape(d['shape'])
y = np.array(d['y'], dtype='float32').reshape(-1, 1)
out = {}
for case in ('drawn', 'negated', 'biased'):
    keras.utils.set_random_seed(1)
    m = keras.Sequential([keras.Input((x.shape[1],), dtype='int32'), layers.Embedding(10000, 128), layers.Conv1D(32, 7, activation='relu'),
                          layers.MaxPooling1D(5), layers.Conv1D(32, 7, activation='relu'), layers.GlobalMaxPooling1D(), layers.Dense(1)])
    dense = m.layers[-1]
    if case == 'negated':
        dense.kernel.assign(-dense.kernel.numpy())
    if case == 'biased':
        dense.bias.assign(np.array([-0.5], dtype='float32'))
    weights = [w.tolist() for w in m.get_weights()]
    p0 = m.predict(x, verbose=0).ravel()
    m.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-4), loss='binary_crossentropy')
    losses = [float(m.train_on_batch(x, y)) for _ in range(3)]
    out[case] = {'weights': weights, 'p0': p0.tolist(), 'losses': losses, 'p1': m.predict(x, verbose=0).ravel().tolist()}
    print(case, 'outputs', float(p0.min()), '…', float(p0.max()), 'losses', np.round(losses, 5))
json.dump(out, open(f'{folder}/keras.json', 'w'))
