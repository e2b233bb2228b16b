// CRC-32 (IEEE 802.3, the zip/gzip/PNG polynomial), incremental: crc32(b, crc32(a)) = crc32(a ++ b).
// Browser-safe (no zlib); used by the model file's checksums and the zip reader.

const TABLE = (() => {
  const t = new Uint32Array(256 * 4);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  // slicing-by-4 tables
  for (let n = 0; n < 256; n++) {
    for (let s = 1; s < 4; s++) t[s * 256 + n] = (t[(s - 1) * 256 + n]! >>> 8) ^ t[t[(s - 1) * 256 + n]! & 0xff]!;
  }
  return t;
})();

type Crc = (bytes: Uint8Array, previous?: number) => number;

/** Node's zlib.crc32 (≥ 20.15, ~5× faster) when there is one; never a static import (browser-safe core). */
const native: Crc | null = (() => {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const zlib =
    typeof proc?.getBuiltinModule === 'function' ? (proc.getBuiltinModule('node:zlib') as { crc32?: Crc } | undefined) : undefined;
  return typeof zlib?.crc32 === 'function' ? zlib.crc32 : null;
})();

/** CRC-32 of `bytes`, continuing from `previous` (the CRC of what came before; 0 to start). */
export function crc32(bytes: Uint8Array, previous = 0): number {
  return native ? native(bytes, previous) >>> 0 : crc32Js(bytes, previous);
}

/** The same in plain TypeScript (browsers, older Node). */
export function crc32Js(bytes: Uint8Array, previous = 0): number {
  let c = ~previous >>> 0;
  let i = 0;
  const n = bytes.length;
  const t = TABLE;
  for (; i + 4 <= n; i += 4) {
    c ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    c = t[768 + (c & 0xff)]! ^ t[512 + ((c >>> 8) & 0xff)]! ^ t[256 + ((c >>> 16) & 0xff)]! ^ t[c >>> 24]!;
  }
  for (; i < n; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
