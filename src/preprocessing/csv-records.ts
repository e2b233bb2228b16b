// The record splitter shared by readCsv and readTable: RFC 4180 (quoted fields, "" escapes, quoted
// newlines), LF, CRLF and CR-only line ends (old Mac / Excel exports; pandas reads them too), a
// BOM, and optionally the TSV backslash escapes (\t \n \r \\) of the shared data's .tsv files.
// Hand-written rather than papaparse/csv-parse: bench/csv-parsers.ts measures it 2–3× faster on a
// Jena-sized file, and it reports the line every record starts on for error messages.

export interface RecordOptions {
  /** Field separator (one or more characters, not '"' or a line end). */
  delimiter: string;
  /** Undo the TSV backslash escapes \t \n \r \\ inside fields (default false). */
  tsvEscapes?: boolean;
  /** Whether '"' starts a quoted field (RFC 4180). Default true; false: quotes are plain text. */
  quoting?: boolean;
  /** Error prefix, e.g. 'readTable'. */
  where: string;
}

const TSV_ESCAPE = /\\([\\tnr])/g;
const TSV_CHARS: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r' };
const unescapeTsv = (field: string): string => (field.includes('\\') ? field.replace(TSV_ESCAPE, (_, c: string) => TSV_CHARS[c]!) : field);

export function checkDelimiter(delimiter: string, where: string): void {
  if (
    typeof delimiter !== 'string' ||
    delimiter === '' ||
    delimiter.includes('"') ||
    delimiter.includes('\n') ||
    delimiter.includes('\r')
  ) {
    throw new Error(`${where}: delimiter ${JSON.stringify(delimiter)} is not usable (one or more characters, not a quote or a line end)`);
  }
}

/** '\n' for LF and CRLF text, '\r' when the first line end is a lone CR. */
function lineEnd(text: string): '\n' | '\r' {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  return cr >= 0 && (lf < 0 || cr < lf - 1) ? '\r' : '\n';
}

/** Splits CSV text into records of fields, with the 1-based line each record starts on. Blank lines are skipped. */
export function* records(text: string, options: RecordOptions): Generator<[string[], number]> {
  const { delimiter, where } = options;
  checkDelimiter(delimiter, where);
  const escapes = options.tsvEscapes === true;
  const nl = lineEnd(text);
  let line = 1;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (pos < n) {
    const startLine = line;
    let end = text.indexOf(nl, pos);
    if (end < 0) end = n;
    let raw = text.slice(pos, end);
    if (options.quoting === false || !raw.includes('"')) {
      if (nl === '\n' && raw.endsWith('\r')) raw = raw.slice(0, -1);
      pos = end + 1;
      line++;
      if (raw.trim() === '') continue;
      const fields = raw.split(delimiter);
      if (escapes) for (let k = 0; k < fields.length; k++) fields[k] = unescapeTsv(fields[k]!);
      yield [fields, startLine];
      continue;
    }
    // Quoted fields: scan character by character (a quoted field may hold delimiters or line ends).
    const fields: string[] = [];
    let field = '';
    let i = pos;
    let quoted = false;
    let wasQuoted = false;
    let anyQuoted = false; // a line holding only "" is a row with an empty field, not a blank line
    const push = (): void => {
      fields.push(escapes && !wasQuoted ? unescapeTsv(field) : field);
      field = '';
      wasQuoted = false;
    };
    for (;;) {
      if (i >= n) {
        if (quoted) throw new Error(`${where}: line ${startLine}: a quoted field is not closed`);
        push();
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
          if (c === nl) line++;
          field += c;
          i++;
        }
      } else if (c === '"' && field.trim() === '') {
        quoted = true;
        wasQuoted = true;
        anyQuoted = true;
        field = '';
        i++;
      } else if (text.startsWith(delimiter, i)) {
        push();
        i += delimiter.length;
      } else if (c === nl || (c === '\r' && text[i + 1] === '\n')) {
        push();
        pos = i + (c === '\r' && nl === '\n' ? 2 : 1);
        break;
      } else {
        field += c;
        i++;
      }
    }
    line++;
    if (anyQuoted || !(fields.length === 1 && fields[0]!.trim() === '')) yield [fields, startLine];
  }
}

/** pandas' default NA strings (read_csv's na_values), which readTable and readCsv({ missing }) treat as missing. */
export const DEFAULT_NA_VALUES: readonly string[] = Object.freeze([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);
