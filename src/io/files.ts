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

function parentDir(path: string): string | null {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i > 0 ? path.slice(0, i) : null;
}

/** Writes the whole file or nothing: temp file + rename (parent directories are created). */
export async function writeFileAtomic(path: string, data: Uint8Array | string, what = 'write'): Promise<void> {
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
