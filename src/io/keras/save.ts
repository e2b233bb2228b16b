// modelToKerasBytes / saveKerasModel: a sunhwan model as a Keras 3 `.keras` archive (config.json,
// metadata.json, model.weights.h5 with optimizer state) or a legacy `.h5` (model_config,
// model_weights, training_config), laid out the way Keras 3.15 writes and reads them.

import type * as H5 from 'h5wasm';
import type { Layer, Shape } from '../../layers/layer.ts';
import type { SymbolicTensor } from '../../models/functional.ts';
import type { LayersModel } from '../../models/model.ts';
import { kerasCompileConfig, kerasOptimizerSlots, LOSS_SEMANTICS_KEY } from './compile.ts';
import { buildH5File } from './hdf5.ts';
import { kerasSnakeCase, layerToKeras, type KerasLayerSpec } from './layers.ts';
import { kerasVarGroups } from './var-paths.ts';
import { kerasJson, writeKerasZip } from './zip.ts';

/** The Keras version whose layout and semantics the written files follow. */
export const KERAS_FORMAT_VERSION = '3.15.1';
const RECURRENT = new Set(['LSTM', 'GRU', 'SimpleRNN', 'Bidirectional']);

export interface SaveKerasOptions {
  /** 'keras' (default) or 'h5'; saveKerasModel picks it from the file name. */
  format?: 'keras' | 'h5';
  /** Store the optimizer state in a .keras file (default true). */
  includeOptimizer?: boolean;
}

const kerasTensor = (shape: Shape, dtype: string, history: [string, number, number]): Record<string, unknown> => ({
  class_name: '__keras_tensor__',
  config: { shape, dtype, keras_history: history },
});

interface GraphLike {
  inputs: SymbolicTensor[];
  outputs: SymbolicTensor[];
  getConfig(): Record<string, unknown>;
}

function inputSpec(name: string, batchShape: Shape, dtype: string): KerasLayerSpec {
  return {
    module: 'keras.layers',
    class_name: 'InputLayer',
    config: { batch_shape: batchShape, dtype, sparse: false, name },
    registered_name: null,
  };
}

/** Keras 3 model config (without compile_config). */
export function kerasModelConfig(model: LayersModel): Record<string, unknown> {
  if (!model.built) throw new Error(`${model.name}: the model is not built yet; nothing to save`);
  if (model.className === 'Sequential') {
    const shape = model.inputShapes![0]!;
    const dtype = (model as unknown as { inputDtypes(): string[] }).inputDtypes()[0]!;
    const layers = [
      inputSpec(`${model.name}_input`, shape, dtype),
      ...model.layers.map((l) => layerToKeras(l.className, l.getConfig(), `${model.name}: layer '${l.name}'`)),
    ];
    return {
      module: 'keras',
      class_name: 'Sequential',
      config: { name: model.name, trainable: true, dtype: 'float32', layers },
      registered_name: null,
      build_config: { input_shape: shape },
    };
  }
  if (model.className !== 'Functional') throw new Error(`${model.name}: a ${model.className} model cannot be written as a Keras file`);
  const graph = model as unknown as GraphLike;
  const cfg = graph.getConfig() as {
    layers: Array<{
      className: string;
      name: string;
      config: Record<string, unknown>;
      inboundNodes: Array<Array<[string, number, number]>>;
    }>;
    inputLayers: Array<[string, number, number]>;
    outputLayers: Array<[string, number, number]>;
  };
  const shapes = new Map<string, SymbolicTensor>();
  const tensorKey = (r: [string, number, number]): string => r.join(':');
  // shapes of every tensor, for the __keras_tensor__ records
  for (const t of graph.inputs) shapes.set(`${t.node.layer.name}:0:0`, t);
  const layerByName = new Map<string, Layer>(model.layers.map((l) => [l.name, l]));
  const nodeTensors = (layer: Layer): SymbolicTensor[][] => {
    const list: SymbolicTensor[][] = [];
    const collect = (t: SymbolicTensor, acc: Set<unknown>): void => {
      if (acc.has(t.node)) return;
      acc.add(t.node);
      t.node.inputs.forEach((i) => collect(i, acc));
      if (t.node.layer === layer) list.push(t.node.outputs);
    };
    const acc = new Set<unknown>();
    graph.outputs.forEach((o) => collect(o, acc));
    return list;
  };
  const record = (r: [string, number, number]): Record<string, unknown> => {
    let t = shapes.get(tensorKey(r));
    if (!t) {
      const layer = layerByName.get(r[0])!;
      const outs = nodeTensors(layer);
      outs.forEach((o, n) => o.forEach((x, j) => shapes.set(`${r[0]}:${n}:${j}`, x)));
      t = shapes.get(tensorKey(r));
    }
    return kerasTensor(t ? t.shape : [], t?.dtype ?? 'float32', r);
  };
  const layers = cfg.layers.map((l) => {
    if (l.className === 'InputLayer') {
      const c = l.config as { batchInputShape: Shape; dtype?: string };
      return { ...inputSpec(l.name, c.batchInputShape, c.dtype ?? 'float32'), name: l.name, inbound_nodes: [] };
    }
    const spec = layerToKeras(l.className, l.config, `${model.name}: layer '${l.name}'`);
    const inbound_nodes = l.inboundNodes.map((refs) => {
      if (RECURRENT.has(l.className)) {
        const [x, ...states] = refs;
        return { args: [record(x!)], kwargs: states.length ? { initial_state: states.map(record) } : {} };
      }
      return { args: refs.length === 1 ? [record(refs[0]!)] : [refs.map(record)], kwargs: {} };
    });
    return { ...spec, name: l.name, inbound_nodes };
  });
  return {
    module: 'keras.src.models.functional',
    class_name: 'Functional',
    config: { name: model.name, trainable: true, layers, input_layers: cfg.inputLayers, output_layers: cfg.outputLayers },
    registered_name: 'Functional',
    build_config: { input_shape: null },
  };
}

