// Seeded property tests of the CSV/TSV readers: whatever fields are written (quotes, delimiters,
// line breaks, CR, Hangul, emoji), with LF, CRLF or CR line ends, they read back unchanged; numbers
// read back as float32 with NA where written; arbitrary text is read or rejected with an Error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/preprocessing/csv.ts';
import { readTable } from '../../src/preprocessing/table-read.ts';

const SEED = 16;
const alphabet = fc.constantFrom('a', 'Z', '7', ' ', ',', ';', '"', '\n', '\r', '\t', '\\', '가', '힣', '😀', '.', '-', 'é');
const field = fc.array(alphabet, { maxLength: 8 }).map((cs) => cs.join(''));

function writeCsv(rows: string[][], delimiter: string, newline: string, quoteAll: boolean[]): string {
  const quote = (f: string, k: number): string => {
    const needs = f === '' || f.includes(delimiter) || /["\r\n]/.test(f) || f.trim() !== f || quoteAll[k % quoteAll.length];
    return needs ? `"${f.replaceAll('"', '""')}"` : f;
  };
  return rows.map((r) => r.map(quote).join(delimiter)).join(newline) + newline;
}

describe('CSV fuzz (seeded)', () => {
  it('text fields round-trip through RFC 4180 with LF, CRLF or CR line ends', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((width) =>
            fc.tuple(fc.constant(width), fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 })),
          ),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.constantFrom(',', ';', '\t'),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
        ([width, rows], newline, delimiter, quoteAll) => {
          const names = Array.from({ length: width }, (_, k) => `c${k}`);
          const text = writeCsv([names, ...rows], delimiter, newline, quoteAll);
          const columns = Object.fromEntries(names.map((n) => [n, 'text' as const]));
          const t = readTable(text, { delimiter, naValues: [], columns, quoting: true });
          expect(t.rows).toBe(rows.length);
          names.forEach((n, k) => expect(t.strings(n)).toEqual(rows.map((r) => r[k])));
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('numbers read back as float32, NA where written', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.oneof(fc.double({ noNaN: true, min: -1e30, max: 1e30 }), fc.constant(null)), { minLength: 3, maxLength: 3 }), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.constantFrom('\n', '\r\n', '\r'),
        (rows, newline) => {
          const text = ['a,b,c', ...rows.map((r) => r.map((v) => (v === null ? 'NA' : String(v))).join(','))].join(newline) + newline;
          const expected = rows.flat().map((v) => (v === null ? NaN : Math.fround(v)));
          expect(Array.from(readCsv(text, { missing: NaN }).rows.dataSync())).toEqual(expected);
          const t = readTable(text);
          expect(Array.from(t.numbers('b'))).toEqual(rows.map((r) => (r[1] === null ? NaN : Math.fround(r[1]!))));
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('arbitrary text is read or rejected with an Error, never a crash or a hang', () => {
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 60 }).map((cs) => `h1,h2\n${cs.join('')}`),
        (text) => {
          for (const read of [() => readTable(text), () => readCsv(text, { missing: NaN })]) {
            try {
              read();
            } catch (e) {
              expect(e).toBeInstanceOf(Error);
              expect((e as Error).message).toMatch(/line \d+|not usable|empty/);
            }
          }
        },
      ),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
