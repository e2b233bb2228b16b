import { createHash } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jena from '../../src/datasets/jena.ts';
import * as stocks from '../../src/datasets/stocks.ts';
import * as glove from '../../src/datasets/glove.ts';
import * as synthetic from '../../src/datasets/synthetic.ts';
import { dataRoot, hasData, makeZip, startServer, tempDir, type TestServer } from './helpers.ts';

const JENA_HEADER =
  '"Date Time","p (mbar)","T (degC)","Tpot (K)","Tdew (degC)","rh (%)","VPmax (mbar)","VPact (mbar)","VPdef (mbar)","sh (g/kg)","H2OC (mmol/mol)","rho (g/m**3)","wv (m/s)","max. wv (m/s)","wd (deg)"';

/** A small file in the Jena CSV format: `rows` 10-minute steps from 01.01.2009 00:10:00. */
function jenaCsv(rows: number): string {
  const lines = [JENA_HEADER];
  for (let i = 0; i < rows; i++) {
    const minutes = (i + 1) * 10;
    const day = 1 + Math.floor(minutes / 1440);
    const hh = Math.floor((minutes % 1440) / 60);
    const mm = minutes % 60;
    const date = `${String(day).padStart(2, '0')}.01.2009 ${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00`;
    const values = Array.from({ length: 14 }, (_, k) => (k === 1 ? -8.02 + i * 0.01 : 996.52 - k * 10 + i / 100).toFixed(2));
    lines.push([date, ...values].join(','));
  }
  return `${lines.join('\n')}\n`;
}

const csv = jenaCsv(300);
const zip = makeZip({ 'jena_climate_2009_2016.csv': csv, '__MACOSX/._jena_climate_2009_2016.csv': 'x' });
const zipSha = createHash('sha256').update(zip).digest('hex');
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ '/jena_climate_2009_2016.csv.zip': { body: zip }, '/bad.zip': { body: makeZip({ 'a.csv': 'Date,x\n' }) } });
});
afterAll(() => server.close());

describe('jena', () => {
  it('downloads the zip once, extracts it and parses 14 float32 features', async () => {
    const dataDir = tempDir();
    const url = server.url('/jena_climate_2009_2016.csv.zip');
    const { data, columns, header, dates } = await jena.loadData({ dataDir, url, sha256: zipSha });
    expect(data.shape).toEqual([300, 14]);
    expect(data.dtype).toBe('float32');
    expect(header[0]).toBe('Date Time');
    expect(columns).toHaveLength(14);
    expect(columns[1]).toBe('T (degC)');
    expect(dates[0]).toBe('01.01.2009 00:10:00');
    expect(dates[5]).toBe('01.01.2009 01:00:00');
    expect(data.dataSync()[1]).toBeCloseTo(-8.02, 5);
    expect(data.dataSync()[14 + 1]).toBeCloseTo(-8.01, 5);
    expect(readdirSync(join(dataDir, 'jena_climate')).sort()).toEqual(['jena_climate_2009_2016', 'jena_climate_2009_2016.csv.zip']);
    // Cached: no second request.
    await jena.loadData({ dataDir, url, sha256: zipSha });
    expect(server.requests.get('/jena_climate_2009_2016.csv.zip')).toBe(1);
  });

  it('reads a local jena_climate/jena_climate_2009_2016.csv with no network, and reports bad rows by line', async () => {
    const dataDir = tempDir();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dataDir, 'jena_climate'));
    writeFileSync(join(dataDir, 'jena_climate', 'jena_climate_2009_2016.csv'), jenaCsv(3));
    const { data } = await jena.loadData({ dataDir, url: server.url('/nowhere') });
    expect(data.shape).toEqual([3, 14]);
    const bad = `${JENA_HEADER}\n01.01.2009 00:10:00,${Array(13).fill('1').join(',')},oops\n`;
    writeFileSync(join(dataDir, 'jena_climate', 'jena_climate_2009_2016.csv'), bad);
    await expect(jena.loadData({ dataDir })).rejects.toThrow(/jena_climate_2009_2016.csv:2: column "wd \(deg\)": "oops" is not a number/);
  });

  it('complains when the archive holds no Jena CSV', async () => {
    const dataDir = tempDir();
    await expect(jena.loadData({ dataDir, url: server.url('/bad.zip') })).rejects.toThrow(/expected a header starting with "Date Time"/);
    expect(existsSync(join(dataDir, 'jena_climate', 'jena_climate_2009_2016.csv'))).toBe(false);
  });
});

