// GEMM, C = alpha·op(A)·op(B) + beta·C, for every transpose combination.
//
// GotoBLAS-style, sized for SIMD128: op(B) is packed, KC×NC at a time, into strips of 8
// columns ([strip][p][8], zero-padded) so the micro-kernel reads it sequentially. An A
// tile (4 rows of op(A) × kc) is packed as [p][4] once per k block and reused by every strip,
// so the micro-kernel's A loads sit at fixed offsets (one instruction each, no address adds)
// and a transposed A (the recurrent layers' dW = Xᵀ·dZ, dU = Hᵀ·dZ) no longer spreads the
// tile over 4× its size in cache lines; with a single strip A is read in place through two
// strides (row step, k step). The micro-kernel keeps a 4×8 tile of
// C in 8 f32x4 accumulators (wider tiles spill: V8 gives wasm 16 vector registers). Pointers
// are element offsets, as everywhere in the heap.

import { hsum, madd } from './simd-math';

const KC: i32 = 256;
const NC: i32 = 512;
/** Floats of scratch gemm needs: the packed B panel, one 4×8 tile for ragged edges, one packed 4×KC tile of Aᵀ. */
const SCRATCH_FLOATS: i32 = KC * NC + 32 + 4 * KC;

let panel: usize = 0;
let edgeTile: usize = 0;
let aPacked: usize = 0;

/** Floats of scratch memory a gemm call needs. */
export function gemmScratchFloats(): i32 {
  return SCRATCH_FLOATS;
}

/** Sets this instance's scratch region (element offset, gemmScratchFloats() long, 16-byte aligned). */
export function setGemmScratch(offset: i32): void {
  panel = <usize>offset << 2;
  edgeTile = panel + (<usize>(KC * NC) << 2);
  aPacked = edgeTile + (32 << 2);
}

/** The first byte after the module's static data (the loader checks it is below the scratch). */
export function staticDataEnd(): i32 {
  return <i32>__heap_base;
}

export function gemm(
  transA: i32, transB: i32, m: i32, n: i32, k: i32,
  alpha: f32, a: i32, lda: i32, b: i32, ldb: i32,
  beta: f32, c: i32, ldc: i32,
): void {
  product(transA, transB, m, n, k, alpha, a, lda, b, ldb, 0, beta, c, ldc);
}

/**
 * Packs op(B) (k×n) whole into `dst` (packedBFloats(n, k) floats), in the order gemmPackedB
 * reads it: for each block of NC columns, for each block of KC rows, the strips packBBlock makes.
 * A recurrent layer packs U once per call instead of once per step.
 */
export function packB(transB: i32, b: i32, ldb: i32, k: i32, n: i32, dst: i32): void {
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let p0 = 0; p0 < k; p0 += KC) {
      packBBlock(transB != 0, b, ldb, p0, min(KC, k - p0), jc, nc, packedBlock(dst, k, jc, p0, nc));
    }
  }
}

/** Floats packB writes for op(B) of k×n: n rounded up to whole strips of 8, times k. */
export function packedBFloats(n: i32, k: i32): i32 {
  return ((n + 7) & ~7) * k;
}

/** gemm with op(B) already packed by packB: the same blocks and tiles, bit for bit (m ≥ 4). */
export function gemmPackedB(
  transA: i32, m: i32, n: i32, k: i32,
  alpha: f32, a: i32, lda: i32, packed: i32,
  beta: f32, c: i32, ldc: i32,
): void {
  product(transA, 0, m, n, k, alpha, a, lda, 0, 0, packed, beta, c, ldc);
}

