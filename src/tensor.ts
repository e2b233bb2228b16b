// The user-facing tensor: a plain typed array plus a shape. It never lives in the
// kernel heap (see heap.ts); models copy batches in at the edge and results out.
// Nothing to dispose: it is garbage-collected like any JS object.

export type DType = 'float32' | 'int32';
export type TypedArray = Float32Array | Int32Array;
export type NestedArray = number | NestedArray[];

export class Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly size: number;
  private readonly values: TypedArray;

  constructor(values: TypedArray, shape: readonly number[]) {
    const size = shapeSize(shape);
    if (values.length !== size) {
      throw new Error(`tensor: ${values.length} values do not fill shape [${shape.join(', ')}] (needs ${size})`);
    }
    this.values = values;
    this.shape = Object.freeze([...shape]);
    this.dtype = values instanceof Int32Array ? 'int32' : 'float32';
    this.size = size;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The backing typed array (not a copy: writing to it changes the tensor). */
  dataSync(): TypedArray {
    return this.values;
  }

  /** Nested JS arrays, like tfjs' arraySync(). */
  toArray(): NestedArray {
    if (this.shape.length === 0) return this.values[0]!;
    const build = (dim: number, offset: number): NestedArray[] => {
      const n = this.shape[dim]!;
      const stride = shapeSize(this.shape.slice(dim + 1));
      const out: NestedArray[] = new Array(n);
      for (let i = 0; i < n; i++) {
        out[i] = dim === this.shape.length - 1 ? this.values[offset + i]! : build(dim + 1, offset + i * stride);
      }
      return out;
    };
    return build(0, 0);
  }

  /** Same values, new shape (a view: no copy). One dimension may be -1. */
  reshape(shape: readonly number[]): Tensor {
    return new Tensor(this.values, resolveShape(shape, this.size));
  }

  /** Rows [start, end) along the first axis, as a view (no copy). */
  slice(start: number, end: number = this.shape[0]!): Tensor {
    const rows = this.shape[0]!;
    if (start < 0 || end > rows || start > end) {
      throw new Error(`tensor.slice: rows [${start}, ${end}) are outside [0, ${rows})`);
    }
    const stride = this.size / Math.max(rows, 1);
    const sub = this.values.subarray(start * stride, end * stride);
    return new Tensor(sub, [end - start, ...this.shape.slice(1)]);
  }

  toString(): string {
    return `Tensor(${this.dtype}, [${this.shape.join(', ')}])`;
  }
}

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function resolveShape(shape: readonly number[], size: number): number[] {
  const unknown = shape.indexOf(-1);
  if (unknown < 0) return [...shape];
  const known = shapeSize(shape.filter((d) => d !== -1));
  if (known === 0 || size % known !== 0) {
    throw new Error(`reshape: cannot infer -1 in [${shape.join(', ')}] for ${size} values`);
  }
  const out = [...shape];
  out[unknown] = size / known;
  return out;
}

function inferShape(values: NestedArray): number[] {
  const shape: number[] = [];
  let v: NestedArray = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0]!;
  }
  return shape;
}

function flatten(values: NestedArray, shape: number[], out: number[], depth = 0, path = ''): void {
  if (depth === shape.length) {
    if (typeof values !== 'number') {
      throw new Error(`tensor: expected a number at ${path || 'top level'}, got ${Array.isArray(values) ? 'an array' : typeof values}`);
    }
    out.push(values);
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[depth]) {
    const got = Array.isArray(values) ? `length ${values.length}` : typeof values;
    throw new Error(`tensor: ragged nested array at ${path || 'top level'}: expected length ${shape[depth]}, got ${got}`);
  }
  for (let i = 0; i < values.length; i++) flatten(values[i]!, shape, out, depth + 1, `${path}[${i}]`);
}

/**
 * Builds a tensor from nested arrays, a flat array or a typed array.
 * `tensor([[1, 2], [3, 4]])`, `tensor([1, 2, 3, 4], [2, 2])`, `tensor(new Int32Array(6), [2, 3])`.
 */
export function tensor(values: NestedArray | ArrayLike<number> | TypedArray, shape?: readonly number[], dtype?: DType): Tensor {
  let flat: ArrayLike<number>;
  let inferred: number[];
  if (ArrayBuffer.isView(values)) {
    flat = values as TypedArray;
    inferred = [flat.length];
    dtype ??= values instanceof Int32Array ? 'int32' : 'float32';
  } else if (typeof values === 'number') {
    flat = [values];
    inferred = [];
  } else {
    inferred = inferShape(values as NestedArray);
    const out: number[] = [];
    flatten(values as NestedArray, inferred, out);
    flat = out;
  }
  const finalShape = shape ? resolveShape(shape, flat.length) : inferred;
  const kind = dtype ?? 'float32';
  if (kind !== 'float32' && kind !== 'int32') throw new Error(`tensor: unsupported dtype '${String(kind)}' (use 'float32' or 'int32')`);
  const typed = kind === 'int32' ? Int32Array.from(flat) : Float32Array.from(flat);
  return new Tensor(typed, finalShape);
}

export function zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  const n = shapeSize(shape);
  return new Tensor(dtype === 'int32' ? new Int32Array(n) : new Float32Array(n), shape);
}
