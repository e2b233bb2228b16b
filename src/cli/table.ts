// Small tables the command line reads: CSV (RFC 4180, quoted fields) and TSV files with a header
// row, as strings; numeric columns are converted by the caller.
import { readFileSync } from 'node:fs';
import { parseCsv } from '../datasets/sms-spam.ts';

export interface TextTable {
  header: string[];
  rows: string[][];
}

export function readTable(path: string): TextTable {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const records = /\.tsv$/i.test(path)
    ? text
        .split(/\r?\n/)
        .filter((l) => l.length > 0)
        .map((l) => l.split('\t'))
    : parseCsv(text, path).filter((r) => !(r.length === 1 && r[0] === ''));
  const header = records[0];
  if (!header) throw new Error(`${path} is empty; expected a header row and data rows`);
  const rows = records.slice(1);
  rows.forEach((r, i) => {
    if (r.length !== header.length)
      throw new Error(`${path}:${i + 2}: ${r.length} fields, but the header has ${header.length} (${header.join(', ')})`);
  });
  if (rows.length === 0) throw new Error(`${path} has a header but no data rows`);
  return { header, rows };
}

/** The index of a column given by name (or 0-based number), with an error listing the header. */
export function columnIndex(table: TextTable, column: string | number, path: string, what = 'column'): number {
  const i = typeof column === 'number' ? column : table.header.indexOf(column);
  if (!Number.isInteger(i) || i < 0 || i >= table.header.length)
    throw new Error(`${path}: no ${what} ${JSON.stringify(column)} (columns: ${table.header.join(', ')})`);
  return i;
}

/** A column as numbers, naming the row of a value that is not one. */
export function numericColumn(table: TextTable, index: number, path: string): Float32Array {
  const out = new Float32Array(table.rows.length);
  table.rows.forEach((r, i) => {
    const field = r[index]!.trim();
    const v = Number(field);
    if (field === '' || !Number.isFinite(v))
      throw new Error(`${path}:${i + 2}: column '${table.header[index]}' holds '${r[index]}', not a number`);
    out[i] = v;
  });
  return out;
}
