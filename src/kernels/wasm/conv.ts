// The conv-area kernels for the wasm kernel set. The Embedding→Conv1D gather/scatter runs in
// WebAssembly (assembly/conv.ts); pooling is one memory-bound pass, so its TypeScript loops
// over the shared heap are used as they are. Conv1D's heavy work runs in the core wasm GEMM.

import type { Heap } from '../../heap.ts';
import type { ConvKernels } from '../conv.ts';
import { referenceConv } from '../reference/conv.ts';
import type { WasmExports } from './module.ts';

export function wasmConv(heap: Heap, x?: WasmExports): ConvKernels {
  const reference = referenceConv(heap);
  const gather = x?.embeddingConvGather;
  const scatter = x?.embeddingConvScatter;
  if (!gather || !scatter) return reference; // a module built before these kernels existed
  return {
    ...reference,
    embeddingConvGather: (ids, batch, inLen, outLen, taps, stride, dilation, padLeft, table, vocab, f, out) => {
      gather(ids, batch, inLen, outLen, taps, stride, dilation, padLeft, table, vocab, f, out);
    },
    embeddingConvScatter: (ids, batch, inLen, outLen, taps, stride, dilation, padLeft, dOut, vocab, f, dTable) => {
      scatter(ids, batch, inLen, outLen, taps, stride, dilation, padLeft, dOut, vocab, f, dTable);
    },
  };
}
