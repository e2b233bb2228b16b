# recipes/jena.ts's GRU on the same arrays in Keras 3 (the book's generator, normalisation, RMSprop, MAE):
# does Keras also lose to the common-sense baseline on ETTh1? Prints one JSON line (val MAE per epoch).
# Run: KERAS_BACKEND=jax /work/venv/bin/python fixtures-src/recipes/jena_keras_check.py EPOCHS STEPS [ETTh1|ETTh2|melbourne]
import os, sys, gzip, csv, time, json
os.environ.setdefault('KERAS_BACKEND', 'jax')
import numpy as np, keras
from keras import layers
epochs = int(sys.argv[1]); steps = int(sys.argv[2]); series = sys.argv[3] if len(sys.argv) > 3 else 'ETTh1'
keras.utils.set_random_seed(1234)
if series == 'melbourne':
    rows = list(csv.reader(gzip.open('/work/shared/data/classic_timeseries/daily-min-temperatures.csv.gz', 'rt')))[1:]
    d = np.array([[float(r[1])] for r in rows], dtype=np.float32); T = 0; lookback, delay, tr, vs, ve = 90, 0, 2000, 2001, 2800
else:
    rows = list(csv.reader(gzip.open(f'/work/shared/data/ett_small/{series}.csv.gz', 'rt')))[1:]
    d = np.array([[float(v) for v in r[1:]] for r in rows], dtype=np.float32); T = 6; lookback, delay, tr, vs, ve = 240, 24, 10000, 10001, 14000
mean = d[:tr].mean(0); d -= mean; std = d[:tr].std(0); d /= std
def generator(data, lookback, delay, min_index, max_index, shuffle=False, batch_size=128, step=1):
    if max_index is None: max_index = len(data) - delay - 1
    i = min_index + lookback
    while 1:
        if shuffle: rows = np.random.randint(min_index + lookback, max_index, size=batch_size)
        else:
            if i + batch_size >= max_index: i = min_index + lookback
            rows = np.arange(i, min(i + batch_size, max_index)); i += len(rows)
        samples = np.zeros((len(rows), lookback // step, data.shape[-1]), dtype=np.float32); targets = np.zeros((len(rows),), dtype=np.float32)
        for j, row in enumerate(rows):
            samples[j] = data[range(rows[j] - lookback, rows[j], step)]; targets[j] = data[rows[j] + delay][T]
        yield samples, targets
val_steps = (ve - vs - lookback) // 128
vg = generator(d, lookback, delay, vs, ve)
base = np.mean([np.mean(np.abs(s[:, -1, T] - t)) for s, t in (next(vg) for _ in range(val_steps))])
model = keras.Sequential([keras.Input((None, d.shape[-1])), layers.GRU(32), layers.Dense(1)])
model.compile(optimizer=keras.optimizers.RMSprop(), loss='mae')
t0 = time.time()
h = model.fit(generator(d, lookback, delay, 0, tr, shuffle=True), steps_per_epoch=steps, epochs=epochs,
              validation_data=generator(d, lookback, delay, vs, ve), validation_steps=val_steps, verbose=2)
print(json.dumps({'series': series, 'baseline_val_mae': float(base), 'val_loss': h.history['val_loss'], 'loss': h.history['loss'], 'seconds': time.time() - t0}))
