import type { Heap } from '../../heap.ts';
import type { RecurrentKernels } from '../recurrent.ts';

export function referenceRecurrent(_heap: Heap): RecurrentKernels {
  return {};
}
