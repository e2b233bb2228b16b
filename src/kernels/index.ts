// The full kernel set: the union of every area's interface. Each area has a reference
// implementation in reference/ and a WebAssembly one in wasm/; see ARCHITECTURE.md.

import type { Heap } from '../heap.ts';
import type { CoreKernels } from './core.ts';
import type { RecurrentKernels } from './recurrent.ts';
import type { ConvKernels } from './conv.ts';
import type { AttentionKernels } from './attention.ts';
import type { SequenceKernels } from './sequence.ts';
import type { TrainLoopKernels } from './train-loop.ts';
import { referenceCore } from './reference/core.ts';
import { referenceRecurrent } from './reference/recurrent.ts';
import { referenceConv } from './reference/conv.ts';
import { referenceAttention } from './reference/attention.ts';
import { referenceSequence } from './reference/sequence.ts';

export type Kernels = CoreKernels & RecurrentKernels & ConvKernels & AttentionKernels & SequenceKernels & TrainLoopKernels;
export { Act, type ActCode, type KernelsName } from './core.ts';

export function referenceKernels(heap: Heap): Kernels {
  return {
    ...referenceCore(heap),
    ...referenceRecurrent(heap),
    ...referenceConv(heap),
    ...referenceAttention(heap),
    ...referenceSequence(heap),
  };
}
