import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/preprocessing/csv.ts';
import { readTable } from '../../src/preprocessing/table-read.ts';
import { csvField, openOutput, scanRecords, type ReviewRow } from '../../src/collect/csv-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'sunhwan-collect-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows: ReviewRow[] = [
  { score: 50, text: '국물이 "정말" 시원해요,\n해장에 최고', page: 1, url: 'http://127.0.0.1/a', key: 'review_1' },
  { score: '', text: '별점이 없는 리뷰', page: 1, url: 'http://127.0.0.1/a', key: 'review_2' },
  { score: 10, text: '짜요\r\n\n너무 짜요', page: 2, url: 'http://127.0.0.1/b?x=1,2', key: 'sha1:abc' },
];

describe('collect CSV file', () => {
  it('quotes fields as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(50)).toBe('50');
  });

  it('writes a header and whole records that readCsv and the scanner read back', () => {
    const path = join(dir, 'roundtrip.csv');
    const out = openOutput(path);
    out.append(rows);
    out.close();
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('score,text,page,url,key\n')).toBe(true);
    const { records, completeBytes } = scanRecords(readFileSync(path));
    expect(completeBytes).toBe(Buffer.byteLength(text));
    expect(records.map((r) => r.fields)).toEqual([
      ['score', 'text', 'page', 'url', 'key'],
      ...rows.map((r) => [String(r.score), r.text, String(r.page), r.url, r.key]),
    ]);
    // readCsv takes the scores as numbers (empty → NaN) and the texts through its string column.
    const table = readCsv(text, { columns: ['score', 'page'], dateColumn: 'text', missing: NaN });
    expect(Array.from(table.rows.dataSync())).toEqual([50, 1, NaN, 1, 10, 2]);
    expect(table.dates).toEqual(rows.map((r) => r.text.trim()));
    // readTable keeps the text exactly (line breaks, quotes) and reads the empty score as missing.
    const t = readTable(text);
    expect(Array.from(t.numbers('score'))).toEqual([50, NaN, 10]);
    expect(t.strings('text')).toEqual(rows.map((r) => r.text));
    expect(t.strings('key')).toEqual(['review_1', 'review_2', 'sha1:abc']);
  });

  it('reopening reads the keys and appends after them', () => {
    const path = join(dir, 'reopen.csv');
    const first = openOutput(path);
    first.append(rows.slice(0, 2));
    first.close();
    const second = openOutput(path);
    expect(second.rows).toBe(2);
    expect([...second.keys]).toEqual(['review_1', 'review_2']);
    second.append(rows.slice(2));
    second.close();
    expect(scanRecords(readFileSync(path)).records.length).toBe(4);
  });

  it('cuts off a torn last record (a killed write) and keeps every complete one', () => {
    const path = join(dir, 'torn.csv');
    const out = openOutput(path);
    out.append(rows.slice(0, 2));
    out.close();
    const clean = readFileSync(path);
    // Torn inside a quoted field that spans lines, and torn just before the line end.
    for (const tail of ['10,"짜요\n너무', '10,짜요,2,http://x,key3']) {
      writeFileSync(path, clean);
      appendFileSync(path, tail);
      const again = openOutput(path);
      expect(again.droppedBytes).toBe(Buffer.byteLength(tail));
      expect(again.rows).toBe(2);
      again.append(rows.slice(2));
      again.close();
      expect(readFileSync(path, 'utf8')).toBe(clean.toString('utf8') + '10,"짜요\r\n\n너무 짜요",2,"http://127.0.0.1/b?x=1,2",sha1:abc\n');
    }
  });

  it('refuses a file it did not write, without touching it', () => {
    const path = join(dir, 'other.csv');
    writeFileSync(path, 'label,sentence\n1,hello\n');
    expect(() => openOutput(path)).toThrow(/header is 'label,sentence'.*choose another output file/);
    writeFileSync(path, 'no header at all');
    expect(() => openOutput(path)).toThrow(/not a file this collector wrote/);
    expect(readFileSync(path, 'utf8')).toBe('no header at all');
  });

  it('starts afresh on an empty file or a torn header', () => {
    const path = join(dir, 'torn-header.csv');
    writeFileSync(path, 'score,te');
    openOutput(path).close();
    expect(readFileSync(path, 'utf8')).toBe('score,text,page,url,key\n');
  });
});
