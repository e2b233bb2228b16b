// Where Keras 3 keeps a layer's variables inside model.weights.h5 (relative to layers/<name>),
// in its weight order: own variables under vars/0, vars/1, …; a recurrent layer's under its
// cell; Bidirectional's forward then backward layer; TimeDistributed's wrapped layer.

import type { Layer } from '../../layers/layer.ts';

/** Keras 3's paths of a layer's variables inside model.weights.h5, in its weight order. */
export function kerasVarGroups(layer: Layer, className: string): string[] {
  if (className === 'Bidirectional') return ['forward_layer/cell/vars', 'backward_layer/cell/vars'];
  if (['LSTM', 'GRU', 'SimpleRNN'].includes(className)) return ['cell/vars'];
  if (className === 'TimeDistributed') {
    const innerClass = (layer as unknown as { layer: Layer }).layer.className;
    return kerasVarGroups((layer as unknown as { layer: Layer }).layer, innerClass).map((p) => `layer/${p}`);
  }
  return ['vars'];
}