/** gemm, or gemmPackedB when `packed` is not 0 (then b and ldb are unused). */
// @ts-ignore: decorator
@inline function product(
  transA: i32, transB: i32, m: i32, n: i32, k: i32,
  alpha: f32, a: i32, lda: i32, b: i32, ldb: i32, packed: i32,
  beta: f32, c: i32, ldc: i32,
): void {
  if (m <= 0 || n <= 0) return;
  const cBase = <usize>c << 2;
  const cStride = <usize>ldc << 2;
  if (k <= 0) {
    scaleC(m, n, beta, cBase, cStride);
    return;
  }
  // element (i, p) of op(A) is at aBase + i·aRow + p·aCol
  const aRow: usize = transA ? 4 : <usize>lda << 2;
  const aCol: usize = transA ? <usize>lda << 2 : 4;
  const aBase = <usize>a << 2;
  // a row or three (batch-1 prediction, generation): packing B would cost as much as the
  // product and the 4-row tile would waste most of its work, so stream B directly
  if (m < 4 && !packed) {
    if (!transB) {
      rowsTimesB(m, n, k, alpha, aBase, aRow, aCol, <usize>b << 2, <usize>ldb << 2, beta, cBase, cStride);
      return;
    }
    if (!transA) {
      rowsDotRows(m, n, k, alpha, aBase, aRow, <usize>b << 2, <usize>ldb << 2, beta, cBase, cStride);
      return;
    }
  }
  blocks(m, n, k, alpha, aBase, aRow, aCol, transB != 0, b, ldb, packed, beta, cBase, cStride);
}

/** Byte address of block (jc, p0) of a packB buffer: whole NC-wide blocks before it, then its KC blocks. */
// @ts-ignore: decorator
@inline function packedBlock(packed: i32, k: i32, jc: i32, p0: i32, nc: i32): usize {
  return (<usize>packed << 2) + ((<usize>jc * <usize>k + <usize>p0 * <usize>((nc + 7) & ~7)) << 2);
}

/**
 * The GotoBLAS loops over blocks of op(B): packs each KC×NC block into the panel, or, when
 * `packed` is not 0, reads it from a packB buffer.
 */
function blocks(
  m: i32, n: i32, k: i32, alpha: f32, aBase: usize, aRow: usize, aCol: usize,
  transB: bool, b: i32, ldb: i32, packed: i32, beta: f32, cBase: usize, cStride: usize,
): void {
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = min(KC, k - p0);
      let block = panel;
      if (packed) block = packedBlock(packed, k, jc, p0, nc);
      else packBBlock(transB, b, ldb, p0, kc, jc, nc, panel);
      const first = p0 == 0;
      const stripBytes = <usize>kc << 5;
      for (let i = 0; i < m; i += 4) {
        const mr = min(4, m - i);
        const aTile = aBase + <usize>i * aRow + <usize>p0 * aCol;
        let strip = block;
        if (nc > 8) {
          // several strips reuse the tile: pack it once as [p][4]
          packATile(aTile, aRow, aCol, mr, kc);
          for (let j = 0; j < nc; j += 8) {
            const cTile = cBase + <usize>i * cStride + (<usize>(jc + j) << 2);
            packedKernel(kc, mr, strip, cTile, cStride, min(8, nc - j), alpha, beta, first);
            strip += stripBytes;
          }
          continue;
        }
        for (let j = 0; j < nc; j += 8) {
          const cTile = cBase + <usize>i * cStride + (<usize>(jc + j) << 2);
          microKernel(kc, aTile, aRow, aCol, mr, strip, cTile, cStride, min(8, nc - j), alpha, beta, first);
          strip += stripBytes;
        }
      }
    }
  }
}

/** C[i, :] = alpha·op(A)[i, :]·B (+ beta·C) for a few rows, B not transposed: 16 columns at a time down B. */
function rowsTimesB(
  m: i32, n: i32, k: i32, alpha: f32, aBase: usize, aRow: usize, aCol: usize,
  bBase: usize, bStride: usize, beta: f32, cBase: usize, cStride: usize,
): void {
  const va = f32x4.splat(alpha);
  for (let i = 0; i < m; i++) {
    const aI = aBase + <usize>i * aRow;
    const cI = cBase + <usize>i * cStride;
    let j = 0;
    for (; j + 16 <= n; j += 16) {
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
      let pa = aI;
      let pb = bBase + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        const av = v128.load32_splat(pa);
        s0 = madd(av, v128.load(pb), s0);
        s1 = madd(av, v128.load(pb, 16), s1);
        s2 = madd(av, v128.load(pb, 32), s2);
        s3 = madd(av, v128.load(pb, 48), s3);
        pa += aCol;
        pb += bStride;
      }
      const q = cI + (<usize>j << 2);
      v128.store(q, firstBlock(q, s0, va, beta));
      v128.store(q + 16, firstBlock(q + 16, s1, va, beta));
      v128.store(q + 32, firstBlock(q + 32, s2, va, beta));
      v128.store(q + 48, firstBlock(q + 48, s3, va, beta));
    }
    for (; j + 4 <= n; j += 4) {
      let s = f32x4.splat(0);
      let pa = aI;
      let pb = bBase + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        s = madd(v128.load32_splat(pa), v128.load(pb), s);
        pa += aCol;
        pb += bStride;
      }
      const q = cI + (<usize>j << 2);
      v128.store(q, firstBlock(q, s, va, beta));
    }
    for (; j < n; j++) {
      let s: f32 = 0;
      let pa = aI;
      let pb = bBase + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        s += load<f32>(pa) * load<f32>(pb);
        pa += aCol;
        pb += bStride;
      }
      const q = cI + (<usize>j << 2);
      store<f32>(q, beta == 0 ? alpha * s : alpha * s + beta * load<f32>(q));
    }
  }
}

