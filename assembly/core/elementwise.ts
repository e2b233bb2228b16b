// Elementwise kernels on float32 runs of the heap: 4 lanes at a time, then a scalar tail.
// Pointers are element offsets. Unaligned v128 loads are fine in wasm.

// @ts-ignore: decorator
@inline function addr(offset: i32): usize {
  return <usize>offset << 2;
}

export function fill(x: i32, n: i32, value: f32): void {
  const p = addr(x);
  const v = f32x4.splat(value);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(p + addr(i), v);
  for (; i < n; i++) store<f32>(p + addr(i), value);
}

/** How many of x[0, n) are NaN or ±Infinity: an exponent of all ones, compared on the bits. */
export function countNonFinite(x: i32, n: i32): i32 {
  const p = addr(x);
  const exponent = i32x4.splat(0x7f800000);
  let counts = i32x4.splat(0); // per lane, minus the count (a true comparison is -1)
  let i = 0;
  for (; i + 4 <= n; i += 4) counts = i32x4.add(counts, i32x4.eq(v128.and(v128.load(p + addr(i)), exponent), exponent));
  let count = -(i32x4.extract_lane(counts, 0) + i32x4.extract_lane(counts, 1) + i32x4.extract_lane(counts, 2) + i32x4.extract_lane(counts, 3));
  for (; i < n; i++) if ((load<i32>(p + addr(i)) & 0x7f800000) == 0x7f800000) count++;
  return count;
}

export function copy(src: i32, dst: i32, n: i32): void {
  if (n > 0) memory.copy(addr(dst), addr(src), addr(n));
}

export function add(a: i32, b: i32, out: i32, n: i32): void {
  const pa = addr(a), pb = addr(b), po = addr(out);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = addr(i);
    v128.store(po + o, f32x4.add(v128.load(pa + o), v128.load(pb + o)));
  }
  for (; i < n; i++) {
    const o = addr(i);
    store<f32>(po + o, load<f32>(pa + o) + load<f32>(pb + o));
  }
}

export function mul(a: i32, b: i32, out: i32, n: i32): void {
  const pa = addr(a), pb = addr(b), po = addr(out);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = addr(i);
    v128.store(po + o, f32x4.mul(v128.load(pa + o), v128.load(pb + o)));
  }
  for (; i < n; i++) {
    const o = addr(i);
    store<f32>(po + o, load<f32>(pa + o) * load<f32>(pb + o));
  }
}

/** y += alpha·x (unfused multiply then add, so it rounds like the reference). */
export function axpy(alpha: f32, x: i32, y: i32, n: i32): void {
  const px = addr(x), py = addr(y);
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = addr(i);
    v128.store(py + o, f32x4.add(v128.load(py + o), f32x4.mul(va, v128.load(px + o))));
  }
  for (; i < n; i++) {
    const o = addr(i);
    store<f32>(py + o, load<f32>(py + o) + alpha * load<f32>(px + o));
  }
}

export function scale(x: i32, alpha: f32, n: i32): void {
  const px = addr(x);
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = addr(i);
    v128.store(px + o, f32x4.mul(v128.load(px + o), va));
  }
  for (; i < n; i++) {
    const o = addr(i);
    store<f32>(px + o, load<f32>(px + o) * alpha);
  }
}
