// HDF5 through h5wasm (HDF5 compiled to WebAssembly, no native build), loaded with a dynamic
// import the first time a Keras file is read or written, so programs that never touch one do
// not load its 4 MB module. Reading takes a snapshot of the whole file (./hdf5-snapshot.ts),
// in a worker with a time limit under Node (./h5-worker.ts); writing builds a file in
// h5wasm's in-memory file system and returns its bytes.

import type * as H5 from 'h5wasm';
import { snapshotH5, type H5Snapshot, type SnapshotDataset } from './hdf5-snapshot.ts';
import { h5WorkerAvailable, snapshotInWorker } from './h5-worker.ts';

type H5Module = typeof import('h5wasm');
let loading: Promise<H5Module> | null = null;

async function h5wasm(): Promise<H5Module> {
  loading ??= import('h5wasm').then(async (m) => {
    const module = (await m.ready) as unknown as { activate_throwing_error_handler?: () => number };
    // HDF5 errors become JS exceptions (caught and reported with the file's name) instead of
    // error stacks printed to stderr
    module.activate_throwing_error_handler?.();
    return m;
  });
  return loading;
}

let fileCounter = 0;
const fsOf = (m: H5Module): { readFile(p: string): Uint8Array; unlink(p: string): void } =>
  m.FS as unknown as { readFile(p: string): Uint8Array; unlink(p: string): void };

/** A group of the snapshot, by its absolute path. */
export interface H5Group {
  path: string;
}

/** Checked access to a read HDF5 file (a snapshot: libhdf5 is done with it). */
export class H5Reader {
  constructor(
    private readonly snap: H5Snapshot,
    readonly source: string,
  ) {}

  private abs(path: string): string {
    const p = `/${path}`.replace(/\/+/g, '/');
    return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
  }

  /** The group at `path`, or null when it is absent (or is not a group). */
  group(path: string): H5Group | null {
    const p = this.abs(path);
    return this.snap.groups[p] ? { path: p } : null;
  }

  dataset(path: string): (SnapshotDataset & { path: string }) | null {
    const p = this.abs(path);
    const d = this.snap.datasets[p];
    return d ? { ...d, path: p } : null;
  }

  keys(group: H5Group): string[] {
    return [...(this.snap.groups[group.path]?.children ?? [])];
  }

  /** A string or string-list attribute (Keras stores JSON and name lists this way), or null. */
  attr(group: H5Group, name: string): string | string[] | null {
    return this.snap.groups[group.path]?.attrs[name] ?? null;
  }

  /**
   * A list attribute that Keras 2 may split into chunks when it outgrows HDF5's 64 KB object
   * header: `name`, or `name0`, `name1`, ... concatenated.
   */
  listAttr(group: H5Group, name: string): string[] | null {
    const whole = this.attr(group, name);
    if (whole !== null) return typeof whole === 'string' ? [whole] : whole;
    const out: string[] = [];
    for (let i = 0; ; i++) {
      const part = this.attr(group, `${name}${i}`);
      if (part === null) return i === 0 ? null : out;
      out.push(...(typeof part === 'string' ? [part] : part));
    }
  }

  /** A float dataset's values, after checking its shape equals `want`; `what` names the layer and weight. */
  floats(ds: SnapshotDataset, want: number[], what: string): Float32Array {
    const have = ds.shape;
    if (have.length !== want.length || have.some((d, i) => d !== want[i])) {
      throw new Error(`${this.source}: ${what} has shape [${have.join(', ')}] in the file, the model expects [${want.join(', ')}]`);
    }
    if (ds.problem) throw new Error(`${this.source}: ${what}: ${ds.problem}; the file is damaged`);
    if (ds.type !== 1 || (ds.size !== 4 && ds.size !== 8)) {
      throw new Error(`${this.source}: ${what} is not a float32/float64 array (HDF5 class ${ds.type}, ${ds.size} bytes)`);
    }
    const n = want.reduce((a, b) => a * b, 1);
    const v = ds.data;
    if (!v || v.length !== n) throw new Error(`${this.source}: ${what}: its data does not match its shape; the file is damaged`);
    return v instanceof Float32Array ? v : Float32Array.from(v);
  }
}

/** Time allowed for reading a file's HDF5 structure in the worker (generous: ~1 s per 10 MB + 20 s). */
const limitFor = (bytes: Uint8Array): number => 20_000 + bytes.length / 10_000;

/** Reads `bytes` as HDF5 (in a worker with a time limit where Node allows) and runs `fn` on it. */
export async function withH5File<T>(bytes: Uint8Array, source: string, timeoutMs: number | undefined, fn: (r: H5Reader) => T): Promise<T> {
  let snap: H5Snapshot;
  if (h5WorkerAvailable()) snap = await snapshotInWorker(bytes, source, timeoutMs ?? limitFor(bytes));
  else {
    const m = await h5wasm();
    try {
      snap = snapshotH5(m, bytes, `/sunhwan-read-${++fileCounter}.h5`);
    } catch (e) {
      throw new Error(`${source}: ${(e as Error).message}`);
    }
  }
  return fn(new H5Reader(snap, source));
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