/** C[i, j] = alpha·A[i, :]·B[j, :] (+ beta·C) for a few rows, A not and B transposed: dot products. */
function rowsDotRows(
  m: i32, n: i32, k: i32, alpha: f32, aBase: usize, aRow: usize,
  bBase: usize, bStride: usize, beta: f32, cBase: usize, cStride: usize,
): void {
  for (let i = 0; i < m; i++) {
    const aI = aBase + <usize>i * aRow;
    const cI = cBase + <usize>i * cStride;
    for (let j = 0; j < n; j++) {
      const bJ = bBase + <usize>j * bStride;
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
      let p = 0;
      for (; p + 8 <= k; p += 8) {
        const o = <usize>p << 2;
        s0 = madd(v128.load(aI + o), v128.load(bJ + o), s0);
        s1 = madd(v128.load(aI + o, 16), v128.load(bJ + o, 16), s1);
      }
      for (; p + 4 <= k; p += 4) {
        const o = <usize>p << 2;
        s0 = madd(v128.load(aI + o), v128.load(bJ + o), s0);
      }
      let s = hsum(f32x4.add(s0, s1));
      for (; p < k; p++) {
        const o = <usize>p << 2;
        s += load<f32>(aI + o) * load<f32>(bJ + o);
      }
      const q = cI + (<usize>j << 2);
      store<f32>(q, beta == 0 ? alpha * s : alpha * s + beta * load<f32>(q));
    }
  }
}

/** alpha·acc, plus beta·C unless beta is 0 (then C's old value, even NaN, is ignored). */
// @ts-ignore: decorator
@inline function firstBlock(q: usize, acc: v128, va: v128, beta: f32): v128 {
  if (beta == 0) return f32x4.mul(va, acc);
  return madd(va, acc, f32x4.mul(f32x4.splat(beta), v128.load(q)));
}

/** C = beta·C (0 when beta is 0, whatever C held): the k = 0 case. */
function scaleC(m: i32, n: i32, beta: f32, cBase: usize, cStride: usize): void {
  for (let i = 0; i < m; i++) {
    const row = cBase + <usize>i * cStride;
    for (let j = 0; j < n; j++) {
      const p = row + (<usize>j << 2);
      store<f32>(p, beta == 0 ? 0 : beta * load<f32>(p));
    }
  }
}

/**
 * Packs a tile of op(A) (mr ≤ 4 rows from aTile, element (r, p) at aTile + r·aRow + p·aCol)
 * into aPacked as [p][4]; rows past mr are zeros (their results are never stored).
 */
function packATile(aTile: usize, aRow: usize, aCol: usize, mr: i32, kc: i32): void {
  let dst = aPacked;
  const end = aPacked + (<usize>kc << 4);
  if (mr == 4 && aRow == 4) {
    // Aᵀ: the tile's 4 floats of each row of A are contiguous
    let src = aTile;
    while (dst < end) {
      v128.store(dst, v128.load(src));
      src += aCol;
      dst += 16;
    }
    return;
  }
  if (mr == 4 && aCol == 4) {
    // A: 4 rows read along p, 4×4 blocks transposed with shuffles
    let src = aTile;
    const end4 = aPacked + (<usize>(kc & ~3) << 4);
    while (dst < end4) {
      const r0 = v128.load(src), r1 = v128.load(src + aRow);
      const r2 = v128.load(src + aRow * 2), r3 = v128.load(src + aRow * 3);
      const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5); // a00 a10 a01 a11
      const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5); // a20 a30 a21 a31
      const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
      const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
      v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
      v128.store(dst, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), 16);
      v128.store(dst, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), 32);
      v128.store(dst, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), 48);
      src += 16;
      dst += 64;
    }
    while (dst < end) {
      store<f32>(dst, load<f32>(src));
      store<f32>(dst, load<f32>(src + aRow), 4);
      store<f32>(dst, load<f32>(src + aRow * 2), 8);
      store<f32>(dst, load<f32>(src + aRow * 3), 12);
      src += 4;
      dst += 16;
    }
    return;
  }
  // a ragged last tile: element loads, so nothing past op(A)'s last row is read
  let src = aTile;
  while (dst < end) {
    v128.store(dst, f32x4.splat(0));
    for (let q = 0; q < mr; q++) store<f32>(dst + (<usize>q << 2), load<f32>(src + <usize>q * aRow));
    src += aCol;
    dst += 16;
  }
}

