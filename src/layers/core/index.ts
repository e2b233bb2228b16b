// Utility layers of the sequence area: factories (registration for loading: ../builtin.ts).

import { Masking, type MaskingArgs } from './masking.ts';
import { RepeatVector, type RepeatVectorArgs } from './repeat-vector.ts';
import { Permute, Reshape, type PermuteArgs, type ReshapeArgs } from './reshape.ts';
import { SpatialDropout1D, type SpatialDropout1DArgs } from './spatial-dropout1d.ts';

export { Masking, Permute, RepeatVector, Reshape, SpatialDropout1D };
export type { MaskingArgs, PermuteArgs, RepeatVectorArgs, ReshapeArgs, SpatialDropout1DArgs };

export const masking = (args: MaskingArgs = {}): Masking => new Masking(args);
export const repeatVector = (args: RepeatVectorArgs): RepeatVector => new RepeatVector(args);
export const reshape = (args: ReshapeArgs): Reshape => new Reshape(args);
export const permute = (args: PermuteArgs): Permute => new Permute(args);
export const spatialDropout1d = (args: SpatialDropout1DArgs): SpatialDropout1D => new SpatialDropout1D(args);
