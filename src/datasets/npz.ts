// numpy's .npz (a zip of .npy files) read without executing anything: numeric arrays from their
// raw bytes, object arrays (ragged sequences) through the restricted pickle reader of
// npy-pickle.ts. Enough for Keras' dataset files (reuters.npz: x ragged word ids, y int64 labels).
import { unzipSync } from 'fflate';
import { readNumpyPickle } from './npy-pickle.ts';

export interface NpyArray {
  shape: number[];
  /** numpy's descriptor, e.g. '<i8', '|O'. */
  descr: string;
  /** Numbers in C order for numeric arrays; for object arrays, the items (number[] per ragged row). */
  data: number[] | unknown[];
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Parses numpy's header dict, e.g. "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }". */
function parseHeader(header: string, what: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shape === undefined) throw new Error(`${what}: not a numpy header: ${header.slice(0, 80)}`);
  const dims = shape
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (!dims.every((d) => Number.isInteger(d) && d >= 0)) throw new Error(`${what}: bad shape (${shape})`);
  return { descr, fortran: fortran === 'True', shape: dims };
}

/** Reads one .npy file's bytes. */
export function readNpy(bytes: Uint8Array, what = 'npy'): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error(`${what}: not a .npy file (no \\x93NUMPY magic)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw new Error(`${what}: .npy format version ${major} is not supported`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLength > bytes.length) throw new Error(`${what}: the header runs past the end of the file`);
  const header = Buffer.from(bytes.buffer, bytes.byteOffset + start, headerLength).toString(major === 3 ? 'utf8' : 'latin1');
  const { descr, fortran, shape } = parseHeader(header, what);
  const body = bytes.subarray(start + headerLength);
  if (descr === '|O' || descr === 'O') return { shape, descr, data: readNumpyPickle(body, what) };
  if (fortran && shape.length > 1) throw new Error(`${what}: Fortran-ordered arrays are not supported`);
  const count = shape.reduce((a, b) => a * b, 1);
  const m = /^([<>|=])([iuf])(\d)$/.exec(descr);
  if (!m) throw new Error(`${what}: dtype ${descr} is not supported (numbers and objects only)`);
  const [, order, kind, sizeText] = m;
  const size = Number(sizeText);
  if (body.length < count * size) throw new Error(`${what}: ${body.length} bytes of data for ${count} values of ${size} bytes`);
  const little = order !== '>';
  const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const read: (o: number) => number =
    kind === 'f'
      ? size === 4
        ? (o) => dv.getFloat32(o, little)
        : (o) => dv.getFloat64(o, little)
      : size === 1
        ? kind === 'i'
          ? (o) => dv.getInt8(o)
          : (o) => dv.getUint8(o)
        : size === 2
          ? kind === 'i'
            ? (o) => dv.getInt16(o, little)
            : (o) => dv.getUint16(o, little)
          : size === 4
            ? kind === 'i'
              ? (o) => dv.getInt32(o, little)
              : (o) => dv.getUint32(o, little)
            : (o) => Number(kind === 'i' ? dv.getBigInt64(o, little) : dv.getBigUint64(o, little));
  if (![1, 2, 4, 8].includes(size) || (kind === 'f' && size < 4)) throw new Error(`${what}: dtype ${descr} is not supported`);
  const data = new Array<number>(count);
  for (let i = 0; i < count; i++) data[i] = read(i * size);
  return { shape, descr, data };
}

/** Reads every .npy member of an .npz file's bytes, keyed by name without '.npy'. */
export function readNpz(bytes: Uint8Array, what = 'npz'): Record<string, NpyArray> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new Error(`${what}: not a readable .npz (zip) file: ${(e as Error).message}`);
  }
  const arrays: Record<string, NpyArray> = {};
  for (const [name, content] of Object.entries(files)) {
    if (!name.endsWith('.npy')) continue;
    arrays[name.slice(0, -4)] = readNpy(content, `${what}: ${name}`);
  }
  return arrays;
}
