// Test helpers for the recurrent layers: heap I/O on given kernels (the kernel sets, closeness
// and the gradient check are the shared harness's, in ../layer-test.ts).

import type { Kernels } from '../../../src/kernels/index.ts';
import type { Activation, Layer } from '../../../src/layers/layer.ts';
import { Random } from '../../../src/random.ts';

export { expectClose, kernelSets, useKernels, type KernelSet } from '../layer-test.ts';

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

export { Random };
export type { Layer };
