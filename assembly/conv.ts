// Conv1D-over-Embedding gather/scatter, SIMD128 (contract: src/kernels/conv.ts; the readable
// version: src/kernels/reference/conv.ts; binding: src/kernels/wasm/conv.ts). Each (row, tap)
// adds one f-wide slice of a [vocab, taps, f] table row: 4 floats at a time, then a scalar tail. Pointers are element
// offsets into the heap.

// @ts-ignore: decorator
@inline function addr(offset: i32): usize {
  return <usize>offset << 2;
}

// @ts-ignore: decorator
@inline function addRow(dst: usize, src: usize, f: i32): void {
  let c = 0;
  for (; c + 4 <= f; c += 4) {
    const o = <usize>c << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (; c < f; c++) {
    const o = <usize>c << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}

// Input-position-major: each token's table row [taps, f] is contiguous, so one random access
// (a few adjacent cache lines) serves all its taps, instead of one miss per (row, tap) — on
// IMDB-sized tables (10,000 × 7 × 32 floats) the misses were the cost. Each output row still
// receives its taps in order j = 0, 1, …, so results equal the tap-major reference bit for bit.
export function embeddingConvGather(ids: i32, batch: i32, inLen: i32, outLen: i32, taps: i32, stride: i32, dilation: i32, padLeft: i32, table: i32, vocab: i32, f: i32, rows: i32): void {
  const rowStride = taps * f;
  for (let b = 0; b < batch; b++) {
    const idRow = ids + b * inLen;
    const outRow = rows + b * outLen * f;
    for (let p = 0; p < inLen; p++) {
      const tableRow = table + load<i32>(addr(idRow + p)) * rowStride;
      // tap j of output step t reads input p = t·stride + j·dilation − padLeft
      for (let j = 0; j < taps; j++) {
        const q = p + padLeft - j * dilation;
        if (q < 0) break; // q falls as j grows
        const t = q / stride;
        if (t >= outLen || t * stride !== q) continue;
        addRow(addr(outRow + t * f), addr(tableRow + j * f), f);
      }
    }
  }
}

/**
 * Stable counting sort of the n token positions by id block (id / blockRows): order[] lists
 * the positions of block 0, then block 1, …, each in position order; starts[g] .. starts[g+1]
 * delimits block g (starts has blocks + 1 entries). Ids must lie in [0, blocks·blockRows).
 */
export function bucketIds(ids: i32, n: i32, blockRows: i32, blocks: i32, order: i32, starts: i32): void {
  for (let g = 0; g <= blocks; g++) store<i32>(addr(starts + g), 0);
  for (let i = 0; i < n; i++) {
    const at = addr(starts + 1 + load<i32>(addr(ids + i)) / blockRows);
    store<i32>(at, load<i32>(at) + 1);
  }
  for (let g = 1; g <= blocks; g++) store<i32>(addr(starts + g), load<i32>(addr(starts + g)) + load<i32>(addr(starts + g - 1)));
  // fill each block from its start; then shift the starts back (each was advanced by its count)
  for (let i = 0; i < n; i++) {
    const at = addr(starts + load<i32>(addr(ids + i)) / blockRows);
    const slot = load<i32>(at);
    store<i32>(addr(order + slot), i);
    store<i32>(at, slot + 1);
  }
  for (let g = blocks; g > 0; g--) store<i32>(addr(starts + g), load<i32>(addr(starts + g - 1)));
  store<i32>(addr(starts), 0);
}

/**
 * embeddingConvScatter for the token positions order[from .. to) (position = b·inLen + p, all
 * ids in [row0, row0 + rows)) into one block of the table, dBlock [rows, taps, f], whose row r
 * is table row row0 + r. With the positions in order, each row gets its additions in (b, t)
 * order.
 */
export function embeddingConvScatterList(ids: i32, order: i32, from: i32, to: i32, inLen: i32, outLen: i32, taps: i32, stride: i32, dilation: i32, padLeft: i32, dOut: i32, f: i32, dBlock: i32, row0: i32): void {
  const rowStride = taps * f;
  for (let i = from; i < to; i++) {
    const pos = load<i32>(addr(order + i));
    const b = pos / inLen;
    const p = pos - b * inLen;
    const tableRow = dBlock + (load<i32>(addr(ids + pos)) - row0) * rowStride;
    const outRow = dOut + b * outLen * f;
    for (let j = 0; j < taps; j++) {
      const q = p + padLeft - j * dilation;
      if (q < 0) break;
      const t = q / stride;
      if (t >= outLen || t * stride !== q) continue;
      addRow(addr(tableRow + j * f), addr(outRow + t * f), f);
    }
  }
}

// ---- pooling over time ----------------------------------------------------------------------
// Windows of output step t: input rows [t·stride − padLeft, … + poolSize) clipped to [0, inLen).
// Channels go 4 at a time (then a scalar tail); the max keeps the first row on ties, as the
// reference does (for NaN-free inputs).

export function maxPool1d(x: i32, batch: i32, inLen: i32, channels: i32, outLen: i32, poolSize: i32, stride: i32, padLeft: i32, out: i32, argmax: i32): void {
  for (let b = 0; b < batch; b++) {
    const xb = x + b * inLen * channels;
    for (let t = 0; t < outLen; t++) {
      const start = t * stride - padLeft;
      const lo = start > 0 ? start : 0;
      const end = start + poolSize < inLen ? start + poolSize : inLen;
      const o = (b * outLen + t) * channels;
      let c = 0;
      for (; c + 4 <= channels; c += 4) {
        let best = v128.load(addr(xb + lo * channels + c));
        let at = i32x4.splat(lo);
        for (let r = lo + 1; r < end; r++) {
          const v = v128.load(addr(xb + r * channels + c));
          const gt = f32x4.gt(v, best);
          best = v128.bitselect(v, best, gt);
          at = v128.bitselect(i32x4.splat(r), at, gt);
        }
        v128.store(addr(out + o + c), best);
        v128.store(addr(argmax + o + c), at);
      }
      for (; c < channels; c++) {
        let best = load<f32>(addr(xb + lo * channels + c));
        let at = lo;
        for (let r = lo + 1; r < end; r++) {
          const v = load<f32>(addr(xb + r * channels + c));
          if (v > best) {
            best = v;
            at = r;
          }
        }
        store<f32>(addr(out + o + c), best);
        store<i32>(addr(argmax + o + c), at);
      }
    }
  }
}

// dx[b, argmax, c] += dOut[b, t, c], in the reference's (b, t, c) order.
export function maxPool1dGrad(dOut: i32, argmax: i32, batch: i32, inLen: i32, channels: i32, outLen: i32, dx: i32): void {
  for (let b = 0; b < batch; b++) {
    const dxb = dx + b * inLen * channels;
    for (let t = 0; t < outLen; t++) {
      const o = (b * outLen + t) * channels;
      for (let c = 0; c < channels; c++) {
        const i = addr(dxb + load<i32>(addr(argmax + o + c)) * channels + c);
        store<f32>(i, load<f32>(i) + load<f32>(addr(dOut + o + c)));
      }
    }
  }
}

export function avgPool1d(x: i32, batch: i32, inLen: i32, channels: i32, outLen: i32, poolSize: i32, stride: i32, padLeft: i32, out: i32): void {
  for (let b = 0; b < batch; b++) {
    const xb = x + b * inLen * channels;
    for (let t = 0; t < outLen; t++) {
      const start = t * stride - padLeft;
      const lo = start > 0 ? start : 0;
      const end = start + poolSize < inLen ? start + poolSize : inLen;
      const count = end - lo;
      const inv: f32 = count > 0 ? <f32>1 / <f32>count : 1;
      const o = (b * outLen + t) * channels;
      let c = 0;
      for (; c + 4 <= channels; c += 4) {
        let s = f32x4.splat(0);
        for (let r = lo; r < end; r++) s = f32x4.add(s, v128.load(addr(xb + r * channels + c)));
        v128.store(addr(out + o + c), f32x4.mul(s, f32x4.splat(inv)));
      }
      for (; c < channels; c++) {
        let s: f32 = 0;
        for (let r = lo; r < end; r++) s += load<f32>(addr(xb + r * channels + c));
        store<f32>(addr(out + o + c), s * inv);
      }
    }
  }
}
