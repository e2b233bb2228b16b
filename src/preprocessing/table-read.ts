// readTable: a CSV/TSV file or text → Table (pandas read_csv for the files users bring).
// A string with no line break is a path (read in Node, gzip-aware); a Uint8Array is the file's
// bytes; anything else is the text itself.

import { parseNumber } from './csv.ts';
import { DEFAULT_NA_VALUES, records } from './csv-records.ts';
import { Table, type Column, type ColumnKind } from './table.ts';
import { decodeText, readFileText } from './text-bytes.ts';

export interface ReadTableOptions {
  /** Field separator. Default: '\t' for a .tsv/.tsv.gz path or a header with tabs and no commas, else ','. */
  delimiter?: string;
  /** Fields read as missing (default pandas' list: '', 'NA', 'N/A', 'NaN', 'null', 'None', …). */
  naValues?: readonly string[];
  /**
   * Kinds by column name. Unnamed columns are 'number' when every present value is a number,
   * else 'text'. 'category' gives codes and sorted labels; 'date' parses ISO dates
   * (2016-07-01 00:00:00) and Jena's 01.01.2009 00:10:00, as UTC.
   */
  columns?: Record<string, ColumnKind>;
  /** Keep only these columns (in this order). */
  select?: readonly string[];
  /** Undo TSV backslash escapes \t \n \r \\ (the shared data's .tsv files). Default false. */
  tsvEscapes?: boolean;
  /**
   * Whether '"' starts a quoted field (RFC 4180). Default: true for CSV, false for TSV, where a
   * quote is usually text (`"그래" 하고`) and quoting would silently merge lines.
   */
  quoting?: boolean;
  /** 'latin1' for files that are not UTF-8 (default 'utf8': invalid bytes are an error). */
  encoding?: 'utf8' | 'latin1';
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z)?$/;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** A date field → ms since 1970 UTC, or undefined when the format is not recognised. */
export function parseDate(text: string): number | undefined {
  const s = text.trim();
  let m = ISO.exec(s);
  let parts: (string | undefined)[] | null = m ? [m[1], m[2], m[3], m[4], m[5], m[6]] : null;
  const frac = m?.[7] ? Number(m[7]) * 1000 : 0;
  if (!parts) {
    m = DOTTED.exec(s);
    if (m) parts = [m[3], m[2], m[1], m[4], m[5], m[6]];
  }
  if (!parts) return undefined;
  const [y, mo, d, h, mi, se] = parts.map((p) => Number(p ?? 0)) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return undefined;
  const t = Date.UTC(y, mo - 1, d, h, mi, se) + frac;
  return new Date(t).getUTCDate() === d ? t : undefined;
}

function sourceText(input: string | Uint8Array, encoding: 'utf8' | 'latin1'): [string, string] {
  if (input instanceof Uint8Array) return [decodeText(input, 'bytes', encoding), 'bytes'];
  if (typeof input !== 'string')
    throw new Error(`readTable: expected a path, the text or the bytes of a CSV, got ${input === null ? 'null' : typeof input}`);
  if (!/[\r\n]/.test(input) && input.length < 4096) return [readFileText(input, encoding), input];
  return [input, 'text'];
}

/**
 * Reads a CSV or TSV with a header line into a Table:
 *
 *     const t = readTable('pollution.csv', { columns: { date: 'date', wind: 'category' } });
 *     const x = t.interpolate().oneHot('wind').drop(['date']).toTensor();
 *
 * Errors name the file, line and column: "pollution.csv: line 12, column 'pm2.5': 'abc' is not a
 * number". A file with a header but no rows is an error.
 */
export function readTable(input: string | Uint8Array, options: ReadTableOptions = {}): Table {
  const [text, source] = sourceText(input, options.encoding ?? 'utf8');
  try {
    return parseTable(text, source, options);
  } catch (e) {
    throw new Error(`${source}: ${(e as Error).message}`);
  }
}

