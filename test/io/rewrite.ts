// Test helper: re-encodes a saved model with its header changed (a crafted or damaged file that
// still has valid framing and checksums, so what is tested is the loader's own checks).
import { decode, encode, type SavedHeader } from '../../src/io/format.ts';

export function rewriteHeader(bytes: Uint8Array, change: (header: SavedHeader) => void): Uint8Array {
  const { header, data } = decode(bytes, 'test bytes');
  change(header);
  const { format: _f, version: _v, dataLength: _d, ...rest } = header;
  return encode(rest, [data]);
}
