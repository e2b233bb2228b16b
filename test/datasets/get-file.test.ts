import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFile } from '../../src/datasets/get-file.ts';
import { extractZip, listZip } from '../../src/datasets/zip.ts';
import { makeZip, startServer, tempDir, type TestServer } from './helpers.ts';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const payload = Buffer.from('id\tvalue\n1\tone\n2\ttwo\n'.repeat(50));
const zipped = makeZip({ 'folder/data.csv': 'a,b\n1,2\n', '__MACOSX/folder/._data.csv': 'junk' });

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    '/data.tsv': { body: payload },
    '/data.tsv.gz': { body: gzipSync(payload) },
    '/archive.csv.zip': { body: zipped },
    '/broken': { status: 500, body: 'internal error' },
    '/short': { body: payload, cutAfter: 100 },
    '/moved': { body: '', redirect: '/data.tsv' },
  });
});
afterAll(() => server.close());

/** Names left in a cache folder, to check nothing half-written remains. */
const leftovers = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' });

describe('getFile', () => {
  it('downloads, verifies and caches; a second call makes no request', async () => {
    const cacheDir = tempDir();
    const path = await getFile('sets/data.tsv', { url: server.url('/data.tsv'), sha256: sha256(payload), cacheDir, progress: false });
    expect(path).toBe(join(cacheDir, 'sets/data.tsv'));
    expect(readFileSync(path).equals(payload)).toBe(true);
    const before = server.requests.get('/data.tsv');
    const again = await getFile('sets/data.tsv', { url: server.url('/data.tsv'), sha256: sha256(payload), cacheDir, progress: false });
    expect(again).toBe(path);
    expect(server.requests.get('/data.tsv')).toBe(before);
    expect(leftovers(cacheDir).sort()).toEqual(['sets', 'sets/data.tsv']);
  });

  it('rejects a checksum mismatch with both hashes and leaves no file', async () => {
    const cacheDir = tempDir();
    const wrong = '0'.repeat(64);
    await expect(getFile('data.tsv', { url: server.url('/data.tsv'), sha256: wrong, cacheDir, progress: false })).rejects.toThrow(
      new RegExp(`checksum mismatch for 'data.tsv'.*expected sha256 ${wrong}, got ${sha256(payload)}`),
    );
    expect(leftovers(cacheDir)).toEqual([]);
  });

  it('re-downloads a cached file whose checksum no longer matches', async () => {
    const cacheDir = tempDir();
    writeFileSync(join(cacheDir, 'data.tsv'), 'corrupted');
    const before = server.requests.get('/data.tsv') ?? 0;
    const path = await getFile('data.tsv', { url: server.url('/data.tsv'), sha256: sha256(payload), cacheDir, progress: false });
    expect(readFileSync(path).equals(payload)).toBe(true);
    expect(server.requests.get('/data.tsv')).toBe(before + 1);
  });

  it('reports a truncated transfer (connection closed before Content-Length) and leaves no file', async () => {
    const cacheDir = tempDir();
    await expect(getFile('short.tsv', { url: server.url('/short'), sha256: sha256(payload), cacheDir, progress: false })).rejects.toThrow(
      new RegExp(`truncated download of .short.tsv..*after 100 bytes of the ${payload.length} announced`),
    );
    expect(leftovers(cacheDir)).toEqual([]);
  });

  it('reports an HTTP error status and leaves no file', async () => {
    const cacheDir = tempDir();
    await expect(getFile('x.tsv', { url: server.url('/broken'), cacheDir, progress: false })).rejects.toThrow(
      /HTTP 500 Internal Server Error downloading 'x.tsv'/,
    );
    await expect(getFile('y.tsv', { url: server.url('/missing'), cacheDir, progress: false })).rejects.toThrow(/HTTP 404/);
    expect(leftovers(cacheDir)).toEqual([]);
  });

  it('follows redirects', async () => {
    const cacheDir = tempDir();
    const path = await getFile('r.tsv', { url: server.url('/moved'), sha256: sha256(payload), cacheDir, progress: false });
    expect(readFileSync(path).equals(payload)).toBe(true);
  });

  it('without a sha256, records the first download hash and checks later cache hits against it', async () => {
    const cacheDir = tempDir();
    const path = await getFile('tofu.tsv', { url: server.url('/data.tsv'), cacheDir, progress: false });
    expect(readFileSync(`${path}.sha256`, 'utf8').trim()).toBe(sha256(payload));
    writeFileSync(path, 'tampered');
    const before = server.requests.get('/data.tsv')!;
    await getFile('tofu.tsv', { url: server.url('/data.tsv'), cacheDir, progress: false });
    expect(server.requests.get('/data.tsv')).toBe(before + 1);
    expect(readFileSync(path).equals(payload)).toBe(true);
  });

  it('decompresses gzip and extracts zip archives next to the download', async () => {
    const cacheDir = tempDir();
    const plain = await getFile('d/data.tsv.gz', {
      url: server.url('/data.tsv.gz'),
      sha256: sha256(gzipSync(payload)),
      cacheDir,
      extract: 'gzip',
      progress: false,
    });
    expect(plain).toBe(join(cacheDir, 'd/data.tsv'));
    expect(readFileSync(plain).equals(payload)).toBe(true);
    const folder = await getFile('z/archive.csv.zip', {
      url: server.url('/archive.csv.zip'),
      sha256: sha256(zipped),
      cacheDir,
      extract: 'zip',
      progress: false,
    });
    expect(folder).toBe(join(cacheDir, 'z/archive'));
    expect(readFileSync(join(folder, 'folder/data.csv'), 'utf8')).toBe('a,b\n1,2\n');
    expect(existsSync(join(folder, '__MACOSX'))).toBe(false);
    expect(leftovers(cacheDir).filter((n) => n.includes('.part-'))).toEqual([]);
  });

  it('rejects a malformed sha256 and names that leave the cache folder', async () => {
    await expect(getFile('a', { url: server.url('/data.tsv'), sha256: 'abc', cacheDir: tempDir() })).rejects.toThrow(/64 hex digits/);
    await expect(getFile('../escape', { url: server.url('/data.tsv'), cacheDir: tempDir() })).rejects.toThrow(/leaves the cache folder/);
  });
});

describe('zip reader', () => {
  it('lists entries and refuses paths outside the destination', async () => {
    const dir = tempDir();
    const file = join(dir, 'evil.zip');
    writeFileSync(file, makeZip({ '../evil.txt': 'x' }));
    expect(listZip(file).map((e) => e.name)).toEqual(['../evil.txt']);
    await expect(extractZip(file, join(dir, 'out'))).rejects.toThrow(/outside the folder/);
    writeFileSync(join(dir, 'not.zip'), 'hello');
    expect(() => listZip(join(dir, 'not.zip'))).toThrow(/not a zip file/);
  });
});
