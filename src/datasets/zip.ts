// A small zip extractor (stored and deflate entries, no ZIP64): enough for the canonical
// dataset archives such as jena_climate_2009_2016.csv.zip. Entries are streamed, not buffered.
import { closeSync, createReadStream, createWriteStream, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const n = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, n);
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
    const directory = readAt(fd, directoryOffset, directorySize);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (directory.readUInt32LE(p) !== CENTRAL_DIRECTORY_ENTRY) throw new Error(`${path}: corrupt central directory at entry ${k}`);
      const nameLength = directory.readUInt16LE(p + 28);
      const extraLength = directory.readUInt16LE(p + 30);
      const commentLength = directory.readUInt16LE(p + 32);
      entries.push({
        method: directory.readUInt16LE(p + 10),
        compressedSize: directory.readUInt32LE(p + 20),
        size: directory.readUInt32LE(p + 24),
        localHeaderOffset: directory.readUInt32LE(p + 42),
        name: directory.toString('utf8', p + 46, p + 46 + nameLength),
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    closeSync(fd);
  }
}

/** Extracts every file entry into `destination` (skipping folders and macOS `__MACOSX/` metadata). */
export async function extractZip(path: string, destination: string): Promise<string[]> {
  const root = resolve(destination);
  const written: string[] = [];
  for (const entry of listZip(path)) {
    if (entry.name.endsWith('/') || entry.name.startsWith('__MACOSX/')) continue;
    const out = resolve(root, entry.name);
    if (!out.startsWith(root + sep)) throw new Error(`${path}: entry '${entry.name}' would be written outside the folder`);
    if (entry.method !== 0 && entry.method !== 8) throw new Error(`${path}: entry '${entry.name}' uses compression method ${entry.method} (only stored and deflate are supported)`);
    const fd = openSync(path, 'r');
    let dataStart: number;
    try {
      const header = readAt(fd, entry.localHeaderOffset, 30);
      if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_FILE_HEADER) throw new Error(`${path}: bad local header for '${entry.name}'`);
      dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    } finally {
      closeSync(fd);
    }
    mkdirSync(dirname(out), { recursive: true });
    const source = entry.compressedSize === 0
      ? [] // an empty entry: createReadStream cannot express an empty range
      : createReadStream(path, { start: dataStart, end: dataStart + entry.compressedSize - 1 });
    const sink = createWriteStream(out);
    if (entry.method === 8 && entry.compressedSize > 0) await pipeline(source as NodeJS.ReadableStream, createInflateRaw(), sink);
    else await pipeline(source as NodeJS.ReadableStream | never[], sink);
    written.push(out);
  }
  return written;
}
