// Bytes → text for the table readers, browser-safe: gzip (by its magic bytes) is undone with
// node:zlib when running in Node (via process.getBuiltinModule, never a static import), and
// invalid UTF-8 is an error naming the line and byte, not a silent "\uFFFD".

type Zlib = { gunzipSync(bytes: Uint8Array): Uint8Array };
type Fs = { readFileSync(path: string): Uint8Array; existsSync(path: string): boolean };

function nodeModule<T>(id: string): T | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return typeof proc?.getBuiltinModule === 'function' ? ((proc.getBuiltinModule(id) as T | undefined) ?? null) : null;
}

const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Line (1-based) and byte offset of the first invalid UTF-8 sequence, or null when the bytes are valid. */
export function findInvalidUtf8(b: Uint8Array): { line: number; offset: number } | null {
  let line = 1;
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    if (c < 0x80) {
      if (c === 0x0a) line++;
      i++;
      continue;
    }
    const need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (need < 0) return { line, offset: i };
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    const second = b[i + 1];
    if (second === undefined || second < lo || second > hi) return { line, offset: i };
    for (let k = 2; k <= need; k++) {
      const x = b[i + k];
      if (x === undefined || x < 0x80 || x > 0xbf) return { line, offset: i };
    }
    i += need + 1;
  }
  return null;
}

/**
 * Decodes file bytes as UTF-8 (gunzipping first when they are gzip). `source` names the file in
 * errors: "data.csv: line 3 (byte 57) is not valid UTF-8 (0xe9); …".
 */
export function decodeText(bytes: Uint8Array, source: string, encoding: 'utf8' | 'latin1' = 'utf8'): string {
  let b = bytes;
  if (isGzip(b)) {
    const zlib = nodeModule<Zlib>('node:zlib');
    if (!zlib) throw new Error(`${source}: gzip data can only be read in Node here; decompress it first (e.g. with DecompressionStream)`);
    b = zlib.gunzipSync(b);
  }
  if (encoding === 'latin1') return new TextDecoder('latin1').decode(b);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    const bad = findInvalidUtf8(b) ?? { line: 0, offset: 0 };
    throw new Error(
      `${source}: line ${bad.line} (byte ${bad.offset}) is not valid UTF-8 (0x${b[bad.offset]?.toString(16)}); re-save the file as UTF-8, or read it with { encoding: 'latin1' }`,
    );
  }
}

/** The file's text (Node only): gzip-aware, strict UTF-8. */
export function readFileText(path: string, encoding: 'utf8' | 'latin1' = 'utf8'): string {
  const fs = nodeModule<Fs>('node:fs');
  if (!fs) throw new Error(`'${path}': reading files needs Node; in a browser pass the file's text`);
  if (!fs.existsSync(path)) throw new Error(`${path}: no such file`);
  return decodeText(fs.readFileSync(path), path, encoding);
}