function parseTable(text: string, source: string, options: ReadTableOptions): Table {
  const headerEnd = text.search(/[\r\n]/);
  const firstLine = text.slice(0, headerEnd < 0 ? text.length : headerEnd);
  const delimiter =
    options.delimiter ?? (/\.tsv(\.gz)?$/i.test(source) || (firstLine.includes('\t') && !firstLine.includes(',')) ? '\t' : ',');
  const it = records(text, {
    delimiter,
    tsvEscapes: options.tsvEscapes,
    quoting: options.quoting ?? delimiter !== '\t',
    where: 'readTable',
  });
  const first = it.next();
  if (first.done) throw new Error('the text is empty (expected a header line)');
  const names = first.value[0].map((h) => h.trim());
  const width = names.length;
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) throw new Error(`line ${first.value[1]}: column name '${n}' appears twice in the header`);
  });
  const kinds = options.columns ?? {};
  for (const n of Object.keys(kinds)) {
    if (!names.includes(n)) throw new Error(`columns: '${n}' is not in the header (${names.map((h) => `'${h}'`).join(', ')})`);
    if (!['number', 'category', 'text', 'date'].includes(kinds[n]!))
      throw new Error(`columns: '${n}' has kind '${kinds[n]}' (expected 'number', 'category', 'text' or 'date')`);
  }
  for (const n of options.select ?? [])
    if (!names.includes(n)) throw new Error(`select: '${n}' is not in the header (${names.map((h) => `'${h}'`).join(', ')})`);
  const kept = (options.select ?? names).map((n) => names.indexOf(n));
  const na = new Set(options.naValues ?? DEFAULT_NA_VALUES);

  // Pass 1: the fields of the kept columns, column by column.
  const fields: (string | null)[][] = kept.map(() => []);
  const lines: number[] = [];
  for (const [row, line] of it) {
    if (row.length !== width)
      throw new Error(
        `line ${line} has ${row.length} fields, the header has ${width}${row.length === 1 && width > 1 ? ` (is the delimiter ${JSON.stringify(delimiter)} right?)` : ''}`,
      );
    for (let k = 0; k < kept.length; k++) {
      const f = row[kept[k]!]!;
      fields[k]!.push(na.has(f) || na.has(f.trim()) ? null : f);
    }
    lines.push(line);
  }
  if (lines.length === 0) throw new Error(`no data rows after the header (line ${first.value[1]})`);

  // Pass 2: typed columns.
  const columns: [string, Column][] = kept.map((i, k) => {
    const name = names[i]!;
    const values = fields[k]!;
    const at = (r: number): string => `line ${lines[r]}, column '${name}'`;
    let kind = kinds[name];
    if (kind === undefined) kind = values.every((v) => v === null || parseNumber(v) !== undefined) ? 'number' : 'text';
    switch (kind) {
      case 'number': {
        const out = new Float32Array(values.length);
        for (let r = 0; r < values.length; r++) {
          const v = values[r];
          if (v === null) out[r] = NaN;
          else {
            const x = parseNumber(v);
            if (x === undefined)
              throw new Error(
                `${at(r)}: '${v}' is not a number (add it to naValues if it means missing, or read the column as 'category' or 'text')`,
              );
            out[r] = x;
          }
        }
        return [name, { kind: 'number', values: out }];
      }
      case 'category': {
        const trimmed = values.map((v) => (v === null ? null : v.trim()));
        const labels = [...new Set(trimmed.filter((v): v is string => v !== null))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const code = new Map(labels.map((l, c) => [l, c]));
        return [name, { kind: 'category', codes: Int32Array.from(trimmed, (v) => (v === null ? -1 : code.get(v)!)), labels }];
      }
      case 'date': {
        const time = new Float64Array(values.length);
        values.forEach((v, r) => {
          if (v === null) time[r] = NaN;
          else {
            const t = parseDate(v);
            if (t === undefined)
              throw new Error(
                `${at(r)}: '${v}' is not a date (expected 2016-07-01, 2016-07-01 13:00:00 or 01.07.2016 13:00:00; read it as 'text' otherwise)`,
              );
            time[r] = t;
          }
        });
        return [name, { kind: 'date', values: values.map((v) => (v === null ? null : v.trim())), time }];
      }
      case 'text':
        return [name, { kind: 'text', values }];
    }
  });
  return new Table(columns, { lines: Int32Array.from(lines), source });
}
