import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as imdb from '../../src/datasets/imdb.ts';
import { forEachTarFile } from '../../src/datasets/tar.ts';
import { dataRoot, hasData, makeTar, startServer, tempDir, type TestServer } from './helpers.ts';

const longName = `aclImdb/${'x'.repeat(120)}.txt`;
const tarball = gzipSync(
  makeTar({
    'aclImdb/README': 'Large Movie Review Dataset v1.0',
    'aclImdb/train/pos/10_9.txt': 'Great fun.',
    'aclImdb/train/pos/2_8.txt': 'A <br /><br />Classic!',
    'aclImdb/train/neg/0_1.txt': 'Dull.',
    'aclImdb/train/unsup/0_0.txt': 'not labelled',
    'aclImdb/test/neg/5_2.txt': 'Bad.',
    'aclImdb/test/pos/1_10.txt': 'Best film ever.',
    [longName]: 'long name',
  }),
);

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ '/aclImdb_v1.tar.gz': { body: tarball } });
});
afterAll(() => server.close());

describe('tar reader', () => {
  it('streams the wanted files, follows GNU long names, and detects truncation', async () => {
    const seen: Record<string, string> = {};
    await forEachTarFile(
      Readable.from([makeTar({ 'a.txt': 'A', 'b/c.txt': 'x'.repeat(700), [longName]: 'L' })]),
      () => true,
      (name, c) => {
        seen[name] = c.toString();
      },
    );
    expect(Object.keys(seen)).toEqual(['a.txt', 'b/c.txt', longName]);
    expect(seen['b/c.txt']).toHaveLength(700);
    const whole = makeTar({ 'a.txt': 'x'.repeat(2000) });
    await expect(
      forEachTarFile(
        Readable.from([whole.subarray(0, 1024)]),
        () => true,
        () => {},
      ),
    ).rejects.toThrow(/truncated/);
    await expect(
      forEachTarFile(
        Readable.from([Buffer.alloc(512, 7)]),
        () => true,
        () => {},
      ),
    ).rejects.toThrow(/checksum/);
  });
});

describe.skipIf(!hasData)('imdb from the canonical aclImdb_v1.tar.gz', () => {
  it('without the shared TSVs, downloads the tarball once and reads reviews in file-id order', async () => {
    const dataDir = tempDir();
    mkdirSync(join(dataDir, 'imdb'));
    cpSync(join(dataRoot, 'imdb/imdb_word_index.json.gz'), join(dataDir, 'imdb/imdb_word_index.json.gz'));
    const urls = { 'imdb/aclImdb_v1.tar.gz': server.url('/aclImdb_v1.tar.gz') };
    const [[texts, labels], [testTexts, testLabels]] = await imdb.loadTexts({ dataDir, urls });
    expect(texts).toEqual(['Dull.', 'A <br /><br />Classic!', 'Great fun.']);
    expect(Array.from(labels.dataSync())).toEqual([0, 1, 1]);
    expect(testTexts).toEqual(['Bad.', 'Best film ever.']);
    expect(Array.from(testLabels.dataSync())).toEqual([0, 1]);
    // loadData needs the full aclImdb layout (12,500 reviews per class) to rebuild Keras' order.
    await expect(imdb.loadData({ dataDir, urls, cacheDir: tempDir() })).rejects.toThrow(/expected 12500 negative then 12500 positive/);
    expect(server.requests.get('/aclImdb_v1.tar.gz')).toBe(1);
  });
});
