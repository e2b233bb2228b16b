// A small zip extractor (stored and deflate entries, no ZIP64): enough for the canonical
// dataset archives such as jena_climate_2009_2016.csv.zip. Entries are streamed, not buffered.
// Each entry's CRC-32 and size are checked against the central directory as it is written, and
// the total expansion is capped (declared sizes first, then the bytes actually written), so a
// damaged or hostile archive fails instead of filling the disk or extracting garbage.
import { closeSync, createReadStream, createWriteStream, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import { crc32 } from '../io/crc32.ts';

/** Limits on what an archive may expand to. */
export interface ExpansionLimits {
  /** Total bytes written (default 4 GiB). */
  maxBytes?: number;
  /** Output bytes per input byte, for archives over 1 MB (default 100; text compresses ~3–10×). */
  maxRatio?: number;
}

export const DEFAULT_MAX_EXPANDED_BYTES = 4 * 2 ** 30;
const DEFAULT_MAX_RATIO = 100;

/** The cap in bytes for an archive of `inputBytes`. */
export function expansionCap(inputBytes: number, limits: ExpansionLimits = {}): number {
  const byRatio = inputBytes > 1e6 ? inputBytes * (limits.maxRatio ?? DEFAULT_MAX_RATIO) : Infinity;
  return Math.min(limits.maxBytes ?? DEFAULT_MAX_EXPANDED_BYTES, byRatio);
}

/** A pass-through stream that counts bytes (failing past `cap`) and computes their CRC-32. */
export function checkedStream(cap: number, onTooBig: () => Error): Transform & { bytes: number; crc: number } {
  const t = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      t.bytes += chunk.length;
      if (t.bytes > cap) return done(onTooBig());
      t.crc = crc32(chunk, t.crc);
      done(null, chunk);
    },
  }) as Transform & { bytes: number; crc: number };
  t.bytes = 0;
  t.crc = 0;
  return t;
}

/** True when `path` lies inside `root` (path.relative: no `..` prefix tricks, no other drive). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  crc: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const n = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, n);
}

function fileSize(path: string): number {
  const fd = openSync(path, 'r');
  try {
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}

/** Lists the entries of a zip file from its central directory. */
export function listZip(path: string): ZipEntry[] {
  const fd = openSync(path, 'r');
  try {
    const fileSize = fstatSync(fd).size;
    const tailLength = Math.min(fileSize, 22 + 0xffff);
    const tail = readAt(fd, fileSize - tailLength, tailLength);
    let end = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
        end = i;
        break;
      }
    }
    if (end < 0) throw new Error(`${path} is not a zip file (no end-of-central-directory record)`);
    const count = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (directoryOffset === 0xffffffff || count === 0xffff) throw new Error(`${path} is a ZIP64 archive, which is not supported`);
    const endPosition = fileSize - tailLength + end;
    if (directoryOffset + directorySize > endPosition)
      throw new Error(`${path}: corrupt zip: its central directory (${directorySize} bytes at ${directoryOffset}) overlaps its end record`);
    const directory = readAt(fd, directoryOffset, directorySize);
    if (directory.length < directorySize) throw new Error(`${path}: corrupt zip: the central directory lies beyond the end of the file`);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL_DIRECTORY_ENTRY)
        throw new Error(`${path}: corrupt central directory at entry ${k}`);
      const nameLength = directory.readUInt16LE(p + 28);
      const extraLength = directory.readUInt16LE(p + 30);
      const commentLength = directory.readUInt16LE(p + 32);
      entries.push({
        method: directory.readUInt16LE(p + 10),
        crc: directory.readUInt32LE(p + 16),
        compressedSize: directory.readUInt32LE(p + 20),
        size: directory.readUInt32LE(p + 24),
        localHeaderOffset: directory.readUInt32LE(p + 42),
        name: directory.toString('utf8', p + 46, p + 46 + nameLength),
      });
      p += 46 + nameLength + extraLength + commentLength;
      if (p > directory.length) throw new Error(`${path}: corrupt central directory at entry ${k}`);
    }
    return entries;
  } finally {
    closeSync(fd);
  }
}

/** Extracts every file entry into `destination` (skipping folders and macOS `__MACOSX/` metadata). */
export async function extractZip(path: string, destination: string, limits: ExpansionLimits = {}): Promise<string[]> {
  const root = resolve(destination);
  const written: string[] = [];
  const entries = listZip(path).filter((e) => !e.name.endsWith('/') && !e.name.startsWith('__MACOSX/'));
  const cap = expansionCap(fileSize(path), limits);
  const declared = entries.reduce((n, e) => n + e.size, 0);
  const tooBig = (): Error =>
    new Error(
      `${path}: the archive expands to more than ${cap} bytes (its entries declare ${declared}); refusing (raise the limit with maxBytes/maxRatio if it is genuine)`,
    );
  if (declared > cap) throw tooBig();
  let total = 0;
  for (const entry of entries) {
    if (entry.name.includes('\0') || entry.name.length === 0)
      throw new Error(`${path}: entry name ${JSON.stringify(entry.name)} is not a valid file name`);
    const out = resolve(root, entry.name);
    if (!isInside(root, out)) throw new Error(`${path}: entry '${entry.name}' would be written outside the folder`);
    if (entry.method !== 0 && entry.method !== 8)
      throw new Error(`${path}: entry '${entry.name}' uses compression method ${entry.method} (only stored and deflate are supported)`);
    const fd = openSync(path, 'r');
    let dataStart: number;
    try {
      const header = readAt(fd, entry.localHeaderOffset, 30);
      if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_FILE_HEADER)
        throw new Error(`${path}: bad local header for '${entry.name}'`);
      dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    } finally {
      closeSync(fd);
    }
    mkdirSync(dirname(out), { recursive: true });
    const source =
      entry.compressedSize === 0
        ? [] // an empty entry: createReadStream cannot express an empty range
        : createReadStream(path, { start: dataStart, end: dataStart + entry.compressedSize - 1 });
    const sink = createWriteStream(out);
    // never more than the entry declares: a lying size fails here, not after the disk is full
    const check = checkedStream(Math.min(entry.size, cap - total), () =>
      total + entry.size > cap
        ? tooBig()
        : new Error(`${path}: entry '${entry.name}' holds more than its declared ${entry.size} bytes (corrupt archive)`),
    );
    try {
      if (entry.method === 8 && entry.compressedSize > 0) await pipeline(source as NodeJS.ReadableStream, createInflateRaw(), check, sink);
      else await pipeline(source as NodeJS.ReadableStream | never[], check, sink);
    } catch (e) {
      const message = (e as Error).message;
      throw new Error(message.startsWith(path) ? message : `${path}: entry '${entry.name}' is corrupt (${message})`);
    }
    if (check.bytes !== entry.size)
      throw new Error(`${path}: entry '${entry.name}' has ${check.bytes} bytes but the archive declares ${entry.size} (corrupt archive)`);
    if (check.crc !== entry.crc) throw new Error(`${path}: entry '${entry.name}' fails its CRC-32 check (corrupt archive)`);
    total += check.bytes;
    written.push(out);
  }
  return written;
}
