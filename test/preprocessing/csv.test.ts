// CSV reading as pandas.read_csv would for the books' numeric files (Jena layout, Samsung stock).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/preprocessing/csv.ts';
import { readCsvFile } from '../../src/preprocessing/csv-node.ts';

const JENA_HEAD = `"Date Time","p (mbar)","T (degC)","Tpot (K)"\r
01.01.2009 00:10:00,996.52,-8.02,265.40\r
01.01.2009 00:20:00,996.57,-8.41,265.01\r
`;

describe('readCsv', () => {
  it('reads the Jena layout: quoted header, date strings kept, CRLF', () => {
    const t = readCsv(JENA_HEAD);
    expect(t.header).toEqual(['p (mbar)', 'T (degC)', 'Tpot (K)']);
    expect(t.dateHeader).toBe('Date Time');
    expect(t.dates).toEqual(['01.01.2009 00:10:00', '01.01.2009 00:20:00']);
    expect(t.rows.shape).toEqual([2, 3]);
    expect(Array.from(t.rows.dataSync())).toEqual([996.52, -8.02, 265.4, 996.57, -8.41, 265.01].map(Math.fround));
  });
  it('selects columns by name or index; numeric first column is not a date', () => {
    const t = readCsv(JENA_HEAD, { columns: ['T (degC)', 1] });
    expect(t.header).toEqual(['T (degC)', 'p (mbar)']);
    const plain = readCsv('a,b\n1,2\n3,4e2\n\n');
    expect(plain.dates).toBeUndefined();
    expect(plain.rows.toArray()).toEqual([
      [1, 2],
      [3, 400],
    ]);
  });
  it('quoted fields with delimiters and escaped quotes; nan/inf like pandas', () => {
    const t = readCsv('name,x\n"a, ""b""",1\n"c",nan\nd,-inf\n', { dateColumn: 'name' });
    expect(t.dates).toEqual(['a, "b"', 'c', 'd']);
    const x = Array.from(t.rows.dataSync());
    expect(x[0]).toBe(1);
    expect(Number.isNaN(x[1]!)).toBe(true);
    expect(x[2]).toBe(-Infinity);
  });
  it('reports the line and column of a malformed value', () => {
    const bad = JENA_HEAD + '01.01.2009 00:30:00,996.53,abc,264.9\r\n';
    expect(() => readCsv(bad)).toThrow("readCsv: line 4, column 'T (degC)': 'abc' is not a number");
    expect(() => readCsv('a,b\n1,2\n3\n')).toThrow('readCsv: line 3 has 1 fields, the header has 2');
    expect(() => readCsv('a,b\n1,\n')).toThrow(/line 2, column 'b' is empty \(pass \{ missing: NaN \}/);
    expect(readCsv('a,b\n1,\n', { missing: 0 }).rows.toArray()).toEqual([[1, 0]]);
    expect(() => readCsv('')).toThrow(/empty/);
    expect(() => readCsv('a,b\n1,2\n', { columns: ['c'] })).toThrow(/'c' is not in the header \('a', 'b'\)/);
    expect(() => readCsv('a\n"1\n')).toThrow(/line 2: a quoted field is not closed/);
    expect(() => readCsv('a,b\n1,0x10\n')).toThrow("line 2, column 'b': '0x10' is not a number");
    expect(() => readCsv('a,b\n1,\t\n')).toThrow(/line 2, column 'b' is empty/);
    expect(readCsv('a,b\n 1.5 ,-2e-3\n').rows.toArray()).toEqual([[1.5, Math.fround(-2e-3)]]);
  });
});

const SAMSUNG = '/work/shared/data/samsung_stock/005930_daily.csv.gz';
const ETT = '/work/shared/data/ett_small/ETTh1.csv.gz';

describe.skipIf(!existsSync(SAMSUNG))('real files', () => {
  it('Samsung 005930 daily: 5,993 rows; the empty first Change is reported, or read as NaN', () => {
    expect(() => readCsvFile(SAMSUNG)).toThrow(/line 2, column 'Change' is empty/);
    const t = readCsvFile(SAMSUNG, { columns: ['Open', 'Close'] });
    expect(t.rows.shape).toEqual([5993, 2]);
    expect(t.dates![0]).toBe('2000-03-17');
    expect(Array.from(t.rows.dataSync().subarray(0, 2))).toEqual([5540, 5480]);
    const all = readCsvFile(SAMSUNG, { missing: NaN });
    expect(all.header).toEqual(['Open', 'High', 'Low', 'Close', 'Volume', 'Change']);
  });
  it.skipIf(!existsSync(ETT))('ETTh1: 17,420 rows × 7 features plus dates', () => {
    const t = readCsvFile(ETT);
    expect(t.rows.shape).toEqual([17420, 7]);
    expect(t.dateHeader).toBe('date');
  });
});

describe.skipIf(!existsSync(ETT))('the Jena recipe on ETTh1 (the shared stand-in for Jena)', () => {
  it('readCsvFile → StandardScaler on the training rows → timeseriesGenerator batches', async () => {
    const { StandardScaler } = await import('../../src/preprocessing/scalers.ts');
    const { timeseriesGenerator } = await import('../../src/preprocessing/timeseries.ts');
    const { rows, header } = readCsvFile(ETT);
    const scaler = new StandardScaler().fit(rows, { endRow: 10000 });
    const data = scaler.transform(rows);
    const ot = header.indexOf('OT');
    const gen = timeseriesGenerator(data, {
      lookback: 240,
      step: 6,
      delay: 24,
      minIndex: 0,
      maxIndex: 10000,
      shuffle: true,
      batchSize: 32,
      targetColumn: ot,
    });
    const [x, y] = gen.nextBatch();
    expect(x.shape).toEqual([32, 40, 7]);
    expect(y.shape).toEqual([32]);
    // Training rows are standardised: column means ≈ 0.
    const means = new Float64Array(7);
    const v = data.dataSync();
    for (let r = 0; r < 10000; r++) for (let f = 0; f < 7; f++) means[f] += v[r * 7 + f]! / 10000;
    for (const m of means) expect(Math.abs(m)).toBeLessThan(1e-4);
  });
});
