// Splitting a range of rows (or columns) between threads so that results stay bit-identical
// to one thread: every part starts at a multiple of `align` (the GEMM's 4-row tile, its
// 8-column strip), so each output element is computed by the same code path with the same
// k-order as in a single call, and every part keeps at least `minPart` items (the GEMM takes
// another path below 4 rows).

export interface Range {
  start: number;
  count: number;
}

/** Up to `parts` consecutive ranges covering [0, total); fewer when the parts would be too small. */
export function partition(total: number, parts: number, align: number, minPart: number): Range[] {
  for (let p = Math.min(parts, Math.floor(total / Math.max(minPart, 1))); p > 1; p--) {
    const chunk = Math.ceil(total / p / align) * align;
    const ranges: Range[] = [];
    for (let start = 0; start < total; start += chunk) ranges.push({ start, count: Math.min(chunk, total - start) });
    if (ranges.length === p && ranges.every((r) => r.count >= minPart)) return ranges;
  }
  return [{ start: 0, count: total }];
}
