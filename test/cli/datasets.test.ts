// `sunhwan datasets`: the listing of a data folder, and --fetch from a local HTTP server (never the
// network) into an empty one.
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sunhwan, tempDir } from './helpers.ts';

const shared = '/work/shared/data';
const sharedAirline = join(shared, 'classic_timeseries/airline-passengers.csv.gz');

let saved: string | undefined;
beforeEach(() => {
  saved = process.env.SUNHWAN_DATA;
});
afterEach(() => {
  if (saved === undefined) delete process.env.SUNHWAN_DATA;
  else process.env.SUNHWAN_DATA = saved;
});

const { dir, cleanup } = tempDir('datasets');
afterAll(() => cleanup());

describe('sunhwan datasets', () => {
  it('an empty data folder: nothing cached, with the command that fetches each file', async () => {
    process.env.SUNHWAN_DATA = join(dir, 'empty');
    const r = await sunhwan('datasets');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`data folder: ${join(dir, 'empty')} (SUNHWAN_DATA)`);
    expect(r.stdout).toMatch(/^sms_spam +smsSpamCsv +- +not cached \(sunhwan datasets --fetch smsSpamCsv\)$/m);
    expect(r.stdout).toMatch(/^korean_novels +koreanNovels +- +not cached \(no public download: copy it into the data folder\)$/m);
    const listed = r.stdout.split('\n').filter((line) => / not cached \(/.test(line)).length;
    expect(listed).toBeGreaterThanOrEqual(18);
    expect(r.stdout).toContain(`0 of ${listed} files cached, 0 B`);
  });

  it.skipIf(!existsSync(shared))('the shared data folder: every file, its path and size', async () => {
    process.env.SUNHWAN_DATA = shared;
    const r = await sunhwan('datasets', '--json');
    expect(r.code).toBe(0);
    const listing = JSON.parse(r.stdout) as { dataDir: string; files: Array<{ key: string; path: string | null; bytes: number }> };
    expect(listing.dataDir).toBe(shared);
    const airline = listing.files.find((f) => f.key === 'airlinePassengers')!;
    expect(airline.path).toBe(sharedAirline);
    expect(airline.bytes).toBe(readFileSync(sharedAirline).length);
  });

  it.skipIf(!existsSync(sharedAirline))('--fetch downloads a file (here from 127.0.0.1), checks its SHA-256 and lists it', async () => {
    const body = gunzipSync(readFileSync(sharedAirline));
    let requests = 0;
    const server: Server = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-length': body.length }).end(body);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const port = (server.address() as { port: number }).port;
      process.env.SUNHWAN_DATA = join(dir, 'cache');
      const r = await sunhwan('datasets', '--fetch', 'airlinePassengers', '--url', `http://127.0.0.1:${port}/airline-passengers.csv`);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const target = join(dir, 'cache', 'classic_timeseries/airline-passengers.csv');
      expect(r.stdout).toBe(`airlinePassengers: ${target} (${(body.length / 1024).toFixed(1)} kB)\n`);
      expect(readFileSync(target).equals(body)).toBe(true);
      const listed = await sunhwan('datasets');
      expect(listed.stdout).toMatch(/^1 of (\d+) files cached/m);
      expect(listed.stdout.split('\n').filter((line) => / not cached \(/.test(line)).length + 1).toBe(
        Number(/^1 of (\d+)/m.exec(listed.stdout)![1]),
      );
      await sunhwan('datasets', '--fetch', 'airlinePassengers', '--url', `http://127.0.0.1:${port}/airline-passengers.csv`);
      expect(requests).toBe(1); // cached: not downloaded again
    } finally {
      server.close();
    }
  });

  it('bad names and files without a download', async () => {
    process.env.SUNHWAN_DATA = join(dir, 'empty');
    const unknown = await sunhwan('datasets', '--fetch', 'imbd');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown data set 'imbd'; give a folder (imdb, reuters,");
    const noDownload = await sunhwan('datasets', '--fetch', 'korean_novels');
    expect(noDownload.code).toBe(1);
    expect(noDownload.stderr).toContain('koreanNovels (korean_novels/corpus.txt.gz) has no public single-file download');
    const urlForMany = await sunhwan('datasets', '--fetch', 'imdb', '--url', 'http://127.0.0.1:9/x');
    expect(urlForMany.code).toBe(2);
  });
});
