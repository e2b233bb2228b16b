// Reference implementation of the fused recurrent gate kernels (see ../recurrent.ts for the
// contract). Plain loops over the heap, one row (batch element) at a time, written to be read.

import type { Heap } from '../../heap.ts';
import { Act, type ActCode } from '../core.ts';
import type { RecurrentKernels } from '../recurrent.ts';
import { activate } from './core.ts';

/** f'(x) from y = f(x) alone: every activation we allow in a recurrent cell is monotone, so y decides. */
export function derivativeFromOutput(code: ActCode, y: number): number {
  switch (code) {
    case Act.linear:
      return 1;
    case Act.relu:
      return y > 0 ? 1 : 0;
    case Act.sigmoid:
      return y * (1 - y);
    case Act.tanh:
      return 1 - y * y;
    case Act.hardSigmoid:
      return y > 0 && y < 1 ? 0.2 : 0;
    case Act.elu:
      return y > 0 ? 1 : y + 1;
    case Act.selu:
      return y > 0 ? 1.0507009873554805 : y + 1.0507009873554805 * 1.6732632423543772;
    case Act.softplus:
      return -Math.expm1(-y);
    case Act.hardSigmoidKeras3:
      return y > 0 && y < 1 ? 1 / 6 : 0;
  }
  throw new Error(`unknown activation code ${code}`);
}

/**
 * Gradients below 1e-30 become 0 (NaN kept): over long sequences they decay into float32
 * denormals, which make every GEMM that touches them many times slower on x86. The wasm
 * kernels do the same, so both implementations agree.
 */
export function flush(x: number): number {
  return Math.abs(x) < 1e-30 ? 0 : x;
}

