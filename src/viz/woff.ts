// WOFF 1.0 → OpenType (sfnt). resvg reads TTF/OTF only, and the Hangul fonts on npm ship as
// WOFF; a WOFF file is the sfnt's tables, each zlib-compressed, so unpacking is a copy.
// Spec: https://www.w3.org/TR/WOFF/ (header 44 bytes, a 20-byte directory entry per table).

import { inflateSync } from 'node:zlib';

export function woffToSfnt(woff: Uint8Array, name = 'font'): Uint8Array {
  const view = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
  if (woff.byteLength < 44 || view.getUint32(0) !== 0x774f4646) throw new Error(`${name}: not a WOFF 1.0 file (no 'wOFF' signature)`);
  const flavor = view.getUint32(4);
  const numTables = view.getUint16(12);
  const tables: { tag: number; checksum: number; data: Uint8Array }[] = [];
  for (let i = 0; i < numTables; i++) {
    const entry = 44 + i * 20;
    const offset = view.getUint32(entry + 4);
    const compLength = view.getUint32(entry + 8);
    const origLength = view.getUint32(entry + 12);
    if (offset + compLength > woff.byteLength) throw new Error(`${name}: table ${i} runs past the end of the file`);
    const raw = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? new Uint8Array(inflateSync(raw)) : raw;
    if (data.byteLength !== origLength) throw new Error(`${name}: table ${i} unpacks to ${data.byteLength} bytes, expected ${origLength}`);
    tables.push({ tag: view.getUint32(entry), checksum: view.getUint32(entry + 16), data });
  }
  const headerSize = 12 + 16 * numTables;
  const padded = (n: number) => (n + 3) & ~3;
  const out = new Uint8Array(headerSize + tables.reduce((s, t) => s + padded(t.data.byteLength), 0));
  const o = new DataView(out.buffer);
  const entrySelector = Math.floor(Math.log2(numTables));
  o.setUint32(0, flavor);
  o.setUint16(4, numTables);
  o.setUint16(6, 16 * 2 ** entrySelector);
  o.setUint16(8, entrySelector);
  o.setUint16(10, numTables * 16 - 16 * 2 ** entrySelector);
  let at = headerSize;
  tables.forEach((t, i) => {
    o.setUint32(12 + i * 16, t.tag);
    o.setUint32(16 + i * 16, t.checksum);
    o.setUint32(20 + i * 16, at);
    o.setUint32(24 + i * 16, t.data.byteLength);
    out.set(t.data, at);
    at += padded(t.data.byteLength);
  });
  return out;
}
