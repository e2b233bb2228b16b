import { describe, expect, it } from 'vitest';
import * as imdb from '../../src/datasets/imdb.ts';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataRoot, hasData, tempDir } from './helpers.ts';

const options = { dataDir: dataRoot };
const cacheDir = tempDir();

// Published Keras samples of `imdb.load_data()` (seed 113): x_train[0] ("this film was just
// brilliant casting location scenery …", 218 ids with the start mark), y_train[:10],
// x_test[0] ("please give this one a miss br br kristy swanson …") and x_test[1]
// ("this film requires a lot of patience …").
const KERAS_X_TRAIN_0_HEAD = [
  1, 14, 22, 16, 43, 530, 973, 1622, 1385, 65, 458, 4468, 66, 3941, 4, 173, 36, 256, 5, 25, 100, 43, 838, 112, 50, 670, 22665, 9, 35, 480,
  284, 5, 150, 4, 172, 112, 167, 21631, 336, 385, 39,
];
const KERAS_X_TRAIN_0_TAIL = [4472, 113, 103, 32, 15, 16, 5345, 19, 178, 32];
const KERAS_Y_TRAIN_HEAD = [1, 0, 0, 1, 0, 0, 1, 0, 1, 0];
const KERAS_X_TEST_0_HEAD = [
  1, 591, 202, 14, 31, 6, 717, 10, 10, 18142, 10698, 5, 4, 360, 7, 4, 177, 5760, 394, 354, 4, 123, 9, 1035, 1035, 1035, 10, 10, 13, 92, 124,
  89, 488, 7944, 100, 28, 1668, 14, 31, 23, 27, 7479, 29, 220, 468, 8, 124, 14, 286, 170, 8, 157, 46, 5, 27, 239, 16, 179, 15387, 38, 32,
  25, 7944, 451, 202, 14, 6, 717,
];
const KERAS_X_TEST_1_HEAD = [1, 14, 22, 3443, 6, 176, 7, 5063, 88, 12, 2679, 23];

describe.skipIf(!hasData)('imdb', () => {
  it('getWordIndex is Keras imdb_word_index.json', async () => {
    const index = await imdb.getWordIndex(options);
    expect(index.size).toBe(88584);
    expect(index.get('the')).toBe(1);
    expect(index.get('and')).toBe(2);
    expect(index.get('br')).toBe(7);
  });

  it('loadData({numWords: 10000}) reproduces Keras imdb.load_data', async () => {
    // A fresh cache folder: this call encodes the raw reviews (and writes the encoded cache).
    const [[xTrain, yTrain], [xTest, yTest]] = await imdb.loadData({ ...options, numWords: 10000, cacheDir });
    expect(readdirSync(join(cacheDir, 'imdb')).filter((f) => f.startsWith('encoded-'))).toHaveLength(1);
    expect(xTrain.length).toBe(25000);
    expect(xTest.length).toBe(25000);
    expect(yTrain.shape).toEqual([25000]);
    expect(yTrain.dtype).toBe('int32');

    // Label balance: 12,500 of each class in both splits.
    const ones = (y: ArrayLike<number>) => Array.from(y).reduce((a, b) => a + b, 0);
    expect(ones(yTrain.dataSync())).toBe(12500);
    expect(ones(yTest.dataSync())).toBe(12500);

    // Keras' first samples, with ids >= numWords turned into the OOV mark 2.
    const cut = (ids: number[]) => ids.map((w) => (w < 10000 ? w : 2));
    expect(xTrain[0]!.length).toBe(218);
    expect(xTrain[0]!.slice(0, KERAS_X_TRAIN_0_HEAD.length)).toEqual(cut(KERAS_X_TRAIN_0_HEAD));
    expect(xTrain[0]!.slice(-KERAS_X_TRAIN_0_TAIL.length)).toEqual(cut(KERAS_X_TRAIN_0_TAIL));
    expect(Array.from(yTrain.dataSync().slice(0, 10))).toEqual(KERAS_Y_TRAIN_HEAD);
    expect(xTest[0]!.slice(0, KERAS_X_TEST_0_HEAD.length)).toEqual(cut(KERAS_X_TEST_0_HEAD));
    expect(yTest.dataSync()[0]).toBe(0);
    expect(xTest[1]!.slice(0, KERAS_X_TEST_1_HEAD.length)).toEqual(cut(KERAS_X_TEST_1_HEAD));

    // The index convention: 1 = start (first of every sequence, nowhere else), 2 = OOV, words from 3 (0 never).
    let starts = 0;
    let oov = 0;
    let max = 0;
    let total = 0;
    let startsFirst = 0;
    let zeros = 0;
    for (const x of [...xTrain, ...xTest]) {
      if (x[0] === 1) startsFirst++;
      total += x.length;
      for (const w of x) {
        if (w === 1) starts++;
        else if (w === 2) oov++;
        else if (w === 0) zeros++;
        if (w > max) max = w;
      }
    }
    expect(startsFirst).toBe(50000);
    expect(starts).toBe(50000);
    expect(zeros).toBe(0);
    expect(max).toBe(9999);
    expect(oov).toBeGreaterThan(0);
    // Keras' published mean review length over all 50,000 (start marks included): 234.75892.
    expect(total / 50000).toBeCloseTo(234.75892, 5);
  });

  it('reloads from the encoded cache with the other Keras options (maxlen, skipTop, oovChar null, no start)', async () => {
    expect(existsSync(join(cacheDir, 'imdb'))).toBe(true);
    const [[xTrain, yTrain], [xTest]] = await imdb.loadData({
      ...options,
      cacheDir,
      maxlen: 100,
      skipTop: 20,
      numWords: 5000,
      oovChar: null,
    });
    // Keras keeps sequences with length < maxlen (start mark included), then drops words outside [20, 5000).
    expect(xTrain.length).toBe(yTrain.shape[0]);
    expect(xTrain.length).toBeGreaterThan(2000);
    expect(xTrain.length).toBeLessThan(25000);
    for (const x of [...xTrain, ...xTest]) {
      if (x.length >= 100) throw new Error(`a sequence of length ${x.length} survived maxlen 100`);
      for (const w of x) if (w < 20 || w >= 5000) throw new Error(`word ${w} outside [20, 5000)`);
    }
    const [[plain]] = await imdb.loadData({ ...options, cacheDir, startChar: null, indexFrom: 0 });
    // Without the offset, x_train[0] is the word ranks themselves: "this" = 11, "film" = 19.
    expect(plain[0]!.slice(0, 3)).toEqual([11, 19, 13]);
    await expect(imdb.loadData({ ...options, cacheDir, numWords: 0 })).rejects.toThrow(/numWords must be an integer >= 1/);
  });

  it('loadTexts returns the raw reviews and labels in file order', async () => {
    const [[textsTrain, labelsTrain], [textsTest, labelsTest]] = await imdb.loadTexts(options);
    expect(textsTrain.length).toBe(25000);
    expect(textsTest.length).toBe(25000);
    expect(labelsTrain.dataSync()[0]).toBe(0);
    expect(labelsTrain.dataSync()[12500]).toBe(1);
    expect(labelsTest.shape).toEqual([25000]);
    expect(textsTrain[12500]!.startsWith('Bromwell High is a cartoon comedy.')).toBe(true);
  });

  it('decodeReview turns ids back into words', async () => {
    const index = await imdb.getWordIndex(options);
    expect(imdb.decodeReview(KERAS_X_TRAIN_0_HEAD.slice(0, 6), index)).toBe('? this film was just brilliant');
  });
});