/** microKernel on the packed A tile: its four rows sit at fixed offsets, so each load is one instruction. */
// @ts-ignore: decorator
@inline function packedKernel(
  kc: i32, mr: i32, strip: usize, cTile: usize, cStride: usize, nr: i32,
  alpha: f32, beta: f32, first: bool,
): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let pa = aPacked;
  let pb = strip;
  const end = strip + (<usize>kc << 5);
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let av = v128.load32_splat(pa);
    c00 = madd(av, b0, c00);
    c01 = madd(av, b1, c01);
    av = v128.load32_splat(pa, 4);
    c10 = madd(av, b0, c10);
    c11 = madd(av, b1, c11);
    av = v128.load32_splat(pa, 8);
    c20 = madd(av, b0, c20);
    c21 = madd(av, b1, c21);
    av = v128.load32_splat(pa, 12);
    c30 = madd(av, b0, c30);
    c31 = madd(av, b1, c31);
    pa += 16;
    pb += 32;
  }
  storeRow(cTile, c00, c01, nr, alpha, beta, first);
  if (mr > 1) storeRow(cTile + cStride, c10, c11, nr, alpha, beta, first);
  if (mr > 2) storeRow(cTile + cStride * 2, c20, c21, nr, alpha, beta, first);
  if (mr > 3) storeRow(cTile + cStride * 3, c30, c31, nr, alpha, beta, first);
}

/** Packs op(B)[p0 : p0+kc, jc : jc+nc] at dst (the panel, or a packB block) as strips of 8 columns. */
function packBBlock(transB: bool, b: i32, ldb: i32, p0: i32, kc: i32, jc: i32, nc: i32, dst: usize): void {
  const bBase = <usize>b << 2;
  const ldbBytes = <usize>ldb << 2;
  for (let j = 0; j < nc; j += 8) {
    const nr = min(8, nc - j);
    const col = jc + j;
    if (!transB) {
      // op(B)(p, col) = B[p, col]: rows of 8 contiguous floats
      let src = bBase + <usize>p0 * ldbBytes + (<usize>col << 2);
      if (nr == 8) {
        for (let p = 0; p < kc; p++) {
          v128.store(dst, v128.load(src));
          v128.store(dst, v128.load(src, 16), 16);
          src += ldbBytes;
          dst += 32;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          for (let q = 0; q < 8; q++) store<f32>(dst + (<usize>q << 2), q < nr ? load<f32>(src + (<usize>q << 2)) : 0);
          src += ldbBytes;
          dst += 32;
        }
      }
    } else {
      // op(B)(p, col) = B[col, p]: 8 rows of B read along p, interleaved
      const src = bBase + <usize>col * ldbBytes + (<usize>p0 << 2);
      if (nr == 8) {
        // 4 p at a time: two 4×4 blocks (rows 0–3, rows 4–7) transposed with shuffles
        let s = src;
        let d = dst;
        const end4 = dst + (<usize>(kc & ~3) << 5);
        while (d < end4) {
          transpose4x4(s, ldbBytes, d);
          transpose4x4(s + ldbBytes * 4, ldbBytes, d + 16);
          s += 16;
          d += 128;
        }
        const end = dst + (<usize>kc << 5);
        while (d < end) {
          for (let q = 0; q < 8; q++) store<f32>(d + (<usize>q << 2), load<f32>(s + <usize>q * ldbBytes));
          s += 4;
          d += 32;
        }
        dst = end;
        continue;
      }
      for (let q = 0; q < 8; q++) {
        let d = dst + (<usize>q << 2);
        if (q < nr) {
          let s = src + <usize>q * ldbBytes;
          for (let p = 0; p < kc; p++) {
            store<f32>(d, load<f32>(s));
            s += 4;
            d += 32;
          }
        } else {
          for (let p = 0; p < kc; p++) {
            store<f32>(d, 0);
            d += 32;
          }
        }
      }
      dst += <usize>kc << 5;
    }
  }
}

