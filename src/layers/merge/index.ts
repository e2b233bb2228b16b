// Merge layers: factories and registry lines.

import { registerLayer } from '../../io/registry.ts';
import type { LayerArgs } from '../layer.ts';
import { Concatenate, type ConcatenateArgs } from './concatenate.ts';
import { Dot, type DotArgs } from './dot.ts';
import { ElementwiseMerge, type MergeOp } from './merge.ts';

export { Concatenate, Dot, ElementwiseMerge };
export type { ConcatenateArgs, DotArgs, MergeOp };
export { concatenate } from './concatenate.ts';
export { dot } from './dot.ts';
export { add, average, maximum, minimum, multiply, subtract } from './merge.ts';

registerLayer('Concatenate', (c) => new Concatenate(c as ConcatenateArgs));
registerLayer('Dot', (c) => new Dot(c as unknown as DotArgs));
for (const [cls, op] of [['Add', 'add'], ['Subtract', 'subtract'], ['Multiply', 'multiply'], ['Average', 'average'], ['Maximum', 'maximum'], ['Minimum', 'minimum']] as const) {
  registerLayer(cls, (c) => new ElementwiseMerge(op, c as LayerArgs));
}
