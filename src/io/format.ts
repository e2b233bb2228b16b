// The sunhwan save format: one file, so an atomic rename makes a save all-or-nothing.
//   bytes 0..7    magic "SUNHWAN\0"
//   bytes 8..11   format version (uint32 little-endian), currently 2
//   bytes 12..15  header length H in bytes (uint32 LE)
//   bytes 16..19  CRC-32 of the header with its padding   (version ≥ 2)
//   bytes 20..23  CRC-32 of the data section              (version ≥ 2)
//   then          H bytes of UTF-8 JSON (SavedHeader), zero-padded to a multiple of 4
//   then          float32 little-endian data: weights, then optimizer slots, at the
//                 element offsets the header lists
// Version 1 files (16-byte preamble, no checksums) are still read.
// The header holds the architecture (class names + layer configs), the compile arguments,
// a manifest of every weight (name, shape, offset) and, optionally, optimizer state.
// Readers check, in this order and before allocating anything large: the magic, the version,
// the header's checksum, the manifest against itself and the data length against the file
// size; the data's checksum is checked as it is read (files stream in chunks: see save.ts).

import { crc32 } from './crc32.ts';
import type { CrossentropyOptions, KerasVersion } from '../losses.ts';

export const FORMAT_VERSION = 2;
const MAGIC = [0x53, 0x55, 0x4e, 0x48, 0x57, 0x41, 0x4e, 0x00]; // "SUNHWAN\0"
/** Bytes a reader needs to see first: enough for the longest preamble. */
export const PREAMBLE_BYTES = 24;
/** Headers are small (configs and a manifest); a bigger one is a damaged or hostile file. */
const MAX_HEADER_BYTES = 64 << 20;

export interface ArrayEntry {
  name: string;
  shape: number[];
  /** Element offset into the data section. */
  offset: number;
  length: number;
}

export interface SavedHeader {
  format: 'sunhwan';
  version: number;
  kind: 'model' | 'weights';
  /** Architecture: {className: 'Sequential', config: model.getConfig()}. */
  model?: { className: string; config: Record<string, unknown> };
  training?: {
    optimizer: string;
    optimizerConfig: Record<string, unknown>;
    loss: string[];
    metrics: string[];
    lossOptions?: Array<CrossentropyOptions | null>;
    kerasVersion?: KerasVersion;
  };
  weights: ArrayEntry[];
  optimizer?: { className: string; iterations: number; slotNames: string[]; slots: ArrayEntry[] };
  /** Total elements in the data section. */
  dataLength: number;
  /** Free-form facts about the save (ModelCheckpoint records {monitor, best} here). */
  metadata?: Record<string, unknown>;
}

export interface Decoded {
  header: SavedHeader;
  data: Float32Array;
}

