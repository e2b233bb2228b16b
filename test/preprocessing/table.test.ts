// readTable and Table: the pandas steps users take between their file and a tensor.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readTable, parseDate } from '../../src/preprocessing/table-read.ts';
import { Table } from '../../src/preprocessing/table.ts';

const WEATHER = `date,temp,wind,note
2024-01-01 00:00:00,1.5,NE,"calm, clear"
2024-01-01 01:00:00,NA,SW,
2024-01-01 02:00:00,2.5,NA,"said ""windy"""
2024-01-01 03:00:00,,NE,x
2024-01-01 04:00:00,4.5,cv,y
`;

describe('readTable', () => {
  const t = readTable(WEATHER, { columns: { date: 'date', wind: 'category' } });
  it('reads named columns of four kinds; NA and empty fields are missing', () => {
    expect(t.names).toEqual(['date', 'temp', 'wind', 'note']);
    expect(t.rows).toBe(5);
    expect(Array.from(t.numbers('temp'))).toEqual([1.5, NaN, 2.5, NaN, 4.5]);
    expect(t.category('wind').labels).toEqual(['NE', 'SW', 'cv']);
    expect(Array.from(t.category('wind').codes)).toEqual([0, 1, -1, 0, 2]);
    expect(t.strings('note')).toEqual(['calm, clear', null, 'said "windy"', 'x', 'y']);
    const date = t.column('date');
    expect(date.kind === 'date' && date.time[1]! - date.time[0]!).toBe(3600_000);
    expect(t.naCounts()).toEqual({ date: 0, temp: 2, wind: 1, note: 1 });
  });
  it('dropNa, fillForward, interpolate as pandas', () => {
    expect(t.dropNa(['temp']).rows).toBe(3);
    expect(t.dropNa().strings('note')).toEqual(['calm, clear', 'y']);
    expect(Array.from(t.fillForward(['temp']).numbers('temp'))).toEqual([1.5, 1.5, 2.5, 2.5, 4.5]);
    expect(t.fillForward(['wind']).strings('wind')).toEqual(['NE', 'SW', 'SW', 'NE', 'cv']);
    expect(Array.from(t.interpolate().numbers('temp'))).toEqual([1.5, 2, 2.5, 3.5, 4.5]);
    const edges = new Table({ x: { kind: 'number', values: Float32Array.from([NaN, 1, NaN, 3, NaN]) } });
    expect(Array.from(edges.interpolate().numbers('x'))).toEqual([NaN, 1, 2, 3, 3]);
  });
  it('oneHot (get_dummies columns) and labelEncode, then toTensor', () => {
    const x = t.interpolate().fillForward(['wind']).oneHot('wind').select(['temp', 'wind_NE', 'wind_SW', 'wind_cv']);
    expect(x.toTensor().toArray()).toEqual([
      [1.5, 1, 0, 0],
      [2, 0, 1, 0],
      [2.5, 0, 1, 0],
      [3.5, 1, 0, 0],
      [4.5, 0, 0, 1],
    ]);
    expect(Array.from(t.labelEncode('wind').numbers('wind'))).toEqual([0, 1, NaN, 0, 2]);
    expect(t.fillForward(['wind']).toTensor(['wind'], { flat: true, dtype: 'int32' }).dataSync()).toEqual(Int32Array.from([0, 1, 1, 0, 2]));
  });
  it('toTensor names the line of a missing value and refuses text', () => {
    expect(() => t.toTensor(['temp'])).toThrow(
      "Table.toTensor (text): column 'temp' is missing at line 3 (row 1); use dropNa, fillForward or interpolate first",
    );
    expect(() => t.toTensor(['note'])).toThrow("column 'note' is text");
    expect(() => t.column('nope')).toThrow("no column 'nope' (columns: 'date', 'temp', 'wind', 'note')");
  });
  it('infers number vs text; select and naValues options; TSV by header', () => {
    const u = readTable('id\tname\tscore\n1\tkim\t-\n2\tlee\t3\n', { naValues: ['-'], select: ['score', 'name'] });
    expect(u.names).toEqual(['score', 'name']);
    expect(u.column('name').kind).toBe('text');
    expect(Array.from(u.numbers('score'))).toEqual([NaN, 3]);
  });
  it('TSV quotes are text by default (no silent merging of lines); { quoting: true } for Excel TSVs', () => {
    const tsv = 'text\tlabel\n"그래" 하고\t1\n"열린 따옴표\t0\n끝\t1\n';
    expect(readTable(tsv).strings('text')).toEqual(['"그래" 하고', '"열린 따옴표', '끝']);
    expect(readTable('a\tb\n"x\ty"\t1\n', { quoting: true }).strings('a')).toEqual(['x\ty']);
  });
  it('errors name line and column', () => {
    expect(() => readTable('a,b\n1,2\n3,x\n', { columns: { b: 'number' } })).toThrow("text: line 3, column 'b': 'x' is not a number");
    expect(() => readTable('a,b\n1,2\n3\n')).toThrow('text: line 3 has 1 fields, the header has 2');
    expect(() => readTable('a,b\n')).toThrow('no data rows after the header (line 1)');
    expect(() => readTable('d\n2024-13-01\n', { columns: { d: 'date' } })).toThrow("line 2, column 'd': '2024-13-01' is not a date");
    expect(() => readTable('a\n1\n', { columns: { z: 'number' } })).toThrow("columns: 'z' is not in the header");
    expect(() => readTable('/no/such/file.csv')).toThrow('/no/such/file.csv: no such file');
  });
  it('reads a gzipped .tsv path (tab by name, escapes on request) and bytes; invalid UTF-8 names the line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sunhwan-table-'));
    const path = join(dir, 'reviews.tsv.gz');
    writeFileSync(path, gzipSync(Buffer.from('label\ttext\n1\tline one\\nline two\n0\tok\n')));
    expect(readTable(path, { tsvEscapes: true }).strings('text')).toEqual(['line one\nline two', 'ok']);
    expect(readTable(new Uint8Array(Buffer.from('a,b\n1,x\n'))).strings('b')).toEqual(['x']);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, new Uint8Array([...Buffer.from('a\n1\n'), 0xff, 0x0a]));
    expect(() => readTable(bad)).toThrow(`${bad}: line 3 (byte 4) is not valid UTF-8 (0xff)`);
    expect(readTable(bad, { encoding: 'latin1' }).rows).toBe(2);
  });
  it('parseDate reads ISO and Jena dates as UTC', () => {
    expect(parseDate('2016-07-01 13:00:00')).toBe(Date.UTC(2016, 6, 1, 13));
    expect(parseDate('01.01.2009 00:10:00')).toBe(Date.UTC(2009, 0, 1, 0, 10));
    expect(parseDate('2021-02-30')).toBeUndefined();
  });
  it('take, slice, filter keep the source lines', () => {
    const s = t.slice(-2);
    expect(Array.from(s.lines)).toEqual([5, 6]);
    expect(t.filter((r) => r % 2 === 0).strings('note')).toEqual(['calm, clear', 'said "windy"', 'y']);
    expect(t.head(2).split('\n')[0]).toMatch(/^date\s+temp\s+wind\s+note$/);
  });
});
