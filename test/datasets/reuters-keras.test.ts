// reuters with Keras' own files, downloaded from a local HTTP server (127.0.0.1) serving the small
// fixtures of fixtures-src/datasets/make_download_fixtures.py: the arrays must equal what Keras 3's
// reuters.load_data returns for the same npz, checksums are enforced and nothing is downloaded twice.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as reuters from '../../src/datasets/reuters.ts';
import { startServer, tempDir, type TestServer } from './helpers.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/datasets/${name}`, import.meta.url));
const golden = JSON.parse(fixture('reuters-keras.json').toString('utf8')) as Record<
  'default' | 'capped',
  { x_train: number[][]; y_train: number[]; x_test: number[][]; y_test: number[] }
>;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

let server: TestServer;
const dirs: string[] = [];
beforeAll(async () => {
  server = await startServer({
    '/reuters.npz': { body: fixture('reuters-p2.npz') },
    '/tampered.npz': { body: Buffer.concat([fixture('reuters-p2.npz'), Buffer.from([0])]) },
    '/reuters_word_index.json': { body: fixture('reuters_word_index.json') },
  });
});
afterAll(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function options(npzPath = '/reuters.npz') {
  const dataDir = tempDir();
  dirs.push(dataDir);
  return {
    source: 'keras' as const,
    dataDir,
    urls: {
      'reuters/reuters.npz': server.url(npzPath),
      'reuters/reuters_word_index.json': server.url('/reuters_word_index.json'),
    },
    hashes: {
      'reuters/reuters.npz': sha256(fixture('reuters-p2.npz')),
      'reuters/reuters_word_index.json#md5': md5(fixture('reuters_word_index.json')),
    },
  };
}

describe('reuters from Keras files (local server)', () => {
  it("loadData equals Keras' load_data on the same npz (defaults, and numWords/maxlen), downloading once", async () => {
    const o = options();
    const before = server.requests.get('/reuters.npz') ?? 0;
    const [[xTrain, yTrain], [xTest, yTest]] = await reuters.loadData(o);
    expect(xTrain).toEqual(golden.default.x_train);
    expect(Array.from(yTrain.dataSync())).toEqual(golden.default.y_train);
    expect(xTest).toEqual(golden.default.x_test);
    expect(Array.from(yTest.dataSync())).toEqual(golden.default.y_test);
    const [[cappedTrain, cappedY], [cappedTest]] = await reuters.loadData({ ...o, numWords: 100, maxlen: 30 });
    expect(cappedTrain).toEqual(golden.capped.x_train);
    expect(Array.from(cappedY.dataSync())).toEqual(golden.capped.y_train);
    expect(cappedTest).toEqual(golden.capped.x_test);
    expect(server.requests.get('/reuters.npz')! - before).toBe(1);
    expect(existsSync(join(o.dataDir, 'reuters/reuters.npz'))).toBe(true);
  });

  it('refuses a download whose sha256 differs and keeps nothing', async () => {
    const o = options('/tampered.npz');
    await expect(reuters.loadData(o)).rejects.toThrow(/checksum mismatch/);
    expect(existsSync(join(o.dataDir, 'reuters/reuters.npz'))).toBe(false);
  });

  it("getWordIndex reads Keras' word index (md5-checked); a wrong md5 keeps nothing", async () => {
    const o = options();
    const index = await reuters.getWordIndex(o);
    expect(index.get('the')).toBe(1);
    expect(index.get('vs')).toBe(10);
    const bad = options();
    bad.hashes['reuters/reuters_word_index.json#md5'] = '0'.repeat(32);
    await expect(reuters.getWordIndex(bad)).rejects.toThrow(/md5 mismatch: expected 0{32}/);
    expect(existsSync(join(bad.dataDir, 'reuters/reuters_word_index.json'))).toBe(false);
  });

  it("getTopics without a data folder gives Keras' label names", async () => {
    const topics = await reuters.getTopics({ dataDir: tempDir() });
    expect(topics).toHaveLength(46);
    expect(topics.slice(0, 5)).toEqual(['cocoa', 'grain', 'veg-oil', 'earn', 'acq']);
  });
});
