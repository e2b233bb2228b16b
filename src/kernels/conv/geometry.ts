// Where a 1-D window op (Conv1D, pooling) reads: output length and left padding (TF
// conventions), and for a convolution the output rows each kernel tap reads a real input row for.

export type ConvPadding = 'valid' | 'same' | 'causal';

/** Output length and left padding of a 1-D window op, or null length for an unknown input length. */
export function windowGeometry(
  inLen: number | null,
  size: number,
  stride: number,
  dilation: number,
  padding: ConvPadding,
): { outLen: number | null; padLeft: number } {
  const span = dilation * (size - 1) + 1;
  if (padding === 'causal') return { outLen: inLen === null ? null : Math.ceil(inLen / stride), padLeft: span - 1 };
  if (inLen === null) return { outLen: null, padLeft: padding === 'same' ? Math.floor((span - 1) / 2) : 0 };
  if (padding === 'valid') return { outLen: Math.max(0, Math.floor((inLen - span) / stride) + 1), padLeft: 0 };
  const outLen = Math.ceil(inLen / stride);
  const total = Math.max(0, (outLen - 1) * stride + span - inLen);
  return { outLen, padLeft: Math.floor(total / 2) };
}

/** One Conv1D call: x [batch, inLen, channels] → [batch, outLen, filters], kernel (taps, channels, filters). */
export interface Conv1DGeometry {
  batch: number;
  inLen: number;
  channels: number;
  filters: number;
  taps: number;
  stride: number;
  dilation: number;
  padLeft: number;
  outLen: number;
}

export function conv1dGeometry(
  batch: number,
  inLen: number,
  channels: number,
  filters: number,
  taps: number,
  stride: number,
  dilation: number,
  padding: ConvPadding,
): Conv1DGeometry {
  const { outLen, padLeft } = windowGeometry(inLen, taps, stride, dilation, padding);
  return { batch, inLen, channels, filters, taps, stride, dilation, padLeft, outLen: outLen! };
}

/** Input row of output row t through tap j is t·stride + tapShift(g, j). */
export function tapShift(g: Conv1DGeometry, j: number): number {
  return j * g.dilation - g.padLeft;
}

/** The output rows [lo, hi] that read a real input row through tap j (empty when lo > hi). */
export function tapRange(g: Conv1DGeometry, j: number): [number, number] {
  const shift = tapShift(g, j);
  const lo = Math.max(0, Math.ceil(-shift / g.stride));
  const hi = Math.min(g.outLen - 1, Math.floor((g.inLen - 1 - shift) / g.stride));
  return [lo, hi];
}

/**
 * 'valid' windows without dilation: the taps input rows of output t are taps·channels
 * contiguous floats, so the windows form a matrix with overlapping rows (row stride
 * stride·channels, depth taps·channels) and a sample's taps are one GEMM with the kernel as
 * [taps·channels, filters] (Keras' layout as it is).
 */
export function isWindowed(g: Conv1DGeometry): boolean {
  return g.dilation === 1 && g.padLeft === 0 && g.outLen > 0 && (g.outLen - 1) * g.stride + g.taps <= g.inLen;
}
