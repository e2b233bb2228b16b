// recipes/jena.ts --jena download: the Jena zip fetched from a URL (a local 127.0.0.1 server here,
// never the network), checked against its sha256, then the book's baseline on it.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLogSink } from 'sunhwan';
import { makeZip, startServer, tempDir, type TestServer } from '../datasets/helpers.ts';

/** A Jena-format CSV: 14 columns, 'T (degC)' second, a daily (144-row) cycle. */
function jenaCsv(rows: number): string {
  const lines = [['"Date Time"', ...Array.from({ length: 14 }, (_, k) => `"c${k}"`)].join(',')];
  for (let i = 0; i < rows; i++) {
    const v = Array.from({ length: 14 }, (_, k) => (k === 1 ? 10 * Math.sin((2 * Math.PI * i) / 144) : Math.cos(i * (k + 1))));
    lines.push(['01.01.2009 00:10:00', ...v.map((x) => x.toFixed(3))].join(','));
  }
  return `${lines.join('\n')}\n`;
}

const zip = makeZip({ 'jena_climate_2009_2016.csv': jenaCsv(8000) });
const zipSha = createHash('sha256').update(zip).digest('hex');
let server: TestServer;
const savedDataDir = process.env.SUNHWAN_DATA;
beforeAll(async () => {
  server = await startServer({ '/jena_climate_2009_2016.csv.zip': { body: zip } });
  setLogSink({ dynamic: false, write: () => {} });
});
afterAll(() => {
  server.close();
  setLogSink(null);
  if (savedDataDir === undefined) delete process.env.SUNHWAN_DATA;
  else process.env.SUNHWAN_DATA = savedDataDir;
});

describe('jena --jena download', () => {
  it('downloads the zip into the data folder once and runs the baseline on it', async () => {
    process.env.SUNHWAN_DATA = tempDir();
    const { run } = await import('../../recipes/jena.ts');
    const extra = { model: 'baseline', jena: 'download', 'jena-url': server.url('/jena_climate_2009_2016.csv.zip'), 'jena-sha256': zipSha };
    const first = await run({ quick: true, verbose: 0, extra });
    const again = await run({ quick: true, verbose: 0, extra });
    expect(first.metrics.baseline_val_mae!).toBeGreaterThan(0);
    expect(again.metrics.baseline_val_mae).toBe(first.metrics.baseline_val_mae);
    expect(server.requests.get('/jena_climate_2009_2016.csv.zip')).toBe(1);
  });

  it('refuses a zip whose sha256 is not the one given', async () => {
    process.env.SUNHWAN_DATA = tempDir();
    const { run } = await import('../../recipes/jena.ts');
    const extra = {
      model: 'baseline',
      jena: 'download',
      'jena-url': server.url('/jena_climate_2009_2016.csv.zip'),
      'jena-sha256': '0'.repeat(64),
    };
    await expect(run({ quick: true, verbose: 0, extra })).rejects.toThrow(/sha256|checksum/i);
  });
});
