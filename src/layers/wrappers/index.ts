// Wrapper layers: Bidirectional and TimeDistributed, factories and registry lines.

import { deserializeLayer, registerLayer } from '../../io/registry.ts';
import type { Layer } from '../layer.ts';
import { Bidirectional, type BidirectionalArgs, type BidirectionalOptions, type MergeMode } from './bidirectional.ts';
import { TimeDistributed, type TimeDistributedArgs } from './time-distributed.ts';

export { Bidirectional, TimeDistributed };
export type { BidirectionalArgs, BidirectionalOptions, MergeMode, TimeDistributedArgs };
export { bidirectional } from './bidirectional.ts';

interface Nested { className: string; config: Record<string, unknown> }
const inner = (n: unknown): Layer => deserializeLayer((n as Nested).className, (n as Nested).config);

registerLayer('Bidirectional', (c) => new Bidirectional({ ...(c as BidirectionalOptions), layer: inner(c.layer), backwardLayer: c.backwardLayer ? inner(c.backwardLayer) : undefined }));
registerLayer('TimeDistributed', (c) => new TimeDistributed({ ...(c as object), layer: inner(c.layer) }));

/** `timeDistributed(dense({units: 10}))` or tfjs' `timeDistributed({layer})`. */
export function timeDistributed(layerOrArgs: Layer | TimeDistributedArgs): TimeDistributed {
  return 'forward' in layerOrArgs && 'className' in layerOrArgs ? new TimeDistributed({ layer: layerOrArgs as Layer }) : new TimeDistributed(layerOrArgs as TimeDistributedArgs);
}
