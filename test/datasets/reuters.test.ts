import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as reuters from '../../src/datasets/reuters.ts';
import { NumpyRandomState } from '../../src/datasets/numpy-random.ts';
import { dataRoot, hasData } from './helpers.ts';

const options = { dataDir: dataRoot };

// Seed 001 prints Keras' x_train[0] of reuters.load_data() (the McGrath RentCorp wire, label 3).
const KERAS_X_TRAIN_0 = [
  1, 27595, 28842, 8, 43, 10, 447, 5, 25, 207, 270, 5, 3095, 111, 16, 369, 186, 90, 67, 7, 89, 5, 19, 102, 6, 19, 124, 15, 90, 67, 84, 22,
  482, 26, 7, 48, 4, 49, 8, 864, 39, 209, 154, 6, 151, 6, 83, 11, 15, 22, 155, 11, 15, 7, 48, 9, 4579, 1005, 504, 6, 258, 6, 272, 11, 15,
  22, 134, 44, 11, 15, 16, 8, 197, 1245, 90, 67, 52, 29, 209, 30, 32, 132, 6, 109, 15, 17, 12,
];

describe.skipIf(!hasData)('reuters', () => {
  it('shuffles and splits exactly like Keras (checked against keras_split/keras_position)', async () => {
    const rows = gunzipSync(readFileSync(join(dataRoot, 'reuters/keras46.tsv.gz')))
      .toString('utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split('\t'));
    const order = new NumpyRandomState(113).permutation(rows.length);
    let mismatches = 0;
    order.forEach((row, k) => {
      const [split, position] = [rows[row]![3], Number(rows[row]![4])];
      const expected = k < 8982 ? ['train', k] : ['test', k - 8982];
      if (split !== expected[0] || position !== expected[1]) mismatches++;
    });
    expect(mismatches).toBe(0);
  });

  it('loadData() gives 8,982 / 2,246 sequences, Keras conventions and x_train[0]', async () => {
    const [[xTrain, yTrain], [xTest, yTest]] = await reuters.loadData(options);
    expect(xTrain.length).toBe(8982);
    expect(xTest.length).toBe(2246);
    expect(yTrain.shape).toEqual([8982]);
    expect(yTest.shape).toEqual([2246]);
    expect(yTrain.dataSync()[0]).toBe(3);
    const labels = new Set([...yTrain.dataSync(), ...yTest.dataSync()]);
    expect(labels.size).toBe(46);

    // Same length and start; the frequent words have Keras' ids (rarer ones can differ: tie order).
    const first = xTrain[0]!;
    expect(first.length).toBe(KERAS_X_TRAIN_0.length);
    expect(first[0]).toBe(1);
    const frequentSame = KERAS_X_TRAIN_0.every((id, i) => id > 100 || first[i] === id);
    expect(frequentSame).toBe(true);
    const same = KERAS_X_TRAIN_0.filter((id, i) => first[i] === id).length;
    expect(same).toBeGreaterThanOrEqual(76);
  });

  it('getWordIndex has Keras 30,979 words with "the" first; topics name the labels', async () => {
    const index = await reuters.getWordIndex(options);
    expect(index.size).toBe(30979);
    expect(index.get('the')).toBe(1);
    const topics = await reuters.getTopics(options);
    expect(topics.slice(0, 5)).toEqual(['cocoa', 'grain', 'veg-oil', 'earn', 'acq']);
  });

  it('numWords and testSplit', async () => {
    const [[xTrain], [xTest]] = await reuters.loadData({ ...options, numWords: 1000, testSplit: 0.5 });
    expect(xTrain.length).toBe(5614);
    expect(xTest.length).toBe(5614);
    let max = 0;
    for (const x of xTrain) for (const w of x) if (w > max) max = w;
    expect(max).toBe(999);
    // The split fraction does not change the shuffle: the same first wire, words >= 1000 as OOV (2).
    const [[full]] = await reuters.loadData(options);
    expect(xTrain[0]).toEqual(full[0]!.map((w) => (w < 1000 ? w : 2)));
    await expect(reuters.loadData({ ...options, testSplit: 1.5 })).rejects.toThrow(/testSplit/);
  });
});
