// Merge layers: factories (their registration for loading: ../builtin.ts).

import { Concatenate, type ConcatenateArgs } from './concatenate.ts';
import { Dot, type DotArgs } from './dot.ts';
import { ElementwiseMerge, type MergeOp } from './merge.ts';

export { Concatenate, Dot, ElementwiseMerge };
export type { ConcatenateArgs, DotArgs, MergeOp };
export { concatenate } from './concatenate.ts';
export { dot } from './dot.ts';
export { add, average, maximum, minimum, multiply, subtract } from './merge.ts';