/** What the first bytes say: where the header and data are, and their checksums (null in version 1). */
export interface Preamble {
  version: number;
  jsonLength: number;
  /** Byte offset of the JSON header. */
  headerStart: number;
  /** Byte offset of the data section. */
  dataStart: number;
  headerCrc: number | null;
  dataCrc: number | null;
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The first bytes of the file (header padded, preamble with the header's CRC) for these arrays. */
export function encodeHead(
  header: Omit<SavedHeader, 'dataLength' | 'format' | 'version'>,
  arrays: Float32Array[],
): { head: Uint8Array; dataLength: number } {
  if (!littleEndian) throw new Error('sunhwan save format: big-endian platforms are not supported');
  const dataLength = arrays.reduce((n, a) => n + a.length, 0);
  const full: SavedHeader = { format: 'sunhwan', version: FORMAT_VERSION, ...header, dataLength };
  const json = new TextEncoder().encode(JSON.stringify(full));
  const head = new Uint8Array(PREAMBLE_BYTES + Math.ceil(json.length / 4) * 4);
  head.set(MAGIC, 0);
  const view = new DataView(head.buffer);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, json.length, true);
  head.set(json, PREAMBLE_BYTES);
  view.setUint32(16, crc32(head.subarray(PREAMBLE_BYTES)), true);
  return { head, dataLength };
}

/** Writes the data section's CRC into a head made by encodeHead. */
export function setDataCrc(head: Uint8Array, crc: number): void {
  new DataView(head.buffer, head.byteOffset, head.byteLength).setUint32(20, crc, true);
}

/** Byte position of the data CRC in the file (streamed writers fill it in last). */
export const DATA_CRC_POSITION = 20;

/** Lays out the arrays one after another and encodes everything (offsets are the caller's). */
export function encode(header: Omit<SavedHeader, 'dataLength' | 'format' | 'version'>, arrays: Float32Array[]): Uint8Array {
  const { head, dataLength } = encodeHead(header, arrays);
  const out = new Uint8Array(head.length + dataLength * 4);
  const data = new Float32Array(out.buffer, head.length, dataLength);
  let at = 0;
  for (const a of arrays) {
    data.set(a, at);
    at += a.length;
  }
  setDataCrc(head, crc32(out.subarray(head.length)));
  out.set(head, 0);
  return out;
}

/**
 * Reads the preamble from the file's first bytes (at least PREAMBLE_BYTES, or the whole file when
 * shorter): recognises foreign files, checks the magic and version, and that the header fits.
 */
export function readPreamble(first: Uint8Array, fileLength: number, source: string): Preamble {
  if (first.length >= 4 && first[0] === 0x89 && first[1] === 0x48 && first[2] === 0x44 && first[3] === 0x46) {
    throw new Error(
      `${source} is an HDF5 file (Keras .h5), not a sunhwan model file; open it with loadModel(path) or await loadKerasModel(bytes)`,
    );
  }
  if (first.length >= 2 && first[0] === 0x50 && first[1] === 0x4b) {
    throw new Error(
      `${source} is a zip archive (a Keras .keras file?), not a sunhwan model file; open it with loadModel(path) or await loadKerasModel(bytes)`,
    );
  }
  if (fileLength < 16) throw new Error(`${source} is too short to be a sunhwan model file (${fileLength} bytes)`);
  for (let i = 0; i < MAGIC.length; i++) {
    if (first[i] !== MAGIC[i]) throw new Error(`${source} is not a sunhwan model file (it does not start with "SUNHWAN")`);
  }
  const view = new DataView(first.buffer, first.byteOffset, first.byteLength);
  const version = view.getUint32(8, true);
  if (version === 0) throw new Error(`${source} is corrupted: its format version is 0`);
  if (version > FORMAT_VERSION)
    throw new Error(`${source} uses save format version ${version}; this sunhwan reads up to ${FORMAT_VERSION} (upgrade sunhwan)`);
  const jsonLength = view.getUint32(12, true);
  const headerStart = version === 1 ? 16 : PREAMBLE_BYTES;
  if (headerStart > fileLength)
    throw new Error(`${source} is truncated: ${fileLength} bytes, shorter than its ${headerStart}-byte preamble`);
  if (jsonLength > MAX_HEADER_BYTES)
    throw new Error(`${source} is corrupted: it claims a ${jsonLength}-byte header (at most ${MAX_HEADER_BYTES})`);
  if (headerStart + Math.ceil(jsonLength / 4) * 4 > fileLength) {
    throw new Error(
      `${source} is truncated: its header should be ${jsonLength} bytes but the file has only ${fileLength - headerStart} after the preamble`,
    );
  }
  return {
    version,
    jsonLength,
    headerStart,
    dataStart: headerStart + Math.ceil(jsonLength / 4) * 4,
    headerCrc: version >= 2 ? view.getUint32(16, true) : null,
    dataCrc: version >= 2 ? view.getUint32(20, true) : null,
  };
}

/**
 * Parses and checks the header — `padded` is the file from headerStart to dataStart — (checksum,
 * fields, manifest) and that the file has exactly its data.
 */
export function parseHeader(padded: Uint8Array, pre: Preamble, fileLength: number, source: string): SavedHeader {
  if (pre.headerCrc !== null && crc32(padded) !== pre.headerCrc) {
    throw new Error(`${source} is corrupted: its header does not match its checksum (the file was damaged after it was written)`);
  }
  let header: SavedHeader;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(padded.subarray(0, pre.jsonLength))) as SavedHeader;
  } catch (e) {
    throw new Error(`${source} is corrupted: its header is not valid JSON (${(e as Error).message})`);
  }
  checkManifest(header, source);
  const expected = pre.dataStart + header.dataLength * 4;
  if (fileLength < expected) {
    throw new Error(
      `${source} is truncated: the header lists ${header.dataLength * 4} bytes of weights but only ${Math.max(0, fileLength - pre.dataStart)} are present`,
    );
  }
  if (fileLength > expected) throw new Error(`${source} is corrupted: ${fileLength - expected} unexpected bytes after the weights`);
  return header;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The header's structure and manifest, checked before anything is built: every array has integer
 * offset and shape, length = product of the shape, lies within the data, and no two overlap.
 */
