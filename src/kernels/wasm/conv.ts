// The conv-area kernels for the wasm kernel set: the Embedding→Conv1D gather/scatter and the
// pooling forward passes run in WebAssembly (assembly/conv.ts); the pooling backward passes
// (one scatter each) use the TypeScript loops. Conv1D's heavy work runs in the core wasm GEMM.

import type { Heap } from '../../heap.ts';
import type { ConvKernels } from '../conv.ts';
import { referenceConv } from '../reference/conv.ts';
import type { WasmExports } from './module.ts';

export function wasmConv(heap: Heap, x?: WasmExports): ConvKernels {
  const reference = referenceConv(heap);
  const gather = x?.embeddingConvGather;
  const scatter = x?.embeddingConvScatter;
  const maxPool = x?.maxPool1d;
  const avgPool = x?.avgPool1d;
  if (!gather || !scatter || !maxPool || !avgPool) return reference; // a module built before these kernels existed
  return {
    ...reference,
    maxPool1d: (xp, batch, inLen, channels, outLen, poolSize, stride, padLeft, out, argmax) => {
      if (outLen > 0 && inLen > 0) maxPool(xp, batch, inLen, channels, outLen, poolSize, stride, padLeft, out, argmax);
    },
    avgPool1d: (xp, batch, inLen, channels, outLen, poolSize, stride, padLeft, out) => {
      avgPool(xp, batch, inLen, channels, outLen, poolSize, stride, padLeft, out);
    },
    embeddingConvGather: (ids, batch, inLen, outLen, taps, stride, dilation, padLeft, table, vocab, f, out) => {
      gather(ids, batch, inLen, outLen, taps, stride, dilation, padLeft, table, vocab, f, out);
    },
    embeddingConvScatter: (ids, batch, inLen, outLen, taps, stride, dilation, padLeft, dOut, vocab, f, dTable) => {
      scatter(ids, batch, inLen, outLen, taps, stride, dilation, padLeft, dOut, vocab, f, dTable);
    },
  };
}