describe.skipIf(!hasData)('stocks', () => {
  it("loadData('005930') gives 5,993 days of OHLCV; start: '2016' keeps 2,087", async () => {
    const all = await stocks.loadData('005930', { dataDir: dataRoot });
    expect(all.data.shape).toEqual([5993, 6]);
    expect(all.dates[0]).toBe('2000-03-17');
    expect(all.dates.at(-1)).toBe('2024-06-28');
    expect(Array.from(all.data.dataSync().slice(0, 5))).toEqual([5540, 5560, 5400, 5480, 481685]);
    expect(Number.isNaN(all.data.dataSync()[5])).toBe(true); // first Change is empty
    const since2016 = await stocks.loadData('005930', { dataDir: dataRoot, start: '2016' });
    expect(since2016.dates.length).toBe(2087);
    expect(since2016.dates[0]).toBe('2016-01-04');
    const open = since2016.column('Open');
    expect(open.shape).toEqual([2087, 1]);
    const halt = since2016.dates.indexOf('2018-04-30');
    expect(open.dataSync()[halt]).toBe(0); // the split's trading halt
    await expect(stocks.loadData('000000')).rejects.toThrow(/no data for '000000'; available: 005930/);
  });
});

describe.skipIf(!hasData)('glove', () => {
  it('loads the 5,050 x 50 subset and builds an embedding matrix for a word index', async () => {
    const vectors = await glove.load('glove.6B.50d.subset5k', { dataDir: dataRoot });
    expect(vectors.size).toBe(5050);
    expect(vectors.dim).toBe(50);
    expect(Array.from(vectors.get('the')!.slice(0, 3))).toEqual([0.418, 0.24968, -0.41242].map(Math.fround));
    const wordIndex = new Map([
      ['the', 1],
      ['notawordatall', 2],
      ['king', 3],
      ['queen', 7],
    ]);
    const matrix = vectors.embeddingMatrix(wordIndex, { numWords: 5, dim: 50 });
    expect(matrix.shape).toEqual([5, 50]);
    const m = matrix.dataSync();
    expect(m.subarray(0, 50).every((v) => v === 0)).toBe(true); // index 0: padding
    expect(Array.from(m.subarray(50, 100))).toEqual(Array.from(vectors.get('the')!));
    expect(m.subarray(100, 150).every((v) => v === 0)).toBe(true); // unknown word
    expect(Array.from(m.subarray(150, 200))).toEqual(Array.from(vectors.get('king')!));
    expect(() => vectors.embeddingMatrix(wordIndex, { dim: 100 })).toThrow(/dim 100 was asked, but the vectors have 50/);
    expect(glove.embeddingMatrix(vectors, { the: 1 }).shape).toEqual([2, 50]);
  });

  it('reads any dimension and reports ragged lines', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'tiny.txt'), 'a 1 2 3\nb 4 5 6\n');
    const tiny = await glove.load(join(dir, 'tiny.txt'));
    expect(tiny.dim).toBe(3);
    expect(Array.from(tiny.get('b')!)).toEqual([4, 5, 6]);
    writeFileSync(join(dir, 'ragged.txt'), 'a 1 2 3\nb 4 5\n');
    await expect(glove.load(join(dir, 'ragged.txt'))).rejects.toThrow(/ragged.txt:2: expected 3 values after the word/);
    await expect(glove.load('no-such-glove')).rejects.toThrow(/neither a file nor a known name/);
  });
});

