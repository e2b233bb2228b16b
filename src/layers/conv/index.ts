// 1-D convolution and pooling: factories and registry lines.

import { registerLayer } from '../../io/registry.ts';
import { Conv1D, type Conv1DArgs } from './conv1d.ts';
import { AveragePooling1D, GlobalAveragePooling1D, GlobalMaxPooling1D, MaxPooling1D, type GlobalPooling1DArgs, type Pooling1DArgs } from './pooling.ts';

export { AveragePooling1D, Conv1D, GlobalAveragePooling1D, GlobalMaxPooling1D, MaxPooling1D };
export type { Conv1DArgs, GlobalPooling1DArgs, Pooling1DArgs };
export { conv1d } from './conv1d.ts';
export { averagePooling1d, globalAveragePooling1d, globalMaxPooling1d, maxPooling1d } from './pooling.ts';

registerLayer('Conv1D', (c) => new Conv1D(c as unknown as Conv1DArgs));
registerLayer('MaxPooling1D', (c) => new MaxPooling1D(c as Pooling1DArgs));
registerLayer('AveragePooling1D', (c) => new AveragePooling1D(c as Pooling1DArgs));
registerLayer('GlobalMaxPooling1D', (c) => new GlobalMaxPooling1D(c as GlobalPooling1DArgs));
registerLayer('GlobalAveragePooling1D', (c) => new GlobalAveragePooling1D(c as GlobalPooling1DArgs));
