// The sunhwan save format: one file, so an atomic rename makes a save all-or-nothing.
//   bytes 0..7    magic "SUNHWAN\0"
//   bytes 8..11   format version (uint32 little-endian), currently 1
//   bytes 12..15  header length H in bytes (uint32 LE)
//   bytes 16..    H bytes of UTF-8 JSON (SavedHeader), zero-padded to a multiple of 4
//   then          float32 little-endian data: weights, then optimizer slots, at the
//                 element offsets the header lists
// The header holds the architecture (class names + layer configs), the compile arguments,
// a manifest of every weight (name, shape, offset) and, optionally, optimizer state.

export const FORMAT_VERSION = 1;
const MAGIC = [0x53, 0x55, 0x4e, 0x48, 0x57, 0x41, 0x4e, 0x00]; // "SUNHWAN\0"

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
  training?: { optimizer: string; optimizerConfig: Record<string, unknown>; loss: string[]; metrics: string[] };
  weights: ArrayEntry[];
  optimizer?: { className: string; iterations: number; slotNames: string[]; slots: ArrayEntry[] };
  /** Total elements in the data section. */
  dataLength: number;
}

export interface Decoded {
  header: SavedHeader;
  data: Float32Array;
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Lays out the arrays one after another, fills the offsets, and encodes everything. */
export function encode(header: Omit<SavedHeader, 'dataLength' | 'format' | 'version'>, arrays: Float32Array[]): Uint8Array {
  if (!littleEndian) throw new Error('sunhwan save format: big-endian platforms are not supported');
  const dataLength = arrays.reduce((n, a) => n + a.length, 0);
  const full: SavedHeader = { format: 'sunhwan', version: FORMAT_VERSION, ...header, dataLength };
  const json = new TextEncoder().encode(JSON.stringify(full));
  const headerBytes = Math.ceil(json.length / 4) * 4;
  const out = new Uint8Array(16 + headerBytes + dataLength * 4);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, json.length, true);
  out.set(json, 16);
  const data = new Float32Array(out.buffer, 16 + headerBytes, dataLength);
  let at = 0;
  for (const a of arrays) {
    data.set(a, at);
    at += a.length;
  }
  return out;
}

/** Parses a saved file, checking magic, version, header and data length; `source` names it in errors. */
export function decode(bytes: Uint8Array, source: string): Decoded {
  if (bytes.length >= 4 && bytes[0] === 0x89 && bytes[1] === 0x48 && bytes[2] === 0x44 && bytes[3] === 0x46) {
    throw new Error(`${source} is an HDF5 file (Keras .h5), not a sunhwan model file; save it from sunhwan with model.save()`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x50 && bytes[1] === 0x4b) {
    throw new Error(`${source} is a zip archive (a Keras .keras file?), not a sunhwan model file`);
  }
  if (bytes.length < 16) throw new Error(`${source} is too short to be a sunhwan model file (${bytes.length} bytes)`);
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw new Error(`${source} is not a sunhwan model file (it does not start with "SUNHWAN")`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version > FORMAT_VERSION) throw new Error(`${source} uses save format version ${version}; this sunhwan reads up to ${FORMAT_VERSION} (upgrade sunhwan)`);
  const jsonLength = view.getUint32(12, true);
  const headerBytes = Math.ceil(jsonLength / 4) * 4;
  if (16 + jsonLength > bytes.length) {
    throw new Error(`${source} is truncated: its header should be ${jsonLength} bytes but the file has only ${bytes.length - 16} after the preamble`);
  }
  let header: SavedHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + jsonLength))) as SavedHeader;
  } catch (e) {
    throw new Error(`${source} is corrupted: its header is not valid JSON (${(e as Error).message})`);
  }
  if (header.format !== 'sunhwan' || !Array.isArray(header.weights) || typeof header.dataLength !== 'number') {
    throw new Error(`${source} is corrupted: its header lacks the sunhwan fields (format, weights, dataLength)`);
  }
  const expected = 16 + headerBytes + header.dataLength * 4;
  if (bytes.length < expected) {
    throw new Error(`${source} is truncated: the header lists ${header.dataLength * 4} bytes of weights but only ${Math.max(0, bytes.length - 16 - headerBytes)} are present`);
  }
  if (bytes.length > expected) throw new Error(`${source} is corrupted: ${bytes.length - expected} unexpected bytes after the weights`);
  // copy to an aligned buffer (the file's bytes may sit at any offset)
  const data = new Float32Array(header.dataLength);
  new Uint8Array(data.buffer).set(bytes.subarray(16 + headerBytes, expected));
  for (const e of [...header.weights, ...(header.optimizer?.slots ?? [])]) {
    if (e.offset < 0 || e.offset + e.length > header.dataLength) throw new Error(`${source} is corrupted: array '${e.name}' lies outside the data`);
  }
  return { header, data };
}
