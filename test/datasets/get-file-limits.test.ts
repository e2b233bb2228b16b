import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFile } from '../../src/datasets/get-file.ts';
import { forEachTarFile } from '../../src/datasets/tar.ts';
import { extractZip } from '../../src/datasets/zip.ts';
import { makeTar, makeZip, startServer, tempDir, type TestServer } from './helpers.ts';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const payload = Buffer.from('word 0.1 0.2\n'.repeat(100));
const archive = makeZip({ 'data/a.txt': 'alpha\n'.repeat(2000), 'data/b.txt': 'beta\n'.repeat(2000) });

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    '/slow': { body: payload, dripMs: 100 },
    '/endless': { body: '', endless: true },
    '/huge': { body: payload, contentLength: 10 ** 12, cutAfter: 0 },
    '/close-delimited': { body: payload, closeDelimited: true },
    '/close-delimited-cut': { body: payload, closeDelimited: true, cutAfter: 200 },
    '/archive.zip': { body: archive },
  });
});
afterAll(() => server.close());

const leftovers = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' });

describe('download limits', () => {
  it('a trickling server meets the overall deadline, and no partial file stays', async () => {
    const cacheDir = tempDir();
    const start = Date.now();
    await expect(getFile('slow.txt', { url: server.url('/slow'), cacheDir, progress: false, timeoutMs: 400 })).rejects.toThrow(
      /stopped( after \d+ bytes)?: not finished within its deadline \(timeoutMs: 400 ms\)/,
    );
    expect(Date.now() - start).toBeLessThan(5000);
    expect(leftovers(cacheDir)).toEqual([]);
  });

  it('an AbortSignal cancels a download', async () => {
    const cacheDir = tempDir();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    await expect(getFile('slow.txt', { url: server.url('/slow'), cacheDir, progress: false, signal: controller.signal })).rejects.toThrow(
      /cancelled by its AbortSignal/,
    );
    expect(leftovers(cacheDir)).toEqual([]);
    await expect(getFile('slow.txt', { url: server.url('/slow'), cacheDir, progress: false, signal: controller.signal })).rejects.toThrow(
      /was cancelled/,
    );
  });

  it('an endless body stops at maxBytes, not after filling the disk', async () => {
    const cacheDir = tempDir();
    await expect(
      getFile('endless.bin', { url: server.url('/endless'), sha256: '0'.repeat(64), cacheDir, progress: false, maxBytes: 100_000 }),
    ).rejects.toThrow(/stopped( after \d+ bytes)?: it is over the 100000-byte limit/);
    expect(leftovers(cacheDir)).toEqual([]);
  });

  it('a Content-Length over maxBytes is refused before any byte is written', async () => {
    const cacheDir = tempDir();
    await expect(getFile('huge.bin', { url: server.url('/huge'), cacheDir, progress: false })).rejects.toThrow(
      /is 1000000000000 bytes, over the \d+-byte limit/,
    );
    expect(leftovers(cacheDir)).toEqual([]);
  });

  it('a close-delimited body is cached only when a sha256 can vouch for it', async () => {
    const cacheDir = tempDir();
    await expect(getFile('cut.txt', { url: server.url('/close-delimited-cut'), cacheDir, progress: false })).rejects.toThrow(
      /without a length .* pass its sha256/,
    );
    await expect(
      getFile('cut.txt', { url: server.url('/close-delimited-cut'), sha256: sha256(payload), cacheDir, progress: false }),
    ).rejects.toThrow(/checksum mismatch/);
    const ok = await getFile('whole.txt', { url: server.url('/close-delimited'), sha256: sha256(payload), cacheDir, progress: false });
    expect(readFileSync(ok).equals(payload)).toBe(true);
  });

  it("a name that only shares the cache folder's prefix is outside it", async () => {
    const root = tempDir();
    const cacheDir = join(root, 'cache');
    await expect(
      getFile('../cache-evil/x.txt', { url: server.url('/close-delimited'), sha256: sha256(payload), cacheDir, progress: false }),
    ).rejects.toThrow(/leaves the cache folder/);
    expect(existsSync(join(root, 'cache-evil'))).toBe(false);
  });

  it('partial downloads and extractions of killed processes are removed by the next getFile', async () => {
    const cacheDir = tempDir();
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid; // exited: its leftovers are stale
    const livePart = `archive.zip.part-${process.pid}-live`;
    writeFileSync(join(cacheDir, `archive.zip.part-${deadPid}-0a1b2c3d`), 'half a download');
    writeFileSync(join(cacheDir, livePart), 'this process may still write it');
    mkdirSync(join(cacheDir, `archive.part-${deadPid}-4e5f6a7b`, 'data'), { recursive: true });
    const out = await getFile('archive.zip', {
      url: server.url('/archive.zip'),
      sha256: sha256(archive),
      cacheDir,
      progress: false,
      extract: 'zip',
    });
    expect(readFileSync(join(out, 'data', 'a.txt'), 'utf8')).toBe('alpha\n'.repeat(2000));
    expect(readdirSync(cacheDir).sort()).toEqual(['archive', 'archive.zip', livePart].sort());
  });

  it('several processes extracting the same archive all succeed', async () => {
    const cacheDir = tempDir();
    writeFileSync(join(cacheDir, 'archive.zip'), archive);
    const script = `
      import { getFile } from ${JSON.stringify(resolve('src/datasets/get-file.ts'))};
      const dir = await getFile('archive.zip', { url: process.argv[1], sha256: process.argv[2], cacheDir: process.argv[3], extract: 'zip', force: true, progress: false });
      console.log(dir);`;
    const run = () =>
      new Promise<{ code: number | null; out: string }>((done) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', '--input-type=module', '-e', script, server.url('/archive.zip'), sha256(archive), cacheDir],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('close', (code) => done({ code, out }));
      });
    const results = await Promise.all([run(), run(), run()]);
    for (const r of results) expect(r.code, r.out).toBe(0);
    expect(readFileSync(join(cacheDir, 'archive', 'data', 'a.txt'), 'utf8')).toBe('alpha\n'.repeat(2000));
    expect(leftovers(cacheDir).filter((n) => /\.(part|old)-/.test(n))).toEqual([]);
  }, 60_000);
});

