// Reference pooling kernels (see ../conv.ts for the contract).

import type { Heap } from '../../heap.ts';
import type { ConvKernels } from '../conv.ts';

/** The in-range input rows [lo, hi) of output position t. */
function windowRows(t: number, inLen: number, poolSize: number, stride: number, padLeft: number): [number, number] {
  const start = t * stride - padLeft;
  return [Math.max(0, start), Math.min(inLen, start + poolSize)];
}

/** The output rows [lo, hi] of tap j that read a real input row. */
export function tapRows(j: number, inLen: number, outLen: number, stride: number, dilation: number, padLeft: number): [number, number] {
  const shift = j * dilation - padLeft; // input row = t·stride + shift
  return [Math.max(0, Math.ceil(-shift / stride)), Math.min(outLen - 1, Math.floor((inLen - 1 - shift) / stride))];
}

export function referenceConv(heap: Heap): ConvKernels {
  const embeddingConvGather = (
    ids: number,
    batch: number,
    inLen: number,
    outLen: number,
    taps: number,
    stride: number,
    dilation: number,
    padLeft: number,
    table: number,
    f: number,
    rows: number,
  ): void => {
    const h = heap.f32;
    const idv = heap.i32;
    for (let j = 0; j < taps; j++) {
      const [lo, hi] = tapRows(j, inLen, outLen, stride, dilation, padLeft);
      const shift = j * dilation - padLeft;
      const tj = table + j * f;
      const rowStride = taps * f;
      for (let b = 0; b < batch; b++) {
        const idRow = ids + b * inLen + shift;
        for (let t = lo; t <= hi; t++) {
          const o = rows + (b * outLen + t) * f;
          const r = tj + idv[idRow + t * stride]! * rowStride;
          for (let c = 0; c < f; c++) h[o + c] = h[o + c]! + h[r + c]!;
        }
      }
    }
  };
  return {
    embeddingConvGather(ids, batch, inLen, outLen, taps, stride, dilation, padLeft, table, _vocab, f, out) {
      embeddingConvGather(ids, batch, inLen, outLen, taps, stride, dilation, padLeft, table, f, out);
    },
    bucketIds(ids, n, blockRows, blocks, order, starts) {
      const idv = heap.i32;
      const lists: number[][] = Array.from({ length: blocks }, () => []);
      for (let i = 0; i < n; i++) lists[Math.floor(idv[ids + i]! / blockRows)]!.push(i);
      let at = 0;
      for (let g = 0; g < blocks; g++) {
        idv[starts + g] = at;
        for (const i of lists[g]!) idv[order + at++] = i;
      }
      idv[starts + blocks] = at;
    },
    embeddingConvScatterList(ids, order, from, to, inLen, outLen, taps, stride, dilation, padLeft, dOut, f, dBlock, row0) {
      const h = heap.f32;
      const idv = heap.i32;
      for (let i = from; i < to; i++) {
        const pos = idv[order + i]!;
        const b = Math.floor(pos / inLen);
        const p = pos - b * inLen;
        const row = dBlock + (idv[ids + pos]! - row0) * taps * f;
        for (let j = 0; j < taps; j++) {
          const q = p + padLeft - j * dilation; // output t = q / stride reads input p through tap j
          if (q < 0 || q % stride !== 0 || q / stride >= outLen) continue;
          const o = dOut + (b * outLen + q / stride) * f;
          for (let c = 0; c < f; c++) h[row + j * f + c] = h[row + j * f + c]! + h[o + c]!;
        }
      }
    },
    maxPool1d(x, batch, inLen, channels, outLen, poolSize, stride, padLeft, out, argmax) {
      const h = heap.f32;
      const hi = heap.i32;
      for (let b = 0; b < batch; b++) {
        const xb = x + b * inLen * channels;
        for (let t = 0; t < outLen; t++) {
          const [lo, end] = windowRows(t, inLen, poolSize, stride, padLeft);
          const o = (b * outLen + t) * channels;
          for (let c = 0; c < channels; c++) {
            let best = -Infinity;
            let at = lo;
            for (let r = lo; r < end; r++) {
              const v = h[xb + r * channels + c]!;
              if (v > best) {
                best = v;
                at = r;
              }
            }
            h[out + o + c] = best;
            hi[argmax + o + c] = at;
          }
        }
      }
    },
    maxPool1dGrad(dOut, argmax, batch, inLen, channels, outLen, dx) {
      const h = heap.f32;
      const hi = heap.i32;
      for (let b = 0; b < batch; b++) {
        for (let t = 0; t < outLen; t++) {
          const o = (b * outLen + t) * channels;
          for (let c = 0; c < channels; c++) {
            const i = dx + (b * inLen + hi[argmax + o + c]!) * channels + c;
            h[i] = h[i]! + h[dOut + o + c]!;
          }
        }
      }
    },
    avgPool1d(x, batch, inLen, channels, outLen, poolSize, stride, padLeft, out) {
      const h = heap.f32;
      for (let b = 0; b < batch; b++) {
        const xb = x + b * inLen * channels;
        for (let t = 0; t < outLen; t++) {
          const [lo, end] = windowRows(t, inLen, poolSize, stride, padLeft);
          const o = out + (b * outLen + t) * channels;
          const inv = 1 / Math.max(1, end - lo);
          for (let c = 0; c < channels; c++) {
            let s = 0;
            for (let r = lo; r < end; r++) s += h[xb + r * channels + c]!;
            h[o + c] = s * inv;
          }
        }
      }
    },
    avgPool1dGrad(dOut, batch, inLen, channels, outLen, poolSize, stride, padLeft, dx) {
      const h = heap.f32;
      for (let b = 0; b < batch; b++) {
        const db = dx + b * inLen * channels;
        for (let t = 0; t < outLen; t++) {
          const [lo, end] = windowRows(t, inLen, poolSize, stride, padLeft);
          const o = dOut + (b * outLen + t) * channels;
          const inv = 1 / Math.max(1, end - lo);
          for (let r = lo; r < end; r++) {
            const row = db + r * channels;
            for (let c = 0; c < channels; c++) h[row + c] = h[row + c]! + h[o + c]! * inv;
          }
        }
      }
    },
  };
}
