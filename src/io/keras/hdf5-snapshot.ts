// Reads a whole HDF5 file through h5wasm into plain objects: every group's string attributes
// and children, every dataset's shape, type and values. Keras files are small trees of
// float arrays, so one pass is cheap, and afterwards nothing touches libhdf5 again.
//
// This function is self-contained (no imports, no outer variables): src/io/keras/h5-worker.ts
// sends its source text to a worker thread, where a damaged file that sends libhdf5 into an
// endless loop can be stopped. Keep it that way.

/** A group: string attributes (JSON strings, name lists) and child names. */
export interface SnapshotGroup {
  attrs: Record<string, string | string[]>;
  children: string[];
}

/** A dataset: HDF5 class (1 float, 0 integer), element size, shape, values (null: too big or unreadable). */
export interface SnapshotDataset {
  shape: number[];
  type: number;
  size: number;
  data: Float32Array | Float64Array | number[] | null;
  problem?: string;
}

export interface H5Snapshot {
  groups: Record<string, SnapshotGroup>;
  datasets: Record<string, SnapshotDataset>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function snapshotH5(h5: any, bytes: Uint8Array, fileName: string): H5Snapshot {
  const groups: Record<string, SnapshotGroup> = {};
  const datasets: Record<string, SnapshotDataset> = {};
  // a dataset cannot hold more bytes than the (uncompressed) file: a larger claim is damage,
  // refused before anything is allocated for it
  let byteBudget = bytes.length;
  let objects = 0;
  // libhdf5's error stack as one line: the innermost frame's message
  const why = (e: unknown): string => {
    const text = String((e as Error)?.message ?? e);
    const frames = [...text.matchAll(/#\d+: .*? in [\w]+\(\): ([^\n]*)/g)];
    return frames.length ? frames[frames.length - 1]![1]!.trim() : text.split('\n')[0]!;
  };
  h5.FS.writeFile(fileName, bytes);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let file: any = null;
  try {
    try {
      file = new h5.File(fileName, 'r');
    } catch (e) {
      throw new Error(`not a readable HDF5 file (${why(e)})`);
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const attrsOf = (entity: any, path: string): Record<string, string | string[]> => {
      const out: Record<string, string | string[]> = {};
      let names: string[];
      try {
        names = Object.keys(entity.attrs);
      } catch (e) {
        throw new Error(`cannot list the attributes of '${path}' (${why(e)}); the file is damaged`);
      }
      for (const name of names) {
        try {
          const a = entity.attrs[name];
          if (a.metadata.type !== 3) continue; // only strings matter to Keras files
          const count = (a.shape ?? []).reduce((x: number, y: number) => x * y, 1);
          if (count > byteBudget) throw new Error(`claims ${count} strings`);
          const v = a.json_value;
          if (typeof v === 'string') out[name] = v;
          else if (Array.isArray(v) && v.every((s) => typeof s === 'string')) out[name] = v;
        } catch (e) {
          throw new Error(`cannot read attribute '${name}' of '${path}' (${why(e)}); the file is damaged`);
        }
      }
      return out;
    };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const walk = (group: any, path: string): void => {
      let children: string[];
      try {
        children = group.keys();
      } catch (e) {
        throw new Error(`cannot list group '${path}' (${why(e)}); the file is damaged`);
      }
      groups[path] = { attrs: attrsOf(group, path), children };
      for (const child of children) {
        if (++objects > 100000) throw new Error('more than 100000 objects; the file is damaged');
        const childPath = path === '/' ? `/${child}` : `${path}/${child}`;
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        let entity: any;
        try {
          entity = group.get(child);
        } catch (e) {
          throw new Error(`cannot open '${childPath}' (${why(e)}); the file is damaged`);
        }
        if (entity instanceof h5.Group) walk(entity, childPath);
        else if (entity instanceof h5.Dataset) {
          let shape: number[];
          let meta: { type: number; size: number };
          try {
            shape = entity.shape ?? [];
            meta = entity.metadata;
          } catch (e) {
            datasets[childPath] = { shape: [], type: -1, size: 0, data: null, problem: `unreadable header (${why(e)})` };
            continue;
          }
          const count = shape.reduce((x, y) => x * y, 1);
          const record: SnapshotDataset = { shape, type: meta.type, size: meta.size, data: null };
          datasets[childPath] = record;
          if (!(count * meta.size <= byteBudget) || !(meta.type === 0 || meta.type === 1)) {
            record.problem = `claims ${count} elements of ${meta.size} bytes, more than the file holds`;
            continue;
          }
          byteBudget -= count * meta.size;
          try {
            const v = entity.value;
            if (v instanceof Float32Array || v instanceof Float64Array) record.data = v.slice();
            else if (typeof v === 'number' || typeof v === 'bigint') record.data = [Number(v)];
            else if (ArrayBuffer.isView(v)) record.data = Array.from(v as unknown as ArrayLike<number | bigint>, (x) => Number(x));
            else record.problem = 'unreadable values';
          } catch (e) {
            record.problem = `cannot read its data (${why(e)})`;
          }
        }
      }
    };
    walk(file, '/');
    return { groups, datasets };
  } finally {
    try {
      file?.close();
    } catch {
      // a damaged file may fail to close; its in-memory copy goes below
    }
    try {
      h5.FS.unlink(fileName);
    } catch {
      // already gone
    }
  }
}