export function referenceRecurrent(heap: Heap): RecurrentKernels {
  const keep = (mask: number, row: number): boolean => mask < 0 || heap.f32[mask + row] !== 0;

  return {
    simpleRnnForward(rows, units, act, z, hPrev, hOut, mask) {
      const h = heap.f32;
      for (let r = 0; r < rows; r++) {
        const o = r * units;
        const on = keep(mask, r);
        for (let j = 0; j < units; j++) {
          const a = activate(act, h[z + o + j]!);
          h[z + o + j] = a;
          h[hOut + o + j] = on ? a : h[hPrev + o + j]!;
        }
      }
    },

    simpleRnnBackward(rows, units, act, a, dh, dz, mask) {
      const h = heap.f32;
      for (let r = 0; r < rows; r++) {
        const o = r * units;
        const on = keep(mask, r);
        for (let j = 0; j < units; j++) {
          const g = h[dh + o + j]!;
          h[dz + o + j] = flush(on ? g * derivativeFromOutput(act, h[a + o + j]!) : 0);
          h[dh + o + j] = flush(on ? 0 : g);
        }
      }
    },

    lstmForward(rows, units, act, recAct, z, cPrev, hPrev, cOut, hOut, mask) {
      const h = heap.f32;
      const u = units;
      for (let r = 0; r < rows; r++) {
        const g = z + r * 4 * u;
        const s = r * u;
        const on = keep(mask, r);
        for (let j = 0; j < u; j++) {
          const i = activate(recAct, h[g + j]!);
          const f = activate(recAct, h[g + u + j]!);
          const cc = activate(act, h[g + 2 * u + j]!);
          const o = activate(recAct, h[g + 3 * u + j]!);
          h[g + j] = i;
          h[g + u + j] = f;
          h[g + 2 * u + j] = cc;
          h[g + 3 * u + j] = o;
          if (on) {
            const c = f * h[cPrev + s + j]! + i * cc;
            h[cOut + s + j] = c;
            h[hOut + s + j] = o * activate(act, c);
          } else {
            h[cOut + s + j] = h[cPrev + s + j]!;
            h[hOut + s + j] = h[hPrev + s + j]!;
          }
        }
      }
    },

    lstmBackward(rows, units, act, recAct, gates, cPrev, c, dh, dc, dz, mask) {
      const h = heap.f32;
      const u = units;
      for (let r = 0; r < rows; r++) {
        const g = gates + r * 4 * u;
        const d = dz + r * 4 * u;
        const s = r * u;
        const on = keep(mask, r);
        for (let j = 0; j < u; j++) {
          if (!on) {
            h[d + j] = h[d + u + j] = h[d + 2 * u + j] = h[d + 3 * u + j] = 0;
            continue; // dh and dc pass to the previous step unchanged
          }
          const i = h[g + j]!;
          const f = h[g + u + j]!;
          const cc = h[g + 2 * u + j]!;
          const o = h[g + 3 * u + j]!;
          const tc = activate(act, h[c + s + j]!);
          const dhj = h[dh + s + j]!;
          const dct = h[dc + s + j]! + dhj * o * derivativeFromOutput(act, tc);
          h[d + j] = flush(dct * cc * derivativeFromOutput(recAct, i));
          h[d + u + j] = flush(dct * h[cPrev + s + j]! * derivativeFromOutput(recAct, f));
          h[d + 2 * u + j] = flush(dct * i * derivativeFromOutput(act, cc));
          h[d + 3 * u + j] = flush(dhj * tc * derivativeFromOutput(recAct, o));
          h[dc + s + j] = flush(dct * f);
          h[dh + s + j] = 0;
        }
      }
    },

    gruForward(rows, units, act, recAct, zx, rec, recBias, hPrev, hOut, mask) {
      const h = heap.f32;
      const u = units;
      for (let r = 0; r < rows; r++) {
        const x = zx + r * 3 * u;
        const m = rec + r * 3 * u;
        const s = r * u;
        const on = keep(mask, r);
        for (let j = 0; j < u; j++) {
          let mz = h[m + j]!;
          let mr = h[m + u + j]!;
          let mh = h[m + 2 * u + j]!;
          if (recBias >= 0) {
            mz += h[recBias + j]!;
            mr += h[recBias + u + j]!;
            mh += h[recBias + 2 * u + j]!;
            h[m + 2 * u + j] = mh;
          }
          const z = activate(recAct, h[x + j]! + mz);
          const rr = activate(recAct, h[x + u + j]! + mr);
          const hh = activate(act, h[x + 2 * u + j]! + rr * mh);
          h[x + j] = z;
          h[x + u + j] = rr;
          h[x + 2 * u + j] = hh;
          const hp = h[hPrev + s + j]!;
          h[hOut + s + j] = on ? z * hp + (1 - z) * hh : hp;
        }
      }
    },

    gruBackward(rows, units, act, recAct, gates, rec, hPrev, dh, dzx, dzRec, mask) {
      const h = heap.f32;
      const u = units;
      for (let r = 0; r < rows; r++) {
        const g = gates + r * 3 * u;
        const m = rec + r * 3 * u;
        const dx = dzx + r * 3 * u;
        const dr = dzRec + r * 3 * u;
        const s = r * u;
        const on = keep(mask, r);
        for (let j = 0; j < u; j++) {
          if (!on) {
            h[dx + j] = h[dx + u + j] = h[dx + 2 * u + j] = 0;
            h[dr + j] = h[dr + u + j] = h[dr + 2 * u + j] = 0;
            continue;
          }
          const z = h[g + j]!;
          const rr = h[g + u + j]!;
          const hh = h[g + 2 * u + j]!;
          const dhj = h[dh + s + j]!;
          const dhh = dhj * (1 - z) * derivativeFromOutput(act, hh);
          const dzp = dhj * (h[hPrev + s + j]! - hh) * derivativeFromOutput(recAct, z);
          const drp = dhh * h[m + 2 * u + j]! * derivativeFromOutput(recAct, rr);
          h[dx + j] = flush(dzp);
          h[dx + u + j] = flush(drp);
          h[dx + 2 * u + j] = flush(dhh);
          h[dr + j] = flush(dzp);
          h[dr + u + j] = flush(drp);
          h[dr + 2 * u + j] = flush(dhh * rr);
          h[dh + s + j] = flush(dhj * z);
        }
      }
    },

    gruResetBeforeGates(rows, units, recAct, z, hReset, rh) {
      const h = heap.f32;
      const u = units;
      for (let r = 0; r < rows; r++) {
        const g = z + r * 3 * u;
        const s = r * u;
        for (let j = 0; j < 2 * u; j++) h[g + j] = activate(recAct, h[g + j]!);
        for (let j = 0; j < u; j++) h[rh + s + j] = h[g + u + j]! * h[hReset + s + j]!;
      }
    },

    gruResetBeforeOutput(rows, units, act, z, hPrev, hOut, mask) {
      const h = heap.f32;
      const u = units;
      for (let r = 0; r < rows; r++) {
        const g = z + r * 3 * u;
        const s = r * u;
        const on = keep(mask, r);
        for (let j = 0; j < u; j++) {
          const hh = activate(act, h[g + 2 * u + j]!);
          h[g + 2 * u + j] = hh;
          const zz = h[g + j]!;
          const hp = h[hPrev + s + j]!;
          h[hOut + s + j] = on ? zz * hp + (1 - zz) * hh : hp;
        }
      }
    },

    gruResetBeforeBackwardOutput(rows, units, act, recAct, gates, hPrev, dh, dz, mask) {
      const h = heap.f32;
      const u = units;
      for (let r = 0; r < rows; r++) {
        const g = gates + r * 3 * u;
        const d = dz + r * 3 * u;
        const s = r * u;
        const on = keep(mask, r);
        for (let j = 0; j < u; j++) {
          if (!on) {
            h[d + j] = h[d + 2 * u + j] = 0;
            continue;
          }
          const z = h[g + j]!;
          const hh = h[g + 2 * u + j]!;
          const dhj = h[dh + s + j]!;
          h[d + j] = flush(dhj * (h[hPrev + s + j]! - hh) * derivativeFromOutput(recAct, z));
          h[d + 2 * u + j] = flush(dhj * (1 - z) * derivativeFromOutput(act, hh));
          h[dh + s + j] = flush(dhj * z);
        }
      }
    },

    gruResetBeforeBackwardReset(rows, units, recAct, gates, hReset, drh, dz) {
      const h = heap.f32;
      const u = units;
      for (let r = 0; r < rows; r++) {
        const g = gates + r * 3 * u;
        const d = dz + r * 3 * u;
        const s = r * u;
        for (let j = 0; j < u; j++) {
          const rr = h[g + u + j]!;
          const drhj = h[drh + s + j]!;
          h[d + u + j] = flush(drhj * h[hReset + s + j]! * derivativeFromOutput(recAct, rr));
          h[drh + s + j] = flush(drhj * rr);
        }
      }
    },

    oneHotIds(x, batch, steps, width, ids, reverse) {
      const f = heap.f32;
      const out = heap.i32;
      for (let b = 0; b < batch; b++) {
        for (let t = 0; t < steps; t++) {
          const row = x + (b * steps + t) * width;
          let hot = -1;
          for (let i = 0; i < width; i++) {
            const v = f[row + i]!;
            if (v === 0) continue;
            if (v !== 1 || hot >= 0) return false;
            hot = i;
          }
          if (hot < 0) return false;
          out[ids + (reverse ? steps - 1 - t : t) * batch + b] = hot;
        }
      }
      return true;
    },

    transposeTime(src, dst, d0, d1, features, reverse0, reverse1) {
      const h = heap.f32;
      for (let j = 0; j < d1; j++) {
        const jj = reverse1 ? d1 - 1 - j : j;
        for (let i = 0; i < d0; i++) {
          const ii = reverse0 ? d0 - 1 - i : i;
          const from = src + (ii * d1 + jj) * features;
          h.copyWithin(dst + (j * d0 + i) * features, from, from + features);
        }
      }
    },
  };
}