/** Reads 4 floats from each of 4 rows (rowBytes apart) and stores them as 4 columns, 32 bytes apart. */
// @ts-ignore: decorator
@inline function transpose4x4(src: usize, rowBytes: usize, dst: usize): void {
  const r0 = v128.load(src), r1 = v128.load(src + rowBytes);
  const r2 = v128.load(src + rowBytes * 2), r3 = v128.load(src + rowBytes * 3);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(dst, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), 32);
  v128.store(dst, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), 64);
  v128.store(dst, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), 96);
}

/** One mr×nr (≤ 4×8) tile of C from a 4-row slice of A and one packed strip of B. */
// @ts-ignore: decorator
@inline function microKernel(
  kc: i32, aTile: usize, aRow: usize, aCol: usize, mr: i32,
  strip: usize, cTile: usize, cStride: usize, nr: i32,
  alpha: f32, beta: f32, first: bool,
): void {
  // rows past mr re-read the last real row (in bounds); their results are not stored
  const r1: usize = mr > 1 ? aRow : 0;
  const r2: usize = mr > 2 ? aRow * 2 : r1;
  const r3: usize = mr > 3 ? aRow * 3 : r2;
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let pa = aTile;
  let pb = strip;
  const end = strip + (<usize>kc << 5);
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let av = v128.load32_splat(pa);
    c00 = madd(av, b0, c00);
    c01 = madd(av, b1, c01);
    av = v128.load32_splat(pa + r1);
    c10 = madd(av, b0, c10);
    c11 = madd(av, b1, c11);
    av = v128.load32_splat(pa + r2);
    c20 = madd(av, b0, c20);
    c21 = madd(av, b1, c21);
    av = v128.load32_splat(pa + r3);
    c30 = madd(av, b0, c30);
    c31 = madd(av, b1, c31);
    pa += aCol;
    pb += 32;
  }
  storeRow(cTile, c00, c01, nr, alpha, beta, first);
  if (mr > 1) storeRow(cTile + cStride, c10, c11, nr, alpha, beta, first);
  if (mr > 2) storeRow(cTile + cStride * 2, c20, c21, nr, alpha, beta, first);
  if (mr > 3) storeRow(cTile + cStride * 3, c30, c31, nr, alpha, beta, first);
}

/** Writes one tile row: C = alpha·acc (+ beta·C) on the first k block, C += alpha·acc after. */
// @ts-ignore: decorator
@inline function storeRow(dst: usize, acc0: v128, acc1: v128, nr: i32, alpha: f32, beta: f32, first: bool): void {
  const va = f32x4.splat(alpha);
  if (nr == 8) {
    if (first && beta == 0) {
      v128.store(dst, f32x4.mul(va, acc0));
      v128.store(dst, f32x4.mul(va, acc1), 16);
    } else {
      v128.store(dst, combine(v128.load(dst), acc0, va, beta, first));
      v128.store(dst, combine(v128.load(dst, 16), acc1, va, beta, first), 16);
    }
    return;
  }
  // ragged right edge: go through a small tile so only nr columns are read and written
  for (let q = 0; q < nr; q++) store<f32>(edgeTile + (<usize>q << 2), load<f32>(dst + (<usize>q << 2)));
  v128.store(edgeTile, combine(v128.load(edgeTile), acc0, va, beta, first));
  v128.store(edgeTile, combine(v128.load(edgeTile, 16), acc1, va, beta, first), 16);
  for (let q = 0; q < nr; q++) store<f32>(dst + (<usize>q << 2), load<f32>(edgeTile + (<usize>q << 2)));
}

// @ts-ignore: decorator
@inline function combine(old: v128, acc: v128, va: v128, beta: f32, first: bool): v128 {
  if (!first) return madd(va, acc, old);
  if (beta == 0) return f32x4.mul(va, acc); // ignore old C, even NaN
  return madd(va, acc, f32x4.mul(f32x4.splat(beta), old));
}
