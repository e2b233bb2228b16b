// Test helpers for the recurrent layers: heap I/O, the kernel sets to run on, and a
// finite-difference gradient checker.

import { setKernels } from '../../../src/engine.ts';
import { Heap } from '../../../src/heap.ts';
import { referenceKernels, type Kernels } from '../../../src/kernels/index.ts';
import type { Activation, Layer } from '../../../src/layers/layer.ts';
import { Random } from '../../../src/random.ts';

export type KernelSet = { name: string; make: () => Kernels };

/** Kernel sets every layer test runs on: reference always, wasm when it is built. */
export async function kernelSets(): Promise<KernelSet[]> {
  const sets: KernelSet[] = [{ name: 'reference', make: () => referenceKernels(new Heap()) }];
  try {
    const wasm = await import('../../../src/kernels/wasm/index.ts');
    if (wasm.wasmSupported('simd', true)) sets.push({ name: 'wasm', make: () => wasm.wasmKernels(new Heap()) });
  } catch (e) {
    console.warn(`recurrent tests: wasm kernels unavailable (${String(e)})`);
  }
  return sets;
}

export function useKernels(set: KernelSet): Kernels {
  const k = set.make();
  setKernels(k);
  return k;
}

export function put(k: Kernels, values: ArrayLike<number>, shape: number[], mask?: ArrayLike<number>): Activation {
  const buf = k.heap.alloc(values.length);
  k.heap.view(buf).set(values);
  let maskBuf = null;
  if (mask) {
    maskBuf = k.heap.alloc(mask.length);
    k.heap.view(maskBuf).set(mask);
  }
  return { buf, shape, dtype: 'float32', mask: maskBuf };
}

export function read(k: Kernels, a: { offset: number; length: number } | Activation): Float32Array {
  const buf = 'buf' in a ? a.buf : a;
  return k.heap.view(buf).slice();
}

export function randomArray(n: number, rng: Random, scale = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniform(-scale, scale);
  return out;
}

export function arange(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => i);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what = ''): void {
  const d = maxAbsDiff(actual, expected);
  if (!(d <= tol)) {
    throw new Error(`${what}: max |diff| ${d} > ${tol}\nactual   ${Array.from(actual).slice(0, 12).join(', ')}\nexpected ${Array.from(expected).slice(0, 12).join(', ')}`);
  }
}

export { Random };
export type { Layer };
