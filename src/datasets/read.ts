// Reading the data files: streaming lines from plain or gzip files (sniffed by magic bytes, so
// a loader accepts both the shared `*.gz` layout and an uncompressed upstream download), plus the
// TSV escaping of the shared data folder.
import { createReadStream, openSync, readSync, closeSync, readFileSync } from 'node:fs';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { Readable } from 'node:stream';

export function isGzipFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const n = readSync(fd, head, 0, 2, 0);
    return n === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** A byte stream of the file's content, gunzipped when the file is gzip. */
export function openContent(path: string): Readable {
  const raw = createReadStream(path);
  if (!isGzipFile(path)) return raw;
  const gunzip = createGunzip();
  raw.on('error', (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}

/** The whole content as a Buffer (gunzipped when gzip). For files of a few MB. */
export function readContent(path: string): Buffer {
  const bytes = readFileSync(path);
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

/**
 * Calls `onLine(line, lineNumber)` for every line (1-based numbers). Lines end at LF only (a CR
 * before it is dropped); unlike node:readline, a lone CR inside a field does not split a row.
 * Errors thrown by `onLine` are re-thrown with the file and line number.
 */
export async function forEachLine(
  path: string,
  onLine: (line: string, lineNumber: number) => void,
  encoding: 'utf8' | 'latin1' = 'utf8',
): Promise<number> {
  const stream = openContent(path);
  stream.setEncoding(encoding);
  let lineNumber = 0;
  let rest = '';
  const emit = (line: string) => {
    lineNumber++;
    try {
      onLine(line.endsWith('\r') ? line.slice(0, -1) : line, lineNumber);
    } catch (e) {
      throw new Error(`${path}:${lineNumber}: ${(e as Error).message}`);
    }
  };
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const text = rest.length > 0 ? rest + chunk : chunk;
      let start = 0;
      let newline = text.indexOf('\n');
      while (newline >= 0) {
        emit(text.slice(start, newline));
        start = newline + 1;
        newline = text.indexOf('\n', start);
      }
      rest = text.slice(start);
    }
    if (rest.length > 0) emit(rest);
  } finally {
    stream.destroy();
  }
  return lineNumber;
}

/** Undoes the shared data's TSV escaping: `\\` `\t` `\r` `\n`. */
export function unescapeTsv(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (whole, c: string) => {
    switch (c) {
      case '\\':
        return '\\';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'n':
        return '\n';
      default:
        throw new Error(`bad escape '${whole}' in a TSV field`);
    }
  });
}

/** Checks a header line and returns the column positions by name. */
export function expectHeader(line: string, expected: readonly string[], path: string, separator = '\t'): void {
  const got = line.split(separator);
  const ok = expected.every((name, i) => got[i] === name);
  if (!ok) {
    throw new Error(`${path}: unexpected header [${got.join(', ')}], expected [${expected.join(', ')}]`);
  }
}
