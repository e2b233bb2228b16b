import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateDataFile, writableCacheDir, type DataFile } from '../../src/datasets/sources.ts';
import { forEachLine } from '../../src/datasets/read.ts';
import { startServer, tempDir, type TestServer } from './helpers.ts';

const csv = 'Date,Open\n2020-01-02,55500\n';
const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ '/005930.csv': { body: csv } });
});
afterAll(() => server.close());

describe('locateDataFile', () => {
  const file = (): DataFile => ({
    path: 'stock/x.csv.gz',
    sha256: sha(gzipSync(csv)),
    download: { url: server.url('/005930.csv'), file: 'stock/x.csv', sha256: sha(csv) },
  });

  it('prefers the data folder, else downloads the canonical file (plain or gzip read alike)', async () => {
    const dataDir = tempDir();
    const downloaded = await locateDataFile(file(), { dataDir });
    expect(downloaded).toBe(join(dataDir, 'stock/x.csv'));
    const lines: string[] = [];
    await forEachLine(downloaded, (l) => lines.push(l));
    expect(lines).toEqual(['Date,Open', '2020-01-02,55500']);

    const withLocal = tempDir();
    mkdirSync(join(withLocal, 'stock'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(withLocal, 'stock/x.csv.gz'), gzipSync(csv));
    const before = server.requests.get('/005930.csv');
    expect(await locateDataFile(file(), { dataDir: withLocal })).toBe(join(withLocal, 'stock/x.csv.gz'));
    expect(server.requests.get('/005930.csv')).toBe(before);
    expect(readFileSync(join(withLocal, 'stock/x.csv.gz')).length).toBeGreaterThan(0);
  });

  it('never writes into a read-only data folder: downloads go to ~/.cache/sunhwan', () => {
    const readOnly = tempDir();
    chmodSync(readOnly, 0o555);
    try {
      expect(writableCacheDir(readOnly)).toBe(join(homedir(), '.cache', 'sunhwan'));
    } finally {
      chmodSync(readOnly, 0o755);
    }
    const writable = tempDir();
    expect(writableCacheDir(writable)).toBe(writable);
    expect(existsSync(writable)).toBe(true);
  });
});
