// The layer class registry used by loadModel(): class name (as in getConfig's className) ->
// a constructor taking the layer's config. Each layer module registers itself, e.g.
//   registerLayer('LSTM', (config) => new LSTM(config as LSTMArgs));
// so layers written by anyone load back without this file knowing them.

import type { Layer } from '../layers/layer.ts';

export type LayerFactory = (config: Record<string, unknown>) => Layer;

const registry = new Map<string, LayerFactory>();

export function registerLayer(className: string, factory: LayerFactory): void {
  registry.set(className, factory);
}

export function isLayerRegistered(className: string): boolean {
  return registry.has(className);
}

/** Re-creates a layer from its class name and config (the inverse of getConfig). */
export function deserializeLayer(className: string, config: Record<string, unknown>): Layer {
  const factory = registry.get(className);
  if (!factory) {
    throw new Error(
      `unknown layer class '${className}' (registered: ${[...registry.keys()].sort().join(', ') || 'none'}); import the module that defines it before loading`,
    );
  }
  return factory(config);
}

// Model classes (Sequential, the functional Model) register how to rebuild from getConfig().
export type ModelFactory = (config: Record<string, unknown>) => unknown;

const models = new Map<string, ModelFactory>();

export function registerModel(className: string, factory: ModelFactory): void {
  models.set(className, factory);
}

export function deserializeModel(className: string, config: Record<string, unknown>): unknown {
  const factory = models.get(className);
  if (!factory) throw new Error(`unknown model class '${className}' (registered: ${[...models.keys()].sort().join(', ') || 'none'})`);
  return factory(config);
}
