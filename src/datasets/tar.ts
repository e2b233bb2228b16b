// A streaming tar reader (ustar, with GNU long names and pax `path`), enough to read the
// canonical aclImdb_v1.tar.gz without unpacking 100,000 small files onto the disk.
import type { Readable } from 'node:stream';

const BLOCK = 512;

function octal(header: Buffer, start: number, length: number): number {
  const text = header
    .toString('latin1', start, start + length)
    .replace(/\0.*$/s, '')
    .trim();
  if (text.length === 0) return 0;
  const value = parseInt(text, 8);
  if (Number.isNaN(value)) throw new Error(`tar: bad octal field "${text}"`);
  return value;
}

function cString(header: Buffer, start: number, length: number): string {
  const end = header.indexOf(0, start);
  return header.toString('utf8', start, end < 0 || end > start + length ? start + length : end);
}

function checksumOk(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
  try {
    return sum === octal(header, 148, 8);
  } catch {
    return false;
  }
}

/**
 * Calls `onFile(name, content)` for every regular file whose name `wanted` accepts.
 * Other entries are skipped without buffering their content.
 */
export async function forEachTarFile(
  stream: Readable,
  wanted: (name: string) => boolean,
  onFile: (name: string, content: Buffer) => void,
  /** Largest entry held in memory (default 256 MiB): a header claiming more is an error, not an allocation. */
  maxEntryBytes = 256 * 2 ** 20,
): Promise<void> {
  let pending: Buffer = Buffer.alloc(0);
  let remaining = 0; // bytes of the current entry's data (with padding) still to skip or read
  let size = 0;
  let collected: Buffer[] | null = null;
  let collectedBytes = 0;
  let name = '';
  let typeflag = '';
  let longName: string | undefined;
  let ended = false;

  const finishEntry = () => {
    if (!collected) return;
    const content = Buffer.concat(collected, collectedBytes).subarray(0, size);
    if (typeflag === 'L') longName = content.toString('utf8').replace(/\0+$/, '');
    else if (typeflag === 'x') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(content.toString('utf8'));
      if (path) longName = path[1];
    } else onFile(name, content);
    collected = null;
  };

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let data: Buffer = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    pending = Buffer.alloc(0);
    while (data.length > 0 && !ended) {
      if (remaining > 0) {
        const take = Math.min(remaining, data.length);
        if (collected) {
          const useful = Math.min(take, size - collectedBytes);
          if (useful > 0) {
            collected.push(data.subarray(0, useful));
            collectedBytes += useful;
          }
        }
        data = data.subarray(take);
        remaining -= take;
        if (remaining === 0) finishEntry();
        continue;
      }
      if (data.length < BLOCK) {
        pending = Buffer.from(data);
        break;
      }
      const header = data.subarray(0, BLOCK);
      data = data.subarray(BLOCK);
      if (header.every((b) => b === 0)) {
        ended = true; // end-of-archive marker
        break;
      }
      if (!checksumOk(header)) throw new Error('tar: header checksum mismatch (corrupt or not a tar archive)');
      size = octal(header, 124, 12);
      typeflag = String.fromCharCode(header[156]!) || '0';
      const prefix = header.toString('latin1', 257, 262) === 'ustar' ? cString(header, 345, 155) : '';
      name = longName ?? (prefix ? `${prefix}/${cString(header, 0, 100)}` : cString(header, 0, 100));
      if (typeflag !== 'L' && typeflag !== 'x') longName = undefined;
      remaining = Math.ceil(size / BLOCK) * BLOCK;
      const isFile = typeflag === '0' || typeflag === '\0';
      const keep = typeflag === 'L' || typeflag === 'x' || (isFile && wanted(name));
      if (keep && size > maxEntryBytes)
        throw new Error(`tar: entry '${name}' is ${size} bytes, over the ${maxEntryBytes}-byte limit for entries read into memory`);
      collected = keep ? [] : null;
      collectedBytes = 0;
      if (remaining === 0) finishEntry();
    }
    if (ended) break;
  }
  if (!ended && (remaining > 0 || pending.length > 0)) throw new Error('tar: archive ends in the middle of an entry (truncated)');
}
