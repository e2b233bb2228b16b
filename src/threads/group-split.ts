// Group-split: a layer's work cut into independent groups — one sample's rows of a
// convolution, one tap's slice of a gradient, a chunk of a gather — run on all threads.
//
// body(k, g) issues group g's kernel calls through a recording Kernels; the groups are then
// cut into a few contiguous ranges per thread (pool.chunks), each range one job of one
// fork-join that runs its groups' calls in their original order. Groups must write disjoint
// memory and must not read what another group writes; every call runs unchanged, so results
// are bit-identical to running the groups one after another.

import type { Kernels } from '../kernels/index.ts';
import { partition } from './partition.ts';
import type { KernelCall, ThreadPool } from './pool.ts';
import { recordingKernels } from './recorder.ts';

export function runSplitGroups(kernels: Kernels, pool: ThreadPool | null, groups: number, body: (k: Kernels, group: number) => void): void {
  if (!pool || groups < 2) {
    for (let g = 0; g < groups; g++) body(kernels, g);
    return;
  }
  let current: KernelCall[] = [];
  const recording = recordingKernels(kernels, (name) => {
    const deferrable = pool.has(name);
    return (...args: unknown[]) => {
      // a kernel whose wasm export takes other arguments cannot be deferred to a worker
      if (!deferrable) throw new Error(`threads: ${name} cannot run inside a split group (no wasm export taking its arguments)`);
      current.push({ name, args: args.map(Number) });
      return undefined;
    };
  });
  const calls: KernelCall[][] = [];
  for (let g = 0; g < groups; g++) {
    current = [];
    body(recording, g);
    calls.push(current);
  }
  const ranges = partition(groups, pool.chunks, 1, 1);
  pool.run(ranges.map((r) => calls.slice(r.start, r.start + r.count).flat()));
}
