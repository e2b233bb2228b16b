// The conv-area kernels for the wasm kernel set: the Embedding→Conv1D gather/scatter and the
// max pooling (both ways) and average pooling forward run in WebAssembly (assembly/conv.ts);
// average pooling's backward uses the TypeScript loop. Conv1D's heavy work runs in the core wasm GEMM.

import type { Heap } from '../../heap.ts';
import type { ConvKernels } from '../conv.ts';
import { referenceConv } from '../reference/conv.ts';
import type { WasmExports } from './module.ts';

export function wasmConv(heap: Heap, x?: WasmExports): ConvKernels {
  const reference = referenceConv(heap);
  const gather = x?.embeddingConvGather;
  const bucketIds = x?.bucketIds;
  const scatterList = x?.embeddingConvScatterList;
  const maxPool = x?.maxPool1d;
  const avgPool = x?.avgPool1d;
  const maxPoolGrad = x?.maxPool1dGrad;
  if (!gather || !bucketIds || !scatterList || !maxPool || !avgPool || !maxPoolGrad) return reference; // a module built before these kernels existed
  return {
    ...reference,
    maxPool1d: (xp, batch, inLen, channels, outLen, poolSize, stride, padLeft, out, argmax) => {
      if (outLen > 0 && inLen > 0) maxPool(xp, batch, inLen, channels, outLen, poolSize, stride, padLeft, out, argmax);
    },
    maxPool1dGrad: (dOut, argmax, batch, inLen, channels, outLen, dx) => {
      maxPoolGrad(dOut, argmax, batch, inLen, channels, outLen, dx);
    },
    avgPool1d: (xp, batch, inLen, channels, outLen, poolSize, stride, padLeft, out) => {
      avgPool(xp, batch, inLen, channels, outLen, poolSize, stride, padLeft, out);
    },
    embeddingConvGather: (ids, batch, inLen, outLen, taps, stride, dilation, padLeft, table, vocab, f, out) => {
      gather(ids, batch, inLen, outLen, taps, stride, dilation, padLeft, table, vocab, f, out);
    },
    bucketIds: (ids, n, blockRows, blocks, order, starts) => {
      bucketIds(ids, n, blockRows, blocks, order, starts);
    },
    embeddingConvScatterList: (ids, order, from, to, inLen, outLen, taps, stride, dilation, padLeft, dOut, f, dBlock, row0) => {
      scatterList(ids, order, from, to, inLen, outLen, taps, stride, dilation, padLeft, dOut, f, dBlock, row0);
    },
  };
}
