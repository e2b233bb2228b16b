// Pooling kernels for the wasm kernel set. Pooling is a single memory-bound pass (no GEMM),
// so the TypeScript loops over the shared heap are used as they are; Conv1D's heavy work runs
// in the core wasm GEMM. Spread `wasmConv(heap)` into the wasm kernel set.

import type { Heap } from '../../heap.ts';
import type { ConvKernels } from '../conv.ts';
import { referenceConv } from '../reference/conv.ts';

export function wasmConv(heap: Heap): ConvKernels {
  return referenceConv(heap);
}
