// A fresh copy of a layer from its config (new, unbuilt weights), with some options changed —
// what Keras does to make Bidirectional's backward layer. Config keys may be Keras snake_case
// (the recurrent layers report them so); they are turned back into the camelCase options.

import type { Layer } from '../layer.ts';

const camel = (key: string): string => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export function cloneLayer(layer: Layer, overrides: Record<string, unknown>): Layer {
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(layer.getConfig())) config[camel(key)] = value;
  // initializers given as functions are not in the config: carry the resolved functions over
  const inits = layer as unknown as Record<string, unknown>;
  for (const [option, field] of [
    ['kernelInitializer', 'kernelInit'],
    ['recurrentInitializer', 'recurrentInit'],
    ['biasInitializer', 'biasInit'],
  ] as const) {
    if (typeof inits[field] === 'function') config[option] = inits[field];
  }
  delete config.weights;
  // tuning options that are not in the config (a recurrent layer's blockRows, embeddingFusion, threadPolicy, inferencePath)
  for (const option of ['blockRows', 'embeddingFusion', 'threadPolicy', 'inferencePath']) {
    if (option in layer) config[option] = (layer as unknown as Record<string, unknown>)[option];
  }
  const Ctor = layer.constructor as new (args: Record<string, unknown>) => Layer;
  return new Ctor({ ...config, ...overrides });
}

export function removePrefix(name: string, prefix: string): string {
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}
