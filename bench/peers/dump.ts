// The case file every contestant of one case shares, so that all of them compute the same
// thing: the batch (x, y), sunhwan's initial weights in Keras order and layout, and
// sunhwan's predict output on x before any training. The sunhwan child writes it; every
// peer loads the weights, predicts x and reports max |its output − sunhwan's| as its check
// (peer_common.py reads the same files from Python).
//   <path>.json  {"arrays": {"x": {"dtype", "shape", "offset"}, "y", "output", "w0", "w1", …}, "weights": n}
//   <path>.bin   the arrays, float32 / int32 little-endian, at those byte offsets

import { readFileSync, writeFileSync } from 'node:fs';

export type Dumped = Float32Array | Int32Array;

export interface CaseFile {
  x: Dumped;
  xShape: number[];
  y: Float32Array;
  yShape: number[];
  output: Float32Array;
  outputShape: number[];
  weights: { values: Float32Array; shape: number[] }[];
}

interface Entry {
  dtype: 'float32' | 'int32';
  shape: number[];
  offset: number;
}

export function writeCaseFile(path: string, c: CaseFile): void {
  const named: [string, Dumped, number[]][] = [
    ['x', c.x, c.xShape],
    ['y', c.y, c.yShape],
    ['output', c.output, c.outputShape],
    ...c.weights.map((w, i): [string, Dumped, number[]] => [`w${i}`, w.values, w.shape]),
  ];
  const arrays: Record<string, Entry> = {};
  let offset = 0;
  for (const [name, values, shape] of named) {
    arrays[name] = { dtype: values instanceof Int32Array ? 'int32' : 'float32', shape, offset };
    offset += values.byteLength;
  }
  const bin = new Uint8Array(offset);
  for (const [name, values] of named) bin.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), arrays[name]!.offset);
  writeFileSync(`${path}.bin`, bin);
  writeFileSync(`${path}.json`, JSON.stringify({ arrays, weights: c.weights.length }));
}

export function readCaseFile(path: string): CaseFile {
  const header = JSON.parse(readFileSync(`${path}.json`, 'utf8')) as { arrays: Record<string, Entry>; weights: number };
  const bin = readFileSync(`${path}.bin`);
  const read = (name: string): { values: Dumped; shape: number[] } => {
    const e = header.arrays[name];
    if (!e) throw new Error(`${path}.json has no array ${name}`);
    const length = e.shape.reduce((a, b) => a * b, 1);
    // copy out: the Buffer's offset need not be 4-byte aligned
    const bytes = bin.subarray(e.offset, e.offset + length * 4);
    const aligned = new Uint8Array(bytes).buffer;
    return { values: e.dtype === 'int32' ? new Int32Array(aligned) : new Float32Array(aligned), shape: e.shape };
  };
  const x = read('x');
  const y = read('y');
  const output = read('output');
  const weights = Array.from({ length: header.weights }, (_, i) => read(`w${i}`) as { values: Float32Array; shape: number[] });
  return {
    x: x.values,
    xShape: x.shape,
    y: y.values as Float32Array,
    yShape: y.shape,
    output: output.values as Float32Array,
    outputShape: output.shape,
    weights,
  };
}

/** max |a − b|, Infinity when the lengths differ or a value is not finite. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
  }
  return worst;
}