describe('synthetic', () => {
  it('sineWave / cosineWave: seed 004 series sin(π·i·0.01), i < 1000', () => {
    const sine = synthetic.sineWave();
    expect(sine.shape).toEqual([1000, 1]);
    expect(sine.dataSync()[50]).toBeCloseTo(1, 6);
    expect(sine.dataSync()[999]).toBeCloseTo(Math.sin(Math.PI * 9.99), 6);
    expect(synthetic.cosineWave({ n: 10, step: 0.5 }).dataSync()[2]).toBeCloseTo(-1, 6);
  });

  it('sequencePrediction: seed 002 inputs [i..i+3]/10 -> (i+4)/10', () => {
    const { x, y } = synthetic.sequencePrediction();
    expect(x.shape).toEqual([6, 4, 1]);
    expect(Array.from(x.dataSync().slice(0, 4))).toEqual([0, 0.1, 0.2, 0.3].map(Math.fround));
    expect(Array.from(y.dataSync())).toEqual([0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map(Math.fround));
  });

  it('multiplication: two marked numbers in [0,1), target their product, reproducible by seed', () => {
    const { x, y } = synthetic.multiplication({ n: 200, seed: 7 });
    expect(x.shape).toEqual([200, 100, 2]);
    expect(y.shape).toEqual([200, 1]);
    const xs = x.dataSync();
    for (let s = 0; s < 200; s++) {
      let marks = 0;
      let product = 1;
      for (let t = 0; t < 100; t++) {
        const marker = xs[(s * 100 + t) * 2]!;
        const value = xs[(s * 100 + t) * 2 + 1]!;
        if (value < 0 || value >= 1) throw new Error('value outside [0, 1)');
        if (marker === 1) {
          marks++;
          product *= value;
        } else if (marker !== 0) throw new Error('marker must be 0 or 1');
      }
      expect(marks).toBe(2);
      expect(y.dataSync()[s]).toBeCloseTo(product, 6);
    }
    expect(Array.from(synthetic.multiplication({ n: 3, seed: 7 }).y.dataSync())).toEqual(Array.from(y.dataSync().slice(0, 3)));
  });
});

describe.skipIf(!hasData)('timeSeries', () => {
  it('ett: 17,420 hourly rows x 7 (the offline stand-in for Jena)', async () => {
    const { timeSeries } = await import('../../src/datasets/index.ts');
    const h1 = await timeSeries.ett('ETTh1', { dataDir: dataRoot });
    expect(h1.data.shape).toEqual([17420, 7]);
    expect(h1.columns).toEqual(['HUFL', 'HULL', 'MUFL', 'MULL', 'LUFL', 'LULL', 'OT']);
    expect(h1.dates[0]).toBe('2016-07-01 00:00:00');
    expect(h1.data.dataSync()[6]).toBeCloseTo(30.531, 3);
  });

  it('classic: airline passengers, sunspots, temperatures (quoted CSV with CRLF)', async () => {
    const { timeSeries } = await import('../../src/datasets/index.ts');
    const airline = await timeSeries.classic('airline-passengers', { dataDir: dataRoot });
    expect(airline.data.shape).toEqual([144, 1]);
    expect(airline.columns).toEqual(['Passengers']);
    expect([airline.dates[0], airline.data.dataSync()[0], airline.dates[143], airline.data.dataSync()[143]]).toEqual([
      '1949-01',
      112,
      '1960-12',
      432,
    ]);
    expect((await timeSeries.classic('monthly-sunspots', { dataDir: dataRoot })).data.shape).toEqual([2820, 1]);
    expect((await timeSeries.classic('daily-min-temperatures', { dataDir: dataRoot })).data.shape).toEqual([3650, 1]);
  });
});
