// Numeric CSV with a header (Jena climate, Samsung stock, ETT, …) → a float32 matrix Tensor.
// Browser-safe: takes the text; csv-node.ts reads (gzipped) files. A small RFC 4180 reader
// (quoted fields, "" escapes, CRLF) rather than a library, so every error can name its line and
// column and the 420k-row Jena file parses straight into one typed array.

import { Tensor } from '../tensor.ts';

export interface ReadCsvOptions {
  /** Numeric columns to keep, by header name or index (default: every column except the date column). */
  columns?: readonly (string | number)[];
  /**
   * A text column returned as strings in `dates` (e.g. "01.01.2009 00:10:00"). Default: the first
   * column when its first value is not a number; null: none.
   */
  dateColumn?: string | number | null;
  /** Value for empty fields (e.g. NaN or 0). Default: an empty field is an error. */
  missing?: number;
  /** Field separator (default ','). */
  delimiter?: string;
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
const SPECIAL: Record<string, number> = { nan: NaN, '+nan': NaN, '-nan': NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity };

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

/** Splits CSV text into records of fields, with the 1-based line each record starts on. */
function* records(text: string, delimiter: string): Generator<[string[], number]> {
  let line = 1;
  let pos = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) pos = 1; // BOM
  while (pos < n) {
    const startLine = line;
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    let raw = text.slice(pos, end);
    if (!raw.includes('"')) {
      if (raw.endsWith('\r')) raw = raw.slice(0, -1);
      pos = end + 1;
      line++;
      if (raw.trim() !== '') yield [raw.split(delimiter), startLine];
      continue;
    }
    // Quoted fields: scan character by character (a quoted field may hold delimiters or newlines).
    const fields: string[] = [];
    let field = '';
    let i = pos;
    let quoted = false;
    for (;;) {
      if (i >= n) {
        if (quoted) throw new Error(`readCsv: line ${startLine}: a quoted field is not closed`);
        fields.push(field);
        pos = n;
        break;
      }
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (c === '\n') line++;
          field += c;
          i++;
        }
      } else if (c === '"' && field.trim() === '') {
        quoted = true;
        field = '';
        i++;
      } else if (text.startsWith(delimiter, i)) {
        fields.push(field);
        field = '';
        i += delimiter.length;
      } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
        fields.push(field);
        pos = i + (c === '\r' ? 2 : 1);
        break;
      } else {
        field += c;
        i++;
      }
    }
    line++;
    if (!(fields.length === 1 && fields[0]!.trim() === '')) yield [fields, startLine];
  }
}

/**
 * Reads a numeric CSV with a header line. `readCsv(text)` on the Jena file gives header = the 14
 * measurement names, rows = Tensor [420551, 14], dates = the "Date Time" strings. Errors name the
 * line and column: "readCsv: line 12, column 'T (degC)': 'abc' is not a number".
 */
export function readCsv(text: string, options: ReadCsvOptions = {}): CsvTable {
  if (typeof text !== 'string') throw new Error(`readCsv: expected the CSV text as a string, got ${text === null ? 'null' : typeof text}`);
  const delimiter = options.delimiter ?? ',';
  if (delimiter === '' || delimiter.includes('"') || delimiter.includes('\n')) throw new Error(`readCsv: delimiter ${JSON.stringify(delimiter)} is not usable`);
  const it = records(text, delimiter);
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
    // Auto: the first column is a date column when its first value is not a number.
    const second = it.next();
    if (!second.done) pending.push(second.value);
    dateIndex = !second.done && parseNumber(second.value[0][0] ?? '') === undefined && (second.value[0][0] ?? '').trim() !== '' ? 0 : null;
  }
  const selected = options.columns ? options.columns.map((c) => columnIndex(c, 'column')) : allNames.map((_, i) => i).filter((i) => i !== dateIndex);
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
        if (field.trim() === '' && options.missing !== undefined) v = options.missing;
        else if (field.trim() === '') throw new Error(`readCsv: line ${line}, column '${allNames[selected[k]!]}' is empty (pass { missing: NaN } to accept empty fields, or leave the column out with { columns })`);
        else throw new Error(`readCsv: line ${line}, column '${allNames[selected[k]!]}': '${field}' is not a number`);
      }
      values[count * F + k] = v;
    }
    if (dates) dates.push(fields[dateIndex!]!.trim());
    count++;
  };
  for (const record of pending) take(record);
  for (const record of it) take(record);
  const table: CsvTable = { header: selected.map((i) => allNames[i]!), rows: new Tensor(values.slice(0, count * F), [count, F]) };
  if (dates) {
    table.dates = dates;
    table.dateHeader = allNames[dateIndex!]!;
  }
  return table;
}
