// readCsv / readCsvFile edge cases a user's own files bring: NA strings, CR-only line ends,
// header-only files, invalid UTF-8, gzip, TSV escapes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/preprocessing/csv.ts';
import { readCsvFile, readTextFile } from '../../src/io/node.ts';
import { findInvalidUtf8 } from '../../src/preprocessing/text-bytes.ts';

const dir = mkdtempSync(join(tmpdir(), 'sunhwan-csv-'));
const file = (name: string, content: string | Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('readCsv NA handling', () => {
  it("{ missing: NaN } accepts 'NA' and pandas' other NA strings", () => {
    const t = readCsv('a,b\n1,NA\n2,\n3,N/A\n4,null\n', { missing: NaN });
    expect(Array.from(t.rows.dataSync())).toEqual([1, NaN, 2, NaN, 3, NaN, 4, NaN]);
    expect(readCsv('a,b\n1,-\n', { missing: -1, naValues: ['-'] }).rows.toArray()).toEqual([[1, -1]]);
  });
  it('without { missing } an NA field is an error that names it and the option', () => {
    expect(() => readCsv('a,b\n1,NA\n')).toThrow(
      "readCsv: line 2, column 'b': 'NA' is a missing value (pass { missing: NaN } to accept it",
    );
    expect(() => readCsv('a,b\n1,x\n', { missing: NaN })).toThrow(
      "line 2, column 'b': 'x' is not a number (for text or category columns use readTable)",
    );
  });
});

describe('line ends and empty files', () => {
  it('CR-only line ends are read like LF (as pandas does), quoted line breaks included', () => {
    const t = readCsv('a,b\r1,2\r"3",4\r', {});
    expect(t.rows.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => readCsv('a,b\r1,2\r3\r')).toThrow('line 3 has 1 fields');
  });
  it('a header without rows is an error naming the file and line', () => {
    expect(() => readCsv('a,b\n')).toThrow('readCsv: no data rows after the header (line 1)');
    const path = file('header-only.csv', 'x,y\r\n');
    expect(() => readCsvFile(path)).toThrow(`${path}: readCsv: no data rows after the header (line 1)`);
  });
});

describe('files', () => {
  it('invalid UTF-8 is an error naming the file, line and byte', () => {
    const bytes = new Uint8Array([...Buffer.from('a,b\n1,2\n3,'), 0xe9, ...Buffer.from('\n')]);
    const path = file('latin1.csv', bytes);
    expect(() => readCsvFile(path)).toThrow(`${path}: line 3 (byte 10) is not valid UTF-8 (0xe9)`);
    expect(readTextFile(path, { encoding: 'latin1' })).toBe('a,b\n1,2\n3,é\n');
  });
  it('findInvalidUtf8 accepts all valid sequences and rejects overlongs, surrogates and truncation', () => {
    expect(findInvalidUtf8(Buffer.from('한국어 😀 é\n'))).toBeNull();
    expect(findInvalidUtf8(new Uint8Array([0x41, 0xc0, 0x80]))).toEqual({ line: 1, offset: 1 });
    expect(findInvalidUtf8(new Uint8Array([0x0a, 0xed, 0xa0, 0x80]))).toEqual({ line: 2, offset: 1 });
    expect(findInvalidUtf8(new Uint8Array([0xe2, 0x82]))).toEqual({ line: 1, offset: 0 });
  });
  it('gzip files are decompressed, whatever their name', () => {
    const path = file('plain-name.csv', gzipSync(Buffer.from('a,b\n1,2\n')));
    expect(readCsvFile(path).rows.toArray()).toEqual([[1, 2]]);
  });
  it('TSV escapes are undone on request', () => {
    const t = readCsv('name\tx\na\\tb\\\\c\t1\n', { delimiter: '\t', tsvEscapes: true, dateColumn: 'name' });
    expect(t.dates).toEqual(['a\tb\\c']);
  });
});