function configLayers(config: Record<string, unknown>): KerasLayerSpec[] {
  return (config.config as { layers: KerasLayerSpec[] }).layers;
}

/** model.layers paired with their Keras class names, in the config's order. */
function layersInOrder(model: LayersModel, config: Record<string, unknown>): Array<{ className: string; layer: Layer | null }> {
  const byName = new Map<string, Layer>(model.layers.map((l) => [l.name, l]));
  return configLayers(config).map((s) => ({
    className: s.class_name,
    layer: s.class_name === 'InputLayer' ? null : (byName.get(String(s.config.name)) ?? null),
  }));
}

function writeWeights(file: H5.File, model: LayersModel, config: Record<string, unknown>, includeOptimizer: boolean): void {
  const heap = model.kernels.heap;
  const used = new Map<string, number>();
  file.create_group('layers');
  for (const { className, layer } of layersInOrder(model, config)) {
    const base = kerasSnakeCase(className);
    const n = used.get(base);
    used.set(base, n === undefined ? 0 : n + 1);
    const path = `layers/${n === undefined ? base : `${base}_${n + 1}`}`;
    file.create_group(path);
    file.create_group(`${path}/vars`);
    if (!layer) continue;
    let i = 0;
    for (const g of kerasVarGroups(layer, className)) {
      const parts = g.split('/');
      for (let k = 1; k <= parts.length; k++)
        if (!file.get(`${path}/${parts.slice(0, k).join('/')}`)) file.create_group(`${path}/${parts.slice(0, k).join('/')}`);
      const count = className === 'Bidirectional' ? layer.weights.length / 2 : layer.weights.length;
      for (let j = 0; j < count; j++, i++) {
        const w = layer.weights[i]!;
        (file.get(`${path}/${g}`) as H5.Group).create_dataset({
          name: String(j),
          data: heap.view(w.value).slice(),
          shape: w.shape,
          dtype: '<f',
        });
      }
    }
  }
  file.create_group('vars');
  const optimizer = model.optimizer;
  if (!includeOptimizer || !optimizer || !model.compileConfig) return;
  const state = optimizer.getState(heap);
  const g = file.create_group('optimizer');
  const vars = g.create_group('vars');
  vars.create_dataset({ name: '0', data: BigInt64Array.of(BigInt(state.iterations)), shape: [], dtype: '<q' });
  vars.create_dataset({ name: '1', data: Float32Array.of(optimizer.learningRate), shape: [], dtype: '<f' });
  kerasOptimizerSlots(model, optimizer, model.name).forEach((s, i) => {
    const values = state.slots[s.weight.path]?.[s.index] ?? new Float32Array(s.weight.size);
    vars.create_dataset({ name: String(i + 2), data: values, shape: s.weight.shape, dtype: '<f' });
  });
}

/**
 * A compiled model with tf.keras 2's loss formulas (the default) says so beside its Keras 3 version, so that
 * sunhwan reads it back with the same formulas; Keras ignores the key.
 */
function lossSemanticsMark(model: LayersModel): Record<string, string> {
  const c = model.compileConfig;
  return c && c.kerasVersion !== 3 ? { [LOSS_SEMANTICS_KEY]: 'keras2' } : {};
}

/** The model as the bytes of a Keras 3 `.keras` file (or a legacy `.h5` with format: 'h5'). */
export async function modelToKerasBytes(model: LayersModel, options: SaveKerasOptions = {}): Promise<Uint8Array> {
  const config = kerasModelConfig(model);
  const compile = kerasCompileConfig(model);
  if (options.format === 'h5') return modelToLegacyH5(model, config, compile);
  const weights = await buildH5File((f) => writeWeights(f, model, config, options.includeOptimizer ?? true));
  const full = { ...config, compile_config: compile ?? {} };
  return writeKerasZip(full, { keras_version: KERAS_FORMAT_VERSION, saved_by: 'sunhwan', ...lossSemanticsMark(model) }, weights);
}

async function modelToLegacyH5(
  model: LayersModel,
  config: Record<string, unknown>,
  compile: Record<string, unknown> | null,
): Promise<Uint8Array> {
  const heap = model.kernels.heap;
  return buildH5File((f) => {
    f.create_attribute('keras_version', KERAS_FORMAT_VERSION);
    f.create_attribute('backend', 'jax');
    f.create_attribute('model_config', JSON.stringify(config));
    for (const [k, v] of Object.entries(lossSemanticsMark(model))) f.create_attribute(k, v);
    if (compile) {
      const { optimizer, ...rest } = compile;
      f.create_attribute('training_config', kerasJson({ ...rest, optimizer_config: optimizer }));
    }
    const g = f.create_group('model_weights');
    const withWeights = layersInOrder(model, config).filter((x) => x.layer && x.layer.weights.length > 0);
    g.create_attribute(
      'layer_names',
      withWeights.map((x) => x.layer!.name),
    );
    g.create_attribute('backend', 'jax');
    g.create_attribute('keras_version', KERAS_FORMAT_VERSION);
    for (const { layer } of withWeights) {
      const lg = g.create_group(layer!.name);
      const names = layer!.weights.map((w, i) => `${layer!.name}/${i}_${w.name}`);
      lg.create_attribute('weight_names', names);
      const sub = lg.create_group(layer!.name);
      layer!.weights.forEach((w, i) =>
        sub.create_dataset({ name: `${i}_${w.name}`, data: heap.view(w.value).slice(), shape: w.shape, dtype: '<f' }),
      );
    }
  });
}
