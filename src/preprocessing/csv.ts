// Numeric CSV with a header (Jena climate, Samsung stock, ETT, …) → a float32 matrix Tensor.
// Browser-safe: takes the text; csv-node.ts reads (gzipped) files. Records come from
// csv-records.ts (RFC 4180, CR/LF/CRLF); values go straight into one typed array, so the
// 420k-row Jena file needs no array of strings per row. For mixed columns use readTable.

import { Tensor } from '../tensor.ts';
import { DEFAULT_NA_VALUES, records } from './csv-records.ts';

export interface ReadCsvOptions {
  /** Numeric columns to keep, by header name or index (default: every column except the date column). */
  columns?: readonly (string | number)[];
  /**
   * A text column returned as strings in `dates` (e.g. "01.01.2009 00:10:00"). Default: the first
   * column when its first value is not a number; null: none.
   */
  dateColumn?: string | number | null;
  /** Value for missing fields (e.g. NaN or 0): empty fields and `naValues`. Default: a missing field is an error. */
  missing?: number;
  /** Fields that count as missing when `missing` is given (default pandas' list: '', 'NA', 'N/A', 'NaN', 'null', …). */
  naValues?: readonly string[];
  /** Field separator (default ','). */
  delimiter?: string;
  /** Undo the TSV backslash escapes \t \n \r \\ in fields (default false). */
  tsvEscapes?: boolean;
}

export interface CsvTable {
  /** Names of the numeric columns, in output order. */
  header: string[];
  /** [rows, header.length] float32. */
  rows: Tensor;
  /** The date column's values, one per row (when there is a date column). */
  dates?: string[];
  /** The date column's name. */
  dateHeader?: string;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL: Record<string, number> = {
  nan: NaN,
  '+nan': NaN,
  '-nan': NaN,
  inf: Infinity,
  '+inf': Infinity,
  '-inf': -Infinity,
  infinity: Infinity,
  '+infinity': Infinity,
  '-infinity': -Infinity,
};

/** Parses one field as pandas would a float column: decimals, exponents, nan/inf; undefined if not a number. */
export function parseNumber(field: string): number | undefined {
  // Fast path for plain decimals (JS Number() also takes hex, binary, octal and '' → 0, hence the checks).
  const quick = Number(field);
  if (quick === quick && field.length > 0 && field.length < 32 && !/[xXbBoOI_ ]|^\s|\s$/.test(field)) return quick;
  const s = field.trim();
  if (NUMBER.test(s)) return Number(s);
  const special = SPECIAL[s.toLowerCase()];
  return special;
}

/**
 * Reads a numeric CSV with a header line. `readCsv(text)` on the Jena file gives header = the 14
 * measurement names, rows = Tensor [420551, 14], dates = the "Date Time" strings. Errors name the
 * line and column: "readCsv: line 12, column 'T (degC)': 'abc' is not a number".
 */
export function readCsv(text: string, options: ReadCsvOptions = {}): CsvTable {
  if (typeof text !== 'string') throw new Error(`readCsv: expected the CSV text as a string, got ${text === null ? 'null' : typeof text}`);
  const it = records(text, { delimiter: options.delimiter ?? ',', tsvEscapes: options.tsvEscapes, where: 'readCsv' });
  const naValues = new Set(options.naValues ?? DEFAULT_NA_VALUES);
  const first = it.next();
  if (first.done) throw new Error('readCsv: the text is empty (expected a header line)');
  const allNames = first.value[0].map((h) => h.trim());
  const width = allNames.length;
  const columnIndex = (c: string | number, what: string): number => {
    if (typeof c === 'number') {
      if (!Number.isInteger(c) || c < 0 || c >= width) throw new Error(`readCsv: ${what} ${c} is outside the ${width} columns`);
      return c;
    }
    const i = allNames.indexOf(c);
    if (i < 0) throw new Error(`readCsv: ${what} '${c}' is not in the header (${allNames.map((h) => `'${h}'`).join(', ')})`);
    return i;
  };

  const pending: [string[], number][] = [];
  let dateIndex: number | null;
  if (options.dateColumn === null) dateIndex = null;
  else if (options.dateColumn !== undefined) dateIndex = columnIndex(options.dateColumn, 'dateColumn');
  else {
    // Auto: the first column is a date column when its first value is not a number (nor missing).
    const second = it.next();
    if (!second.done) pending.push(second.value);
    const firstValue = (second.done ? '' : (second.value[0][0] ?? '')).trim();
    dateIndex = firstValue !== '' && !naValues.has(firstValue) && parseNumber(firstValue) === undefined ? 0 : null;
  }
  const selected = options.columns
    ? options.columns.map((c) => columnIndex(c, 'column'))
    : allNames.map((_, i) => i).filter((i) => i !== dateIndex);
  if (selected.length === 0) throw new Error('readCsv: no numeric columns selected');
  const F = selected.length;

  let values = new Float32Array(F * 1024);
  let count = 0;
  const dates: string[] | undefined = dateIndex === null ? undefined : [];
  const take = ([fields, line]: [string[], number]): void => {
    if (fields.length !== width) throw new Error(`readCsv: line ${line} has ${fields.length} fields, the header has ${width}`);
    if ((count + 1) * F > values.length) {
      const grown = new Float32Array(values.length * 2);
      grown.set(values);
      values = grown;
    }
    for (let k = 0; k < F; k++) {
      const field = fields[selected[k]!]!;
      let v = parseNumber(field);
      if (v === undefined) {
        const na = field.trim() === '' || naValues.has(field.trim());
        if (na && options.missing !== undefined) v = options.missing;
        else if (field.trim() === '')
          throw new Error(
            `readCsv: line ${line}, column '${allNames[selected[k]!]}' is empty (pass { missing: NaN } to accept missing fields, or leave the column out with { columns })`,
          );
        else if (na)
          throw new Error(
            `readCsv: line ${line}, column '${allNames[selected[k]!]}': '${field}' is a missing value (pass { missing: NaN } to accept it, or leave the column out with { columns })`,
          );
        else
          throw new Error(
            `readCsv: line ${line}, column '${allNames[selected[k]!]}': '${field}' is not a number (for text or category columns use readTable)`,
          );
      }
      values[count * F + k] = v;
    }
    if (dates) dates.push(fields[dateIndex!]!.trim());
    count++;
  };
  for (const record of pending) take(record);
  for (const record of it) take(record);
  if (count === 0) throw new Error(`readCsv: no data rows after the header (line ${first.value[1]})`);
  const table: CsvTable = { header: selected.map((i) => allNames[i]!), rows: new Tensor(values.slice(0, count * F), [count, F]) };
  if (dates) {
    table.dates = dates;
    table.dateHeader = allNames[dateIndex!]!;
  }
  return table;
}