export function checkManifest(header: SavedHeader, source: string): void {
  const bad = (what: string): never => {
    throw new Error(`${source} is corrupted: ${what}`);
  };
  if (!isObject(header) || header.format !== 'sunhwan' || !Array.isArray(header.weights) || !isCount(header.dataLength)) {
    bad('its header lacks the sunhwan fields (format, weights, dataLength)');
  }
  if (header.kind !== 'model' && header.kind !== 'weights') bad(`its kind is ${JSON.stringify(header.kind)}, not "model" or "weights"`);
  if (
    header.model !== undefined &&
    (!isObject(header.model) || typeof header.model.className !== 'string' || !isObject(header.model.config))
  ) {
    bad('its architecture is not {className, config}');
  }
  const t = header.training;
  if (t !== undefined) {
    const strings = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === 'string');
    if (!isObject(t) || typeof t.optimizer !== 'string' || !isObject(t.optimizerConfig) || !strings(t.loss) || !strings(t.metrics)) {
      bad('its compile arguments are not {optimizer, optimizerConfig, loss[], metrics[]}');
    }
  }
  const o = header.optimizer;
  if (o !== undefined) {
    if (
      !isObject(o) ||
      typeof o.className !== 'string' ||
      !isCount(o.iterations) ||
      !Array.isArray(o.slotNames) ||
      !o.slotNames.every((s) => typeof s === 'string') ||
      !Array.isArray(o.slots)
    ) {
      bad('its optimizer state is not {className, iterations, slotNames, slots}');
    }
  }
  const entries = [...header.weights, ...(o?.slots ?? [])];
  for (const e of entries) {
    if (!isObject(e) || typeof e.name !== 'string') bad('an array in its manifest has no name');
    const where = `array '${e.name}'`;
    if (!Array.isArray(e.shape) || !e.shape.every(isCount))
      bad(`${where} has shape ${JSON.stringify(e.shape)} (not a list of integers ≥ 0)`);
    if (!isCount(e.offset) || !isCount(e.length)) bad(`${where} has offset ${e.offset} and length ${e.length} (not integers ≥ 0)`);
    const size = e.shape.reduce((a, b) => a * b, 1);
    if (size !== e.length) bad(`${where} has length ${e.length} but its shape [${e.shape}] holds ${size} values`);
    if (e.offset + e.length > header.dataLength)
      bad(`${where} lies outside the data (elements ${e.offset}..${e.offset + e.length} of ${header.dataLength})`);
  }
  const sorted = entries.filter((e) => e.length > 0).sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    if (sorted[i]!.offset < prev.offset + prev.length) bad(`arrays '${prev.name}' and '${sorted[i]!.name}' overlap in the data`);
  }
}

/** Checks the data section against the preamble's checksum (version ≥ 2). */
export function checkDataCrc(crc: number, pre: Preamble, source: string): void {
  if (pre.dataCrc !== null && crc !== pre.dataCrc) {
    throw new Error(`${source} is corrupted: its weights do not match their checksum (the file was damaged after it was written)`);
  }
}

/** Parses a whole saved file held in memory; `source` names it in errors. */
export function decode(bytes: Uint8Array, source: string): Decoded {
  const pre = readPreamble(bytes.subarray(0, PREAMBLE_BYTES), bytes.length, source);
  const header = parseHeader(bytes.subarray(pre.headerStart, pre.dataStart), pre, bytes.length, source);
  const raw = bytes.subarray(pre.dataStart);
  if (pre.dataCrc !== null) checkDataCrc(crc32(raw), pre, source);
  // copy to an aligned buffer (the file's bytes may sit at any offset)
  const data = new Float32Array(header.dataLength);
  new Uint8Array(data.buffer).set(raw);
  return { header, data };
}
