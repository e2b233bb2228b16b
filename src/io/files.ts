// File access for save/load and file-writing callbacks. Node's fs is loaded on first use
// through a computed specifier, so the browser-safe core never imports a Node built-in; in a
// browser these functions throw a clear error (use modelToBytes / modelFromBytes there).
// Writes are atomic: data goes to a temporary file in the same directory, then a rename.

interface NodeFileHandle {
  stat(): Promise<{ size: number; isDirectory(): boolean }>;
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  write(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesWritten: number }>;
  close(): Promise<void>;
}

interface NodeFs {
  open(path: string, flags: string): Promise<NodeFileHandle>;
  readFile(path: string): Promise<Uint8Array>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options?: { force?: boolean; recursive?: boolean }): Promise<void>;
  mkdir(path: string, options?: { recursive?: boolean }): Promise<string | undefined>;
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<{ mtimeMs: number }>;
}

let fsPromise: Promise<NodeFs> | null = null;

async function nodeFs(what: string): Promise<NodeFs> {
  const specifier = ['node', 'fs/promises'].join(':');
  fsPromise ??= import(/* @vite-ignore */ specifier) as Promise<NodeFs>;
  try {
    return await fsPromise;
  } catch {
    fsPromise = null;
    throw new Error(
      `${what}: file paths need Node.js (node:fs); in a browser use modelToBytes()/modelFromBytes() and store the bytes yourself`,
    );
  }
}

/**
 * A file path from what the user gave: tfjs' `file://path` spelling is accepted (the prefix is
 * dropped, so `file://./m.shw` is `./m.shw`); other URL schemes (http://, indexeddb://, …) are
 * refused instead of becoming a folder named `http:`.
 */
export function filePath(path: string, what: string): string {
  if (typeof path !== 'string' || path === '')
    throw new Error(`${what}: the path must be a non-empty string, got ${typeof path === 'string' ? '""' : typeof path}`);
  if (path.startsWith('file://')) return path.slice('file://'.length);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(path);
  if (scheme)
    throw new Error(
      `${what}: '${path}' is a URL (${scheme[1]}://), not a file path; sunhwan saves to files (use a path, or modelToBytes() and store the bytes yourself)`,
    );
  return path;
}

function parentDir(path: string): string | null {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i > 0 ? path.slice(0, i) : null;
}

/** A sibling temporary name: `<path>.tmp-<pid>-<random>` (the pid lets a cleaner tell a live writer's file from a dead one's). */
export function tempName(path: string): string {
  const pid = (globalThis as { process?: { pid?: number } }).process?.pid ?? 0;
  return `${path}.tmp-${pid}-${Math.floor(Math.random() * 2 ** 32).toString(36)}`;
}

interface NodeProcess {
  pid: number;
  uptime(): number;
  kill(pid: number, signal: number): boolean;
}

/** Whether a process with this id is running (a temp file of a live writer must stay). */
export function processAlive(pid: number): boolean {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (!proc || !Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === proc.pid) return true;
  try {
    proc.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

/**
 * Deletes leftovers of killed writers next to `path`: `<name>.tmp-<pid>-…` (saves) and
 * `<name>.part-<pid>-…` (downloads) whose process is gone; names without a pid (older versions)
 * when they predate this process. Returns the names removed.
 */
export async function removeStaleTemps(path: string): Promise<string[]> {
  const fs = await nodeFs('removeStaleTemps');
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const dir = cut > 0 ? path.slice(0, cut) : cut === 0 ? '/' : '.';
  const base = path.slice(cut + 1);
  const proc = (globalThis as { process?: NodeProcess }).process;
  const started = proc ? Date.now() - proc.uptime() * 1000 : 0;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(`${base}.tmp-`) && !name.startsWith(`${base}.part-`)) continue;
    const full = cut >= 0 ? `${path.slice(0, cut + 1)}${name}` : name;
    const pid = /^\.(?:tmp|part)-(\d+)-[0-9a-z]+$/.exec(name.slice(base.length));
    let stale: boolean;
    if (pid) stale = !processAlive(Number(pid[1]));
    else
      stale = await fs.stat(full).then(
        (s) => s.mtimeMs < started,
        () => false,
      );
    if (
      stale &&
      (await fs.rm(full, { force: true, recursive: true }).then(
        () => true,
        () => false,
      ))
    )
      removed.push(name);
  }
  return removed;
}

