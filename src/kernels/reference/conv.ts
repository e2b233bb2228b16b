// Reference pooling kernels (see ../conv.ts for the contract).

import type { Heap } from '../../heap.ts';
import type { ConvKernels } from '../conv.ts';

/** The in-range input rows [lo, hi) of output position t. */
function windowRows(t: number, inLen: number, poolSize: number, stride: number, padLeft: number): [number, number] {
  const start = t * stride - padLeft;
  return [Math.max(0, start), Math.min(inLen, start + poolSize)];
}

export function referenceConv(heap: Heap): ConvKernels {
  return {
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
