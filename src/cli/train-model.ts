// A `sunhwan train` config's layers → a compiled Sequential, checking every layer option against
// the options the layer knows (its getConfig() keys), so a typo is an error, not a silent default.
import { deserializeLayer } from '../io/registry.ts';
import { registerBuiltinLayers } from '../layers/builtin.ts';
import { Sequential } from '../models/sequential.ts';
import { getOptimizer } from '../optimizers/index.ts';
import type { TrainConfig } from './train-config.ts';

/** Constructor options every layer takes, beyond what its getConfig() reports. */
const COMMON_LAYER_OPTIONS = ['name', 'trainable', 'inputShape', 'batchInputShape', 'batchSize', 'dtype', 'inputDim', 'inputLength'];

export function buildModel(config: TrainConfig, source: string): Sequential {
  registerBuiltinLayers();
  const model = new Sequential({ name: config.name });
  for (const spec of config.layers) {
    let layer;
    try {
      layer = deserializeLayer(spec.className, spec.config);
    } catch (e) {
      throw new Error(`${source}: ${spec.where}: ${(e as Error).message}`);
    }
    const known = new Set([...Object.keys(layer.getConfig()), ...COMMON_LAYER_OPTIONS]);
    for (const key of Object.keys(spec.config)) {
      if (!known.has(key)) throw new Error(`${source}: ${spec.where}: unknown option '${key}' (known: ${[...known].sort().join(', ')})`);
    }
    try {
      model.add(layer);
    } catch (e) {
      throw new Error(`${source}: ${spec.where}: ${(e as Error).message}`);
    }
  }
  const { optimizer, loss, metrics } = config.compile;
  try {
    model.compile({ optimizer: typeof optimizer === 'string' ? optimizer : getOptimizer(optimizer), loss, metrics });
  } catch (e) {
    throw new Error(`${source}: compile: ${(e as Error).message}`);
  }
  return model;
}
