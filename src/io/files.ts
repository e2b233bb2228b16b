// File access for save/load and file-writing callbacks. Node's fs is loaded on first use
// through a computed specifier, so the browser-safe core never imports a Node built-in; in a
// browser these functions throw a clear error (use modelToBytes / modelFromBytes there).
// Writes are atomic: data goes to a temporary file in the same directory, then a rename.

interface NodeFs {
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options?: { force?: boolean }): Promise<void>;
  mkdir(path: string, options?: { recursive?: boolean }): Promise<string | undefined>;
}

let fsPromise: Promise<NodeFs> | null = null;

async function nodeFs(what: string): Promise<NodeFs> {
  const specifier = ['node', 'fs/promises'].join(':');
  fsPromise ??= import(/* @vite-ignore */ specifier) as Promise<NodeFs>;
  try {
    return await fsPromise;
  } catch {
    fsPromise = null;
    throw new Error(`${what}: file paths need Node.js (node:fs); in a browser use modelToBytes()/modelFromBytes() and store the bytes yourself`);
  }
}

/**
 * A file path from what the user gave: tfjs' `file://path` spelling is accepted (the prefix is
 * dropped, so `file://./m.shw` is `./m.shw`); other URL schemes (http://, indexeddb://, …) are
 * refused instead of becoming a folder named `http:`.
 */
export function filePath(path: string, what: string): string {
  if (typeof path !== 'string' || path === '') throw new Error(`${what}: the path must be a non-empty string, got ${typeof path === 'string' ? '""' : typeof path}`);
  if (path.startsWith('file://')) return path.slice('file://'.length);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(path);
  if (scheme) throw new Error(`${what}: '${path}' is a URL (${scheme[1]}://), not a file path; sunhwan saves to files (use a path, or modelToBytes() and store the bytes yourself)`);
  return path;
}

function parentDir(path: string): string | null {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i > 0 ? path.slice(0, i) : null;
}

/** Writes the whole file or nothing: temp file + rename (parent directories are created). */
export async function writeFileAtomic(path: string, data: Uint8Array | string, what = 'write'): Promise<void> {
  path = filePath(path, what);
  const fs = await nodeFs(what);
  const dir = parentDir(path);
  if (dir) await fs.mkdir(dir, { recursive: true });
  const tmp = `${path}.tmp-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => {});
    throw new Error(`${what}: could not write '${path}': ${(e as Error).message}`);
  }
}

export async function readFileBytes(path: string, what = 'read'): Promise<Uint8Array> {
  path = filePath(path, what);
  const fs = await nodeFs(what);
  try {
    return await fs.readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') throw new Error(`${what}: no such file '${path}'`);
    if (code === 'EISDIR') throw new Error(`${what}: '${path}' is a directory, not a saved model file`);
    throw new Error(`${what}: could not read '${path}': ${(e as Error).message}`);
  }
}

/** The file's text, or null when it does not exist (CSVLogger append). */
export async function readTextIfExists(path: string, what = 'read'): Promise<string | null> {
  const fs = await nodeFs(what);
  try {
    return new TextDecoder().decode(await fs.readFile(path));
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return null;
    throw e;
  }
}
