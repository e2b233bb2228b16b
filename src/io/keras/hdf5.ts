// HDF5 through h5wasm (HDF5 compiled to WebAssembly, no native build), loaded with a dynamic
// import the first time a Keras file is read or written, so programs that never touch one do
// not load its 4 MB module. h5wasm works on files in its in-memory file system: bytes go in
// under a unique name and are unlinked when done.

import type * as H5 from 'h5wasm';

type H5Module = typeof import('h5wasm');
let loading: Promise<H5Module> | null = null;

async function h5wasm(): Promise<H5Module> {
  loading ??= import('h5wasm').then(async (m) => {
    await m.ready;
    return m;
  });
  return loading;
}

let fileCounter = 0;
const fsOf = (m: H5Module): { writeFile(p: string, d: Uint8Array): void; readFile(p: string): Uint8Array; unlink(p: string): void } =>
  m.FS as unknown as { writeFile(p: string, d: Uint8Array): void; readFile(p: string): Uint8Array; unlink(p: string): void };

/** A read-only view of an HDF5 file, with checked access (never a crash on a damaged file). */
export class H5Reader {
  constructor(
    private readonly m: H5Module,
    readonly file: H5.File,
    readonly source: string,
  ) {}

  /** The group at `path`, or null when it is absent (or is not a group). */
  group(path: string): H5.Group | null {
    const e = this.safeGet(path);
    return e instanceof this.m.Group ? e : null;
  }

  dataset(path: string): H5.Dataset | null {
    const e = this.safeGet(path);
    return e instanceof this.m.Dataset ? e : null;
  }

  private safeGet(path: string): unknown {
    try {
      return this.file.get(path);
    } catch {
      return null;
    }
  }

  keys(group: H5.Group): string[] {
    try {
      return group.keys();
    } catch (e) {
      throw new Error(`${this.source}: cannot list HDF5 group '${group.path}' (${(e as Error).message}); the file is damaged`);
    }
  }

  /** A string or string-list attribute (Keras stores JSON and name lists this way), or null. */
  attr(entity: H5.Group | H5.File, name: string): string | string[] | null {
    let value: unknown;
    try {
      const a = entity.attrs[name];
      if (!a) return null;
      value = a.json_value;
    } catch (e) {
      throw new Error(`${this.source}: cannot read HDF5 attribute '${name}' of '${entity.path}' (${(e as Error).message}); the file is damaged`);
    }
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    if (Array.isArray(value) && value.length === 0) return [];
    return null;
  }

  /**
   * A list attribute that Keras 2 may split into chunks when it outgrows HDF5's 64 KB object
   * header: `name`, or `name0`, `name1`, ... concatenated.
   */
  listAttr(entity: H5.Group | H5.File, name: string): string[] | null {
    const whole = this.attr(entity, name);
    if (whole !== null) return typeof whole === 'string' ? [whole] : whole;
    const out: string[] = [];
    for (let i = 0; ; i++) {
      const part = this.attr(entity, `${name}${i}`);
      if (part === null) return i === 0 ? null : out;
      out.push(...(typeof part === 'string' ? [part] : part));
    }
  }

  /**
   * A float dataset's values, after checking its shape equals `want` (so nothing is allocated
   * for a shape the model does not expect). `what` names the layer and weight for errors.
   */
  floats(ds: H5.Dataset, want: number[], what: string): Float32Array {
    let shape: number[] | null;
    let meta: { type: number; size: number };
    try {
      shape = ds.shape;
      meta = ds.metadata as unknown as { type: number; size: number };
    } catch (e) {
      throw new Error(`${this.source}: ${what}: unreadable dataset header (${(e as Error).message})`);
    }
    const have = shape ?? [];
    if (have.length !== want.length || have.some((d, i) => d !== want[i])) {
      throw new Error(`${this.source}: ${what} has shape [${have.join(', ')}] in the file, the model expects [${want.join(', ')}]`);
    }
    if (meta.type !== 1 || (meta.size !== 4 && meta.size !== 8)) {
      throw new Error(`${this.source}: ${what} is not a float32/float64 array (HDF5 class ${meta.type}, ${meta.size} bytes)`);
    }
    let value: unknown;
    try {
      value = ds.value;
    } catch (e) {
      throw new Error(`${this.source}: ${what}: cannot read its data (${(e as Error).message}); the file is damaged`);
    }
    const n = want.reduce((a, b) => a * b, 1);
    if (typeof value === 'number' && n === 1) return Float32Array.of(value);
    if (!(value instanceof Float32Array || value instanceof Float64Array) || value.length !== n) {
      throw new Error(`${this.source}: ${what}: its data does not match its shape; the file is damaged`);
    }
    return value instanceof Float32Array ? value : Float32Array.from(value);
  }
}

/** Opens `bytes` as HDF5, runs `fn`, and always closes and removes the in-memory file. */
export async function withH5File<T>(bytes: Uint8Array, source: string, fn: (r: H5Reader) => T): Promise<T> {
  const m = await h5wasm();
  const fs = fsOf(m);
  const name = `/sunhwan-read-${++fileCounter}.h5`;
  fs.writeFile(name, bytes);
  let file: H5.File | null = null;
  try {
    try {
      file = new m.File(name, 'r');
    } catch (e) {
      throw new Error(`${source}: not a readable HDF5 file (${(e as Error).message})`);
    }
    return fn(new H5Reader(m, file, source));
  } finally {
    try {
      file?.close();
    } catch {
      // a damaged file may fail to close; the in-memory copy is removed below
    }
    fs.unlink(name);
  }
}

/** One HDF5 file under construction in memory; `build` fills it, the bytes come back. */
export async function buildH5File(build: (file: H5.File) => void): Promise<Uint8Array> {
  const m = await h5wasm();
  const fs = fsOf(m);
  const name = `/sunhwan-write-${++fileCounter}.h5`;
  const file = new m.File(name, 'w');
  try {
    build(file);
    file.flush();
  } finally {
    file.close();
  }
  try {
    return fs.readFile(name).slice();
  } finally {
    fs.unlink(name);
  }
}
