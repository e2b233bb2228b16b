// The engine: the one heap and kernel set that layers and models use by default.
// Kernel choice: SUNHWAN_KERNELS=reference|simd|relaxed (Node) or setBackend(); default is
// the fastest the runtime supports. (Wasm selection is filled in by the kernels work.)

import { Heap } from './heap.ts';
import { referenceKernels, type Kernels } from './kernels/index.ts';

let current: Kernels | null = null;

/** The active kernels (created on first use). */
export function engine(): Kernels {
  if (!current) current = referenceKernels(new Heap());
  return current;
}

/** Replaces the active kernels (tests use this to run the same model on both implementations). */
export function setKernels(kernels: Kernels): void {
  current = kernels;
}