/** Writes the whole file or nothing: temp file + rename (parent directories are created). */
export async function writeFileAtomic(path: string, data: Uint8Array | string, what = 'write'): Promise<void> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  await writeFileAtomicStream(path, what, (file) => file.append(bytes));
}

/** Bytes per read or write when a file streams (big models: no single buffer over 2 GiB). Tests shrink it. */
export const ioChunk = { bytes: 64 << 20 };

/** Random access to an open file: `read` fills `target` from `position` (short files are an error). */
export interface FileReader {
  readonly size: number;
  read(target: Uint8Array, position: number): Promise<void>;
}

/** Opens `path` for reading, runs `use`, closes it. Errors name the file. */
export async function withFileReader<T>(path: string, what: string, use: (file: FileReader) => Promise<T>): Promise<T> {
  path = filePath(path, what);
  const fs = await nodeFs(what);
  let handle: NodeFileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (e) {
    throw fileError(e, path, what);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new Error(`${what}: '${path}' is a directory, not a saved model file`);
    const file: FileReader = {
      size: stat.size,
      async read(target, position) {
        for (let done = 0; done < target.length;) {
          const length = Math.min(ioChunk.bytes, target.length - done);
          const { bytesRead } = await handle.read(target, done, length, position + done);
          if (bytesRead === 0) throw new Error(`${what}: '${path}' ended early (it changed while being read?)`);
          done += bytesRead;
        }
      },
    };
    return await use(file);
  } finally {
    await handle.close();
  }
}

/** Where a streamed write goes: `append` adds at the end, `writeAt` patches earlier bytes. */
export interface FileWriter {
  append(bytes: Uint8Array): Promise<void>;
  writeAt(bytes: Uint8Array, position: number): Promise<void>;
}

/** Like writeFileAtomic, for data produced piece by piece (never one buffer for the whole file). */
export async function writeFileAtomicStream(path: string, what: string, produce: (file: FileWriter) => Promise<void>): Promise<void> {
  path = filePath(path, what);
  const fs = await nodeFs(what);
  const dir = parentDir(path);
  if (dir) await fs.mkdir(dir, { recursive: true });
  await removeStaleTemps(path);
  const tmp = tempName(path);
  try {
    const handle = await fs.open(tmp, 'w');
    try {
      let end = 0;
      const writeAll = async (bytes: Uint8Array, position: number): Promise<void> => {
        for (let done = 0; done < bytes.length;) {
          const { bytesWritten } = await handle.write(bytes, done, Math.min(ioChunk.bytes, bytes.length - done), position + done);
          done += bytesWritten;
        }
      };
      await produce({
        append: async (bytes) => {
          await writeAll(bytes, end);
          end += bytes.length;
        },
        writeAt: (bytes, position) => writeAll(bytes, position),
      });
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => {});
    throw new Error(`${what}: could not write '${path}': ${(e as Error).message}`);
  }
}

function fileError(e: unknown, path: string, what: string): Error {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return new Error(`${what}: no such file '${path}'`);
  if (code === 'EISDIR') return new Error(`${what}: '${path}' is a directory, not a saved model file`);
  return new Error(`${what}: could not read '${path}': ${(e as Error).message}`);
}

export async function readFileBytes(path: string, what = 'read'): Promise<Uint8Array> {
  path = filePath(path, what);
  const fs = await nodeFs(what);
  try {
    return await fs.readFile(path);
  } catch (e) {
    throw fileError(e, path, what);
  }
}

export async function fileExists(path: string): Promise<boolean> {
  path = filePath(path, 'fileExists');
  const fs = await nodeFs('fileExists');
  try {
    await fs.open(path, 'r').then((h) => h.close());
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return false;
    throw e;
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
