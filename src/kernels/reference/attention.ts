// Reference tanh attention scores (see ../attention.ts for the contract).

import type { Heap } from '../../heap.ts';
import type { AttentionKernels } from '../attention.ts';

export function referenceAttention(heap: Heap): AttentionKernels {
  return {
    tanhScores(q, k, batch, tq, tv, d, s, c, w, a, scores) {
      const h = heap.f32;
      for (let b = 0; b < batch; b++) {
        for (let i = 0; i < tq; i++) {
          const qi = q + (b * tq + i) * d;
          for (let j = 0; j < tv; j++) {
            const kj = k + (b * tv + j) * d;
            const ai = a + ((b * tq + i) * tv + j) * d;
            let sum = 0;
            for (let e = 0; e < d; e++) {
              const t = Math.tanh(c * (h[qi + e]! + h[kj + e]!));
              h[ai + e] = t;
              sum += (s < 0 ? 1 : h[s + e]!) * t;
            }
            h[scores + (b * tq + i) * tv + j] = w * sum;
          }
        }
      }
    },
    tanhScoresGrad(q, k, batch, tq, tv, d, s, c, w, a, dScores, dq, dk, ds, scalars) {
      const h = heap.f32;
      let dc = 0;
      let dw = 0;
      for (let b = 0; b < batch; b++) {
        for (let i = 0; i < tq; i++) {
          const qi = q + (b * tq + i) * d;
          const dqi = dq + (b * tq + i) * d;
          for (let j = 0; j < tv; j++) {
            const g = h[dScores + (b * tq + i) * tv + j]!;
            if (g === 0) continue;
            const kj = k + (b * tv + j) * d;
            const dkj = dk + (b * tv + j) * d;
            const ai = a + ((b * tq + i) * tv + j) * d;
            let sum = 0;
            for (let e = 0; e < d; e++) {
              const t = h[ai + e]!;
              const se = s < 0 ? 1 : h[s + e]!;
              sum += se * t;
              if (ds >= 0) h[ds + e] = h[ds + e]! + g * w * t;
              const dPre = g * w * se * (1 - t * t); // d/d(c·(q + k))
              dc += dPre * (h[qi + e]! + h[kj + e]!);
              h[dqi + e] = h[dqi + e]! + dPre * c;
              h[dkj + e] = h[dkj + e]! + dPre * c;
            }
            dw += g * sum;
          }
        }
      }
      h[scalars] = h[scalars]! + dc;
      h[scalars + 1] = h[scalars + 1]! + dw;
    },
  };
}
