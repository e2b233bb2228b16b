// The WebAssembly kernel set: the core binding plus each area's binding, over one instance
// of the module on the heap's memory.

import type { Heap } from '../../heap.ts';
import type { Kernels } from '../index.ts';
import { wasmConv } from './conv.ts';
import { wasmCore } from './core.ts';
import { wasmRecurrent } from './recurrent.ts';
import { instantiate, wasmModule, wasmModuleAsync, type InstantiateOptions, type WasmExports, type WasmVariant } from './module.ts';
import { GemmThreads } from './threads.ts';

export { wasmSupported, type WasmVariant } from './module.ts';
export { defaultGemmThreads, PARALLEL_MIN_FLOPS } from './threads.ts';

export interface WasmKernelsOptions extends InstantiateOptions {
  /** Default 'simd'. */
  variant?: WasmVariant;
  /**
   * Threads for big GEMMs (≥ PARALLEL_MIN_FLOPS), counting the caller; needs a shared heap and
   * Node worker threads, else 1 is used. Default 1. Results are bit-identical for any count.
   */
  threads?: number;
}

function assemble(heap: Heap, mod: WebAssembly.Module, exports: WasmExports, options: WasmKernelsOptions): Kernels {
  const variant = options.variant ?? 'simd';
  const name = variant === 'relaxed' ? 'wasm-relaxed-simd' : 'wasm-simd';
  const core = wasmCore(heap, exports, name);
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`wasmKernels: threads must be a positive integer, got ${threads}`);
  if (threads > 1 && heap.shared) {
    const pool = new GemmThreads(heap, mod, exports, threads);
    const oneThread = core.gemm;
    core.gemm = (...args) => {
      if (!pool.tryGemm(args)) oneThread(...args);
    };
  }
  return {
    ...wasmRecurrent(exports, heap),
    ...wasmConv(heap),
    ...core,
  };
}

/** WebAssembly SIMD kernels on `heap` (compiled synchronously on first use). */
export function wasmKernels(heap: Heap, options: WasmKernelsOptions = {}): Kernels {
  const mod = wasmModule(options.variant ?? 'simd', heap.shared);
  return assemble(heap, mod, instantiate(heap, mod, options), options);
}

/** The same, compiling asynchronously (for a browser's main thread). */
export async function wasmKernelsAsync(heap: Heap, options: WasmKernelsOptions = {}): Promise<Kernels> {
  const mod = await wasmModuleAsync(options.variant ?? 'simd', heap.shared);
  return assemble(heap, mod, instantiate(heap, mod, options), options);
}
