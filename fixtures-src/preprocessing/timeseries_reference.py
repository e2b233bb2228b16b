"""Golden values for test/preprocessing/timeseries.test.ts.

- generator(): the textbook's code 6-33 (Deep Learning with Python, Jena), verbatim, run with
  shuffle=False on a small deterministic series (its shuffle draws from numpy's global RNG and
  cannot be reproduced; the test checks shuffled batches structurally).
- timeseries_dataset_from_array(): Keras 3's numpy ("grain") path of
  keras/src/utils/timeseries_dataset_utils.py without the grain wrappers, shuffle=False.
- make_sample(): seed 004.

Run: python3 fixtures-src/preprocessing/timeseries_reference.py > test/fixtures/preprocessing/timeseries.json
"""
import json

import numpy as np


def generator(data, lookback, delay, min_index, max_index, shuffle=False, batch_size=128, step=6):
    if max_index is None:
        max_index = len(data) - delay - 1
    i = min_index + lookback
    while 1:
        if shuffle:
            rows = np.random.randint(min_index + lookback, max_index, size=batch_size)
        else:
            if i + batch_size >= max_index:
                i = min_index + lookback
            rows = np.arange(i, min(i + batch_size, max_index))
            i += len(rows)

        samples = np.zeros((len(rows), lookback // step, data.shape[-1]))
        targets = np.zeros((len(rows),))
        for j, row in enumerate(rows):
            indices = range(rows[j] - lookback, rows[j], step)
            samples[j] = data[indices]
            targets[j] = data[rows[j] + delay][1]
        yield samples, targets


def timeseries_dataset(data, targets, sequence_length, sequence_stride=1, sampling_rate=1, batch_size=128,
                       start_index=None, end_index=None):
    if start_index is None:
        start_index = 0
    if end_index is None:
        end_index = len(data)
    num_seqs = end_index - start_index - (sequence_length - 1) * sampling_rate
    if targets is not None:
        num_seqs = min(num_seqs, len(targets))
    start_positions = np.arange(0, num_seqs, sequence_stride)
    data_slice = np.array(data[start_index:end_index])
    sequences = [data_slice[np.arange(pos, pos + sequence_length * sampling_rate, sampling_rate)] for pos in start_positions]
    target_values = None
    if targets is not None:
        target_slice = np.array(targets[start_index:])
        target_values = [target_slice[pos] for pos in start_positions]
    batches = []
    for b in range(0, len(sequences), batch_size):
        x = np.stack(sequences[b:b + batch_size]).tolist()
        y = None if target_values is None else np.stack(target_values[b:b + batch_size]).tolist()
        batches.append([x, y])
    return batches


def make_sample(data, window):
    train, target = [], []
    for i in range(len(data) - window):
        train.append(data[i:i + window])
        target.append(data[i + window])
    return np.array(train), np.array(target)


def main():
    data = (np.arange(40 * 3, dtype=np.float64).reshape(40, 3) * 0.5 - 7)
    out = {"data": data.tolist(), "generator": []}
    for case in [dict(lookback=6, delay=3, min_index=2, max_index=30, batch_size=4, step=2),
                 dict(lookback=4, delay=0, min_index=0, max_index=None, batch_size=5, step=1),
                 dict(lookback=6, delay=2, min_index=10, max_index=20, batch_size=8, step=3)]:
        gen = generator(data, shuffle=False, **case)
        batches = [next(gen) for _ in range(9)]
        out["generator"].append({"options": case, "batches": [[s.tolist(), t.tolist()] for s, t in batches]})
    series = np.arange(30, dtype=np.float64) * 1.5
    out["series"] = series.tolist()
    out["dataset"] = []
    for case in [dict(sequence_length=5, sequence_stride=3, sampling_rate=2, batch_size=4),
                 dict(sequence_length=4, batch_size=7, start_index=3, end_index=25),
                 dict(sequence_length=3, sequence_stride=2, batch_size=5, with_targets=True),
                 dict(sequence_length=4, sampling_rate=2, batch_size=3, start_index=2, multivariate=True, with_targets=True)]:
        case = dict(case)
        with_targets = case.pop("with_targets", False)
        multivariate = case.pop("multivariate", False)
        d = data if multivariate else series
        targets = (d[:, 1][4:] if multivariate else series[3:] * 10) if with_targets else None
        out["dataset"].append({"options": case, "multivariate": multivariate, "with_targets": with_targets,
                               "batches": timeseries_dataset(d, targets, **case)})
    sine = [[np.sin(np.pi * i * 0.01)] for i in np.arange(0, 1000)]
    x, y = make_sample(sine, 10)
    out["make_sample_sine"] = {"x_shape": list(x.shape), "y_shape": list(y.shape), "x0": x[0].tolist(), "y0": y[0].tolist(),
                               "x_last": x[-1].tolist(), "y_last": y[-1].tolist()}
    print(json.dumps(out))


main()
