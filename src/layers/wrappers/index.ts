// Wrapper layers: Bidirectional and TimeDistributed, factories (registration for loading: ../builtin.ts).

import type { Layer } from '../layer.ts';
import { Bidirectional, type BidirectionalArgs, type BidirectionalOptions, type MergeMode } from './bidirectional.ts';
import { TimeDistributed, type TimeDistributedArgs } from './time-distributed.ts';

export { Bidirectional, TimeDistributed };
export type { BidirectionalArgs, BidirectionalOptions, MergeMode, TimeDistributedArgs };
export { bidirectional } from './bidirectional.ts';

/** `timeDistributed(dense({units: 10}))` or tfjs' `timeDistributed({layer})`. */
export function timeDistributed(layerOrArgs: Layer | TimeDistributedArgs): TimeDistributed {
  return 'forward' in layerOrArgs && 'className' in layerOrArgs
    ? new TimeDistributed({ layer: layerOrArgs as Layer })
    : new TimeDistributed(layerOrArgs as TimeDistributedArgs);
}
