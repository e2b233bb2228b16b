// The collector's output file: UTF-8 CSV (RFC 4180 quoting), one header line, then whole records
// appended a page at a time and fsynced. Opening it again reads the keys already collected and cuts
// off a torn last record (a process killed mid-write), so a rerun neither loses nor repeats a row.
// The scanner is here rather than in preprocessing/ because resuming needs byte offsets of record
// ends, which a reader of tables does not report.

import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export const REVIEW_COLUMNS = ['score', 'text', 'page', 'url', 'key'] as const;

export interface ReviewRow {
  /** The parsed rating, or '' when it did not parse. */
  score: number | '';
  text: string;
  /** 1-based page number in this collection. */
  page: number;
  url: string;
  key: string;
}

/** One CSV field: quoted when it holds a comma, quote, CR or LF (quotes doubled), as RFC 4180 says. */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvRecord(fields: readonly (string | number)[]): string {
  return `${fields.map(csvField).join(',')}\n`;
}

export function rowRecord(row: ReviewRow): string {
  return csvRecord([row.score, row.text, row.page, row.url, row.key]);
}

interface ScannedRecord {
  fields: string[];
  /** Byte offset just past the record's line end. */
  end: number;
}

/**
 * Splits CSV bytes into complete records. A record is complete only when its line end was written;
 * whatever follows the last complete record (a torn write) is reported by `completeBytes`.
 */
export function scanRecords(bytes: Uint8Array): { records: ScannedRecord[]; completeBytes: number } {
  const records: ScannedRecord[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let completeBytes = start;
  let fields: string[] = [];
  let fieldStart = start;
  let quoted = false;
  let parts: string[] = [];
  // Works on bytes (quote, comma, CR and LF are single bytes in UTF-8) so offsets stay exact.
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (quoted) {
      if (b === 0x22) {
        if (bytes[i + 1] === 0x22) {
          parts.push(decoder.decode(bytes.subarray(fieldStart, i + 1)));
          fieldStart = i + 2;
          i++;
        } else {
          parts.push(decoder.decode(bytes.subarray(fieldStart, i)));
          fieldStart = i + 1;
          quoted = false;
        }
      }
      continue;
    }
    if (b === 0x22 && fieldStart === i) {
      quoted = true;
      fieldStart = i + 1;
    } else if (b === 0x2c || b === 0x0a) {
      const end = b === 0x0a && i > fieldStart && bytes[i - 1] === 0x0d ? i - 1 : i;
      parts.push(decoder.decode(bytes.subarray(fieldStart, end)));
      fields.push(parts.join(''));
      parts = [];
      fieldStart = i + 1;
      if (b === 0x0a) {
        if (!(fields.length === 1 && fields[0] === '')) records.push({ fields, end: i + 1 });
        fields = [];
        completeBytes = i + 1;
      }
    }
  }
  return { records, completeBytes };
}

export interface OpenedOutput {
  /** Keys of the rows already in the file. */
  keys: Set<string>;
  /** Rows already in the file. */
  rows: number;
  /** Bytes of a torn last record that were cut off (0 when the file ended cleanly). */
  droppedBytes: number;
  append(rows: readonly ReviewRow[]): void;
  close(): void;
}

/**
 * Opens (or creates) the output CSV for appending. An existing file must have the collector's
 * header; a torn last record is truncated away (and fsynced) before anything is appended.
 */
export function openOutput(path: string, where = 'collectReviews'): OpenedOutput {
  const header = csvRecord(REVIEW_COLUMNS);
  const keys = new Set<string>();
  let rows = 0;
  let droppedBytes = 0;
  const existed = existsSync(path);
  if (!existed) mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, existed ? 'r+' : 'w+');
  try {
    const bytes = existed ? readFileSync(fd) : new Uint8Array(0);
    const { records, completeBytes } = scanRecords(bytes);
    droppedBytes = bytes.length - completeBytes;
    if (records.length === 0) {
      // Empty, or only a torn header: start the file afresh (but never cut a file we did not write).
      if (!header.startsWith(new TextDecoder().decode(bytes))) {
        throw new Error(
          `${where}: '${path}' exists and is not a file this collector wrote (no '${REVIEW_COLUMNS.join(',')}' header); choose another output file`,
        );
      }
      ftruncateSync(fd, 0);
      writeSync(fd, header, 0, 'utf8');
    } else {
      const found = records[0]!.fields.map((f) => f.trim());
      if (found.join(',') !== REVIEW_COLUMNS.join(',')) {
        throw new Error(
          `${where}: '${path}' exists but its header is '${found.join(',')}', not '${REVIEW_COLUMNS.join(',')}'; it is not a file this collector wrote (choose another output file)`,
        );
      }
      const keyIndex = REVIEW_COLUMNS.indexOf('key');
      for (let r = 1; r < records.length; r++) {
        const key = records[r]!.fields[keyIndex];
        if (key !== undefined && key !== '') keys.add(key);
        rows++;
      }
      if (droppedBytes > 0) ftruncateSync(fd, completeBytes);
    }
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  let closed = false;
  return {
    keys,
    rows,
    droppedBytes,
    append(newRows) {
      if (closed) throw new Error(`${where}: '${path}' is already closed`);
      if (newRows.length === 0) return;
      // One write of whole records at the end of the file, then fsync: a crash leaves at most a torn
      // tail, which the next open cuts off.
      const text = newRows.map(rowRecord).join('');
      writeSync(fd, text, fstatSync(fd).size, 'utf8');
      fsyncSync(fd);
      for (const row of newRows) keys.add(row.key);
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}
