// Worker threads run a job's kernel calls on the wasm exports directly, with the arguments the
// Kernels method got (src/threads). So every kernel listed as pass-through must have a binding
// that forwards exactly its arguments: the same count as the export takes.
import { describe, expect, it } from 'vitest';
import { Heap } from '../../../src/heap.ts';
import { PASS_THROUGH_KERNELS, wasmKernels } from '../../../src/kernels/wasm/index.ts';
import { instantiate, wasmModule } from '../../../src/kernels/wasm/module.ts';

describe('pass-through kernels', () => {
  it('each listed binding takes as many arguments as its wasm export', () => {
    const heap = new Heap({ shared: false });
    const kernels = wasmKernels(heap) as unknown as Record<string, (...a: number[]) => void>;
    const exports = instantiate(heap, wasmModule('simd', false)) as unknown as Record<string, (...a: number[]) => void>;
    for (const name of PASS_THROUGH_KERNELS) {
      expect(typeof exports[name], `${name}: no such export`).toBe('function');
      expect(kernels[name]!.length, `${name}: the binding and the export differ in arity`).toBe(exports[name]!.length);
    }
  });
});
