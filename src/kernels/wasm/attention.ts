// The tanh attention score kernels (assembly/attention.ts) bound to AttentionKernels
// (../attention.ts); the reference ones when the module predates them.

import type { Heap } from '../../heap.ts';
import type { AttentionKernels } from '../attention.ts';
import { referenceAttention } from '../reference/attention.ts';
import type { WasmExports } from './module.ts';

export function wasmAttention(heap: Heap, x?: WasmExports): AttentionKernels {
  const scores = x?.tanhScores;
  const grad = x?.tanhScoresGrad;
  if (!scores || !grad) return referenceAttention(heap);
  return {
    tanhScores: (q, k, batch, tq, tv, d, s, c, w, a, out) => {
      scores(q, k, batch, tq, tv, d, s, c, w, a, out);
    },
    tanhScoresGrad: (q, k, batch, tq, tv, d, s, c, w, a, dScores, dq, dk, ds, scalars) => {
      grad(q, k, batch, tq, tv, d, s, c, w, a, dScores, dq, dk, ds, scalars);
    },
  };
}
