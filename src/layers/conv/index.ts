// 1-D convolution and pooling: factories (registration for loading: ../builtin.ts).

import { Conv1D, type Conv1DArgs } from './conv1d.ts';
import {
  AveragePooling1D,
  GlobalAveragePooling1D,
  GlobalMaxPooling1D,
  MaxPooling1D,
  type GlobalPooling1DArgs,
  type Pooling1DArgs,
} from './pooling.ts';

export { AveragePooling1D, Conv1D, GlobalAveragePooling1D, GlobalMaxPooling1D, MaxPooling1D };
export type { Conv1DArgs, GlobalPooling1DArgs, Pooling1DArgs };
export { conv1d } from './conv1d.ts';
export { averagePooling1d, globalAveragePooling1d, globalMaxPooling1d, maxPooling1d } from './pooling.ts';
