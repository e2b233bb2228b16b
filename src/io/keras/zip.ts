// The .keras archive (a zip of config.json, metadata.json, model.weights.h5, maybe assets/)
// through fflate. Entry names are checked before anything is inflated: '..' segments and
// absolute paths are refused, and a declared size far beyond what its compressed bytes can
// hold (a zip bomb or a bit flip in the directory) is refused before its buffer is allocated.

import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';

/** Deflate cannot expand data more than ~1032×; anything beyond that is not a real entry. */
const MAX_RATIO = 1100;
const MAX_ENTRY_BYTES = 2 ** 31 - 1;

export function unsafeEntryName(name: string): boolean {
  return (
    name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name) || name.split(/[\\/]/).includes('..') || name.includes('\0')
  );
}

/** Reads the entries a .keras file needs; refuses unsafe names and impossible sizes. */
export function readKerasZip(bytes: Uint8Array, source: string): Map<string, Uint8Array> {
  const wanted = new Set(['config.json', 'metadata.json', 'model.weights.h5']);
  let entries: Unzipped;
  try {
    entries = unzipSync(bytes, {
      filter(file) {
        if (unsafeEntryName(file.name)) {
          throw new Error(`${source}: the archive holds an entry with an unsafe path '${file.name}' (absolute or with '..'); refused`);
        }
        if (!wanted.has(file.name)) return false;
        const limit = file.compression === 0 ? file.size : Math.min(MAX_ENTRY_BYTES, file.size * MAX_RATIO + 1024);
        if (!(file.originalSize >= 0 && file.originalSize <= limit && file.originalSize <= bytes.length * MAX_RATIO)) {
          throw new Error(
            `${source}: entry '${file.name}' claims ${file.originalSize} bytes from ${file.size} stored bytes; the archive is damaged`,
          );
        }
        return true;
      },
    });
  } catch (e) {
    const message = (e as Error).message;
    throw new Error(message.startsWith(source) ? message : `${source}: not a readable .keras archive (zip: ${message})`);
  }
  const out = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(entries)) out.set(name, data);
  return out;
}

export function jsonEntry(entries: Map<string, Uint8Array>, name: string, source: string): Record<string, unknown> {
  const data = entries.get(name);
  if (!data) throw new Error(`${source}: the .keras archive has no ${name}`);
  let value: unknown;
  try {
    value = JSON.parse(strFromU8(data));
  } catch (e) {
    throw new Error(`${source}: ${name} is not valid JSON (${(e as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${source}: ${name} is not a JSON object`);
  return value as Record<string, unknown>;
}

/**
 * JSON as Python reads it back: optimizer hyperparameters that Keras checks to be floats
 * (`isinstance(momentum, float)` in SGD) keep a decimal point when they are whole numbers
 * (JavaScript writes 0 for 0.0, which Python reads as an int).
 */
export function kerasJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /("(?:momentum|rho|epsilon|beta_1|beta_2|learning_rate|initial_accumulator_value)":)(-?\d+)(?=[,}])/g,
    '$1$2.0',
  );
}

/** A .keras archive from its three parts (stored, as Keras writes them). */
export function writeKerasZip(config: unknown, metadata: unknown, weights: Uint8Array): Uint8Array {
  return zipSync(
    {
      'metadata.json': strToU8(JSON.stringify(metadata)),
      'config.json': strToU8(kerasJson(config)),
      'model.weights.h5': weights,
    },
    { level: 0, mtime: new Date('2000-01-01T00:00:00Z') },
  );
}