describe('archives', () => {
  function damagedZip(change: (zip: Buffer) => void): string {
    const dir = tempDir();
    const zip = makeZip({ 'a.txt': 'hello world\n'.repeat(100) });
    change(zip);
    writeFileSync(join(dir, 'x.zip'), zip);
    return join(dir, 'x.zip');
  }
  const centralOffset = (zip: Buffer) => zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));

  it('a zip entry with a wrong CRC-32 is refused', async () => {
    const file = damagedZip((z) => (z[centralOffset(z) + 16]! ^= 1));
    await expect(extractZip(file, join(file, '..', 'out'))).rejects.toThrow(/entry 'a.txt' fails its CRC-32 check/);
  });

  it('a zip entry whose data does not match its declared size is refused', async () => {
    const smaller = damagedZip((z) => z.writeUInt32LE(1000, centralOffset(z) + 24));
    await expect(extractZip(smaller, join(smaller, '..', 'out'))).rejects.toThrow(/holds more than its declared 1000 bytes/);
    const larger = damagedZip((z) => z.writeUInt32LE(1300, centralOffset(z) + 24));
    await expect(extractZip(larger, join(larger, '..', 'out'))).rejects.toThrow(/has 1200 bytes but the archive declares 1300/);
  });

  it('expansion is capped: declared sizes first, then the bytes written', async () => {
    const dir = tempDir();
    const bomb = join(dir, 'bomb.zip');
    writeFileSync(bomb, makeZip({ 'zeros.bin': Buffer.alloc(4_000_000) }));
    await expect(extractZip(bomb, join(dir, 'out'), { maxBytes: 1_000_000 })).rejects.toThrow(/expands to more than 1000000 bytes/);
    const gz = join(dir, 'zeros.bin.gz');
    writeFileSync(gz, gzipSync(Buffer.alloc(4_000_000)));
    mkdirSync(join(dir, 'cache'));
    writeFileSync(join(dir, 'cache', 'zeros.bin.gz'), readFileSync(gz));
    await expect(
      getFile('zeros.bin.gz', {
        url: 'http://127.0.0.1:9/never',
        sha256: sha256(readFileSync(gz)),
        cacheDir: join(dir, 'cache'),
        extract: 'gzip',
        maxBytes: 1_000_000,
        progress: false,
      }),
    ).rejects.toThrow(/expands to more than 1000000 bytes/);
  });

  it('a tar header claiming a huge entry is an error, not an allocation', async () => {
    const tar = makeTar({ 'big.txt': 'x'.repeat(5000) });
    await expect(
      forEachTarFile(
        Readable.from([tar]),
        () => true,
        () => {},
        1000,
      ),
    ).rejects.toThrow(/entry 'big.txt' is 5000 bytes, over the 1000-byte limit/);
  });
});
