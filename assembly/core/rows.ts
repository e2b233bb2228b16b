// Row-wise kernels: bias rows, column sums, softmax and its gradient, and the
// Embedding pair gather / scatter-add (ids are int32 element offsets into the heap).

import { expv, hmax, hsum } from './simd-math';

/** x[r, :] += bias for every row r. */
export function addRowVector(x: i32, rows: i32, cols: i32, bias: i32): void {
  const pb = <usize>bias << 2;
  let row = <usize>x << 2;
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      v128.store(row + o, f32x4.add(v128.load(row + o), v128.load(pb + o)));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(row + o, load<f32>(row + o) + load<f32>(pb + o));
    }
    row += rowBytes;
  }
}

/** out[c] = Σ_r x[r, c] (or += when accumulate): 16 columns at a time down the rows. */
export function sumRows(x: i32, rows: i32, cols: i32, out: i32, accumulate: i32): void {
  const px = <usize>x << 2, po = <usize>out << 2;
  const rowBytes = <usize>cols << 2;
  const acc = accumulate != 0;
  let j = 0;
  for (; j + 16 <= cols; j += 16) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let p = px + (<usize>j << 2);
    for (let r = 0; r < rows; r++) {
      s0 = f32x4.add(s0, v128.load(p));
      s1 = f32x4.add(s1, v128.load(p, 16));
      s2 = f32x4.add(s2, v128.load(p, 32));
      s3 = f32x4.add(s3, v128.load(p, 48));
      p += rowBytes;
    }
    const q = po + (<usize>j << 2);
    if (acc) {
      s0 = f32x4.add(v128.load(q), s0);
      s1 = f32x4.add(v128.load(q, 16), s1);
      s2 = f32x4.add(v128.load(q, 32), s2);
      s3 = f32x4.add(v128.load(q, 48), s3);
    }
    v128.store(q, s0);
    v128.store(q, s1, 16);
    v128.store(q, s2, 32);
    v128.store(q, s3, 48);
  }
  for (; j + 4 <= cols; j += 4) {
    let s = f32x4.splat(0);
    let p = px + (<usize>j << 2);
    for (let r = 0; r < rows; r++) {
      s = f32x4.add(s, v128.load(p));
      p += rowBytes;
    }
    const q = po + (<usize>j << 2);
    v128.store(q, acc ? f32x4.add(v128.load(q), s) : s);
  }
  for (; j < cols; j++) {
    let s: f32 = 0;
    let p = px + (<usize>j << 2);
    for (let r = 0; r < rows; r++) {
      s += load<f32>(p);
      p += rowBytes;
    }
    const q = po + (<usize>j << 2);
    store<f32>(q, acc ? load<f32>(q) + s : s);
  }
}

/** Row-wise softmax, shifted by the row max so exp cannot overflow. y may alias x. */
export function softmaxRows(x: i32, y: i32, rows: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  let px = <usize>x << 2, py = <usize>y << 2;
  for (let r = 0; r < rows; r++) {
    let vmax = f32x4.splat(-Infinity);
    let j = 0;
    // pmax is one instruction (max is a NaN-safe sequence in V8); a NaN it skips still turns
    // its exp, the row sum and so the whole row into NaN, as in the reference
    for (; j + 4 <= cols; j += 4) vmax = f32x4.pmax(vmax, v128.load(px + (<usize>j << 2)));
    let rowMax = hmax(vmax);
    for (; j < cols; j++) rowMax = max(rowMax, load<f32>(px + (<usize>j << 2)));
    const vm = f32x4.splat(rowMax);
    let vsum = f32x4.splat(0);
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      const e = expv(f32x4.sub(v128.load(px + o), vm));
      v128.store(py + o, e);
      vsum = f32x4.add(vsum, e);
    }
    let sum = hsum(vsum);
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      const e = f32x4.extract_lane(expv(f32x4.splat(load<f32>(px + o) - rowMax)), 0);
      store<f32>(py + o, e);
      sum += e;
    }
    const vs = f32x4.splat(sum);
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      v128.store(py + o, f32x4.div(v128.load(py + o), vs));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(py + o, load<f32>(py + o) / sum);
    }
    px += rowBytes;
    py += rowBytes;
  }
}

/** dx = y ⊙ (dy − Σ(dy ⊙ y)) row-wise; dx may alias dy. */
export function softmaxRowsGrad(y: i32, dy: i32, dx: i32, rows: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  let py = <usize>y << 2, pdy = <usize>dy << 2, pdx = <usize>dx << 2;
  for (let r = 0; r < rows; r++) {
    let vdot = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      vdot = f32x4.add(vdot, f32x4.mul(v128.load(pdy + o), v128.load(py + o)));
    }
    let dot = hsum(vdot);
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      dot += load<f32>(pdy + o) * load<f32>(py + o);
    }
    const vd = f32x4.splat(dot);
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      v128.store(pdx + o, f32x4.mul(v128.load(py + o), f32x4.sub(v128.load(pdy + o), vd)));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(pdx + o, load<f32>(py + o) * (load<f32>(pdy + o) - dot));
    }
    py += rowBytes;
    pdy += rowBytes;
    pdx += rowBytes;
  }
}

/**
 * out[i, :] = table[ids[i], :]. Checks every id first; returns −1 when all are in
 * [0, tableRows), else the first bad position (nothing is written then).
 */
export function gather(table: i32, tableRows: i32, cols: i32, ids: i32, n: i32, out: i32): i32 {
  const pids = <usize>ids << 2;
  for (let i = 0; i < n; i++) {
    const id = load<i32>(pids + (<usize>i << 2));
    if (id < 0 || id >= tableRows) return i;
  }
  const rowBytes = <usize>cols << 2;
  const vectorBytes = rowBytes & ~15;
  const pt = <usize>table << 2;
  let po = <usize>out << 2;
  for (let i = 0; i < n; i++) {
    const src = pt + <usize>load<i32>(pids + (<usize>i << 2)) * rowBytes;
    // inline copies: memory.copy calls out to the runtime once per (short) row
    let o: usize = 0;
    for (; o < vectorBytes; o += 16) v128.store(po + o, v128.load(src + o));
    for (; o < rowBytes; o += 4) store<u32>(po + o, load<u32>(src + o));
    po += rowBytes;
  }
  return -1;
}

/** dTable[ids[i], :] += dOut[i, :] (repeated ids add up, in order). */
export function scatterAdd(dOut: i32, ids: i32, n: i32, cols: i32, dTable: i32): void {
  scatterAddPart(dOut, ids, n, cols, dTable, 1, 0);
}

/** scatterAdd for the ids with id % parts = part only (threads split dTable's rows; each row's additions stay in order). */
export function scatterAddPart(dOut: i32, ids: i32, n: i32, cols: i32, dTable: i32, parts: i32, part: i32): void {
  const pids = <usize>ids << 2;
  const rowBytes = <usize>cols << 2;
  const pt = <usize>dTable << 2;
  let ps = <usize>dOut << 2;
  for (let i = 0; i < n; i++) {
    const id = load<i32>(pids + (<usize>i << 2));
    if (parts > 1 && <u32>id % <u32>parts != <u32>part) {
      ps += rowBytes;
      continue;
    }
    const row = pt + <usize>id * rowBytes;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      v128.store(row + o, f32x4.add(v128.load(row + o), v128.load(ps + o)));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(row + o, load<f32>(row + o) + load<f32>(ps + o));
    }
    ps += rowBytes;
  }
}
