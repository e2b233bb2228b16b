// The WebAssembly kernel set: the core binding plus each area's binding, over one instance
// of the module on the heap's memory.

import type { Heap } from '../../heap.ts';
import type { Kernels } from '../index.ts';
import { wasmConv } from './conv.ts';
import { wasmAttention } from './attention.ts';
import { wasmCore } from './core.ts';
import { wasmRecurrent } from './recurrent.ts';
import { wasmSequence } from './sequence.ts';
import { instantiate, wasmModule, wasmModuleAsync, type InstantiateOptions, type WasmExports, type WasmVariant } from './module.ts';

export { wasmSupported, type WasmVariant } from './module.ts';

/**
 * Kernels whose binding calls the wasm export of the same name with the same arguments
 * (booleans as 0/1) — what worker threads run directly from a job (src/threads). A binding
 * that changes its arguments (adds one, computes one) must not be listed: a worker would run
 * the export with the method's arguments. Return values are error signals the callers have
 * ruled out beforehand (activation codes, token ids), which workers ignore.
 * test/kernels/wasm/pass-through.test.ts checks the arities.
 */
export const PASS_THROUGH_KERNELS: ReadonlySet<string> = new Set([
  'gemm',
  'gemmPackedB',
  'fill',
  'copy',
  'add',
  'mul',
  'axpy',
  'scale',
  'addRowVector',
  'sumRows',
  'activation',
  'activationGrad',
  'softmaxRows',
  'softmaxRowsGrad',
  'gather',
  'scatterAdd',
  'scatterAddPart',
  'rmspropUpdate',
  'adamUpdate',
  'sgdUpdate',
  'adagradUpdate',
  'simpleRnnForward',
  'simpleRnnBackward',
  'lstmForward',
  'lstmBackward',
  'gruForward',
  'gruBackward',
  'gruResetBeforeGates',
  'gruResetBeforeOutput',
  'gruResetBeforeBackwardOutput',
  'gruResetBeforeBackwardReset',
  'transposeTime',
  'embeddingConvGather',
  'embeddingConvScatterList',
  'maxPool1d',
  'maxPool1dGrad',
  'avgPool1d',
  'tanhScores',
  'tanhScoresGrad',
  'simpleRnnSequence',
  'lstmSequence',
  'gruSequence',
]);

export interface WasmKernelsOptions extends InstantiateOptions {
  /** Default 'simd'. */
  variant?: WasmVariant;
}

function assemble(heap: Heap, exports: WasmExports, options: WasmKernelsOptions): Kernels {
  const variant = options.variant ?? 'simd';
  const name = variant === 'relaxed' ? 'wasm-relaxed-simd' : 'wasm-simd';
  const core = wasmCore(heap, exports, name);
  return {
    ...wasmRecurrent(exports, heap),
    ...wasmConv(heap, exports),
    ...wasmAttention(heap, exports),
    ...wasmSequence(exports),
    ...core,
    workers: { variant },
  };
}

/** WebAssembly SIMD kernels on `heap` (compiled synchronously on first use). */
export function wasmKernels(heap: Heap, options: WasmKernelsOptions = {}): Kernels {
  const mod = wasmModule(options.variant ?? 'simd', heap.shared);
  return assemble(heap, instantiate(heap, mod, options), options);
}

/** The same, compiling asynchronously (for a browser's main thread). */
export async function wasmKernelsAsync(heap: Heap, options: WasmKernelsOptions = {}): Promise<Kernels> {
  const mod = await wasmModuleAsync(options.variant ?? 'simd', heap.shared);
  return assemble(heap, instantiate(heap, mod, options), options);
}
