// loadKerasModel: a Keras 3 `.keras` archive or a legacy `.h5` (Keras 3 or tf.keras 2) →
// a built sunhwan model with Keras' weights, compiled as the file says when it says so.
// Weights are read by Keras' own order and each is checked against the shape the model's
// config implies before its data is read.

import type { Layer } from '../../layers/layer.ts';
import type { LayersModel } from '../../models/model.ts';
import { applyKerasCompile, kerasOptimizerSlots, LOSS_SEMANTICS_KEY, lossSemantics } from './compile.ts';
import { buildFunctional, buildSequential, type BuiltKerasModel } from './graph.ts';
import { withH5File, type H5Reader } from './hdf5.ts';
import { kerasSnakeCase, type KerasOrigin } from './layers.ts';
import { kerasVarGroups } from './var-paths.ts';
import { isHdf5, isZip } from './magic.ts';
import { jsonEntry, readKerasZip } from './zip.ts';

export interface LoadKerasOptions {
  /** Restore the optimizer's state (moments, step count) from a .keras file, so fit() continues exactly. */
  optimizerState?: boolean;
  /** Compile the model as the file's compile config says (default true). */
  compile?: boolean;
  /**
   * Under Node, the most time reading the HDF5 structure may take before the file is called
   * damaged (default 20 s + 1 s per 10 MB): libhdf5 can loop forever on some damage.
   */
  readTimeoutMs?: number;
}

const originOf = (version: unknown): KerasOrigin => (typeof version === 'string' && /^2\./.test(version) ? 'keras2' : 'keras3');

function buildModel(config: Record<string, unknown>, origin: KerasOrigin, source: string): BuiltKerasModel {
  const cls = config.class_name;
  const inner = config.config as Record<string, unknown> | undefined;
  if (typeof inner !== 'object' || inner === null) throw new Error(`${source}: the model config has no 'config' object`);
  if (cls === 'Sequential') return buildSequential(inner, origin, source);
  if (cls === 'Functional' || cls === 'Model') return buildFunctional(inner, origin, source);
  throw new Error(
    `${source}: model class '${String(cls)}' is not supported (Sequential and functional models load; subclassed models hold Python code)`,
  );
}

/** Copies `values` into one sunhwan weight of `layer`, after the caller checked the shape. */
function setWeight(model: LayersModel, layer: Layer, index: number, values: Float32Array): void {
  model.kernels.heap.view(layer.weights[index]!.value).set(values);
}

function loadKerasV3Weights(r: H5Reader, built: BuiltKerasModel, model: LayersModel): void {
  const used = new Map<string, number>();
  for (const { spec, name, layer } of built.layers) {
    // the archive names layers by class, in the model's layer order (dense, dense_1, …)
    const base = kerasSnakeCase(spec.class_name);
    const n = used.get(base);
    used.set(base, n === undefined ? 0 : n + 1);
    const path = `layers/${n === undefined ? base : `${base}_${n + 1}`}`;
    if (!layer || layer.weights.length === 0) continue;
    const datasets: Array<{ ds: ReturnType<H5Reader['dataset']>; path: string }> = [];
    for (const g of kerasVarGroups(layer, spec.class_name)) {
      const group = r.group(`${path}/${g}`);
      const names = group
        ? r
            .keys(group)
            .filter((k) => /^\d+$/.test(k))
            .sort((a, b) => Number(a) - Number(b))
        : [];
      names.forEach((k, i) => {
        if (k !== String(i)) throw new Error(`${r.source}: layer '${name}': variable ${i} is missing from ${path}/${g}`);
        datasets.push({ ds: r.dataset(`${path}/${g}/${k}`), path: `${path}/${g}/${k}` });
      });
    }
    if (datasets.length !== layer.weights.length) {
      throw new Error(
        `${r.source}: layer '${name}' (${spec.class_name}) has ${datasets.length} weight arrays in the file, the model expects ${layer.weights.length} (${layer.weights.map((w) => w.name).join(', ')})`,
      );
    }
    datasets.forEach(({ ds, path: p }, i) => {
      const w = layer.weights[i]!;
      const what = `layer '${name}' weight '${w.name}' (${p})`;
      if (!ds) throw new Error(`${r.source}: ${what} is not a dataset`);
      setWeight(model, layer, i, r.floats(ds, w.shape, what));
    });
  }
}

function loadLegacyWeights(r: H5Reader, built: BuiltKerasModel, model: LayersModel): void {
  const root = r.group('model_weights') ?? r.group('/');
  if (!root) throw new Error(`${r.source}: no model_weights group`);
  const fileLayers = new Set(r.listAttr(root, 'layer_names') ?? []);
  for (const { spec, name, layer } of built.layers) {
    if (!layer || layer.weights.length === 0) continue;
    if (!fileLayers.has(name))
      throw new Error(`${r.source}: layer '${name}' (${spec.class_name}) has no weights in the file (not in layer_names)`);
    const group = r.group(`${root.path}/${name}`);
    if (!group) throw new Error(`${r.source}: layer '${name}': its weight group is missing`);
    const names = r.listAttr(group, 'weight_names') ?? [];
    if (names.length !== layer.weights.length) {
      throw new Error(
        `${r.source}: layer '${name}' (${spec.class_name}) has ${names.length} weight arrays in the file, the model expects ${layer.weights.length} (${layer.weights.map((w) => w.name).join(', ')})`,
      );
    }
    names.forEach((wn, i) => {
      const w = layer.weights[i]!;
      const what = `layer '${name}' weight '${w.name}' (${wn})`;
      const ds = r.dataset(`${group.path}/${wn}`);
      if (!ds) throw new Error(`${r.source}: ${what} is missing`);
      setWeight(model, layer, i, r.floats(ds, w.shape, what));
    });
  }
}

function readOptimizerState(r: H5Reader, model: LayersModel): { iterations: number; slots: Record<string, Float32Array[]> } {
  const optimizer = model.optimizer!;
  const group = r.group('optimizer/vars');
  if (!group) throw new Error(`${r.source}: optimizerState was requested but the file has no optimizer variables`);
  const count = r.keys(group).filter((k) => /^\d+$/.test(k)).length;
  const layout = kerasOptimizerSlots(model, optimizer, r.source);
  if (count !== layout.length + 2) {
    throw new Error(
      `${r.source}: the file has ${count} optimizer variables, a ${optimizer.className} over this model's weights has ${layout.length + 2} (iterations, learning_rate, then its slots)`,
    );
  }
  const iterDs = r.dataset('optimizer/vars/0');
  if (!iterDs) throw new Error(`${r.source}: optimizer variable 0 (iterations) is missing`);
  const iterations = iterDs.shape.length === 0 && iterDs.data?.length === 1 ? Number(iterDs.data[0]) : NaN;
  if (!Number.isInteger(iterations) || iterations < 0)
    throw new Error(`${r.source}: optimizer iterations ${String(iterations)} is not a count`);
  const slots: Record<string, Float32Array[]> = {};
  layout.forEach((s, i) => {
    const p = `optimizer/vars/${i + 2}`;
    const ds = r.dataset(p);
    if (!ds) throw new Error(`${r.source}: optimizer slot '${s.slot}' of '${s.weight.path}' (${p}) is missing`);
    (slots[s.weight.path] ??= [])[s.index] = r.floats(ds, s.weight.shape, `optimizer slot '${s.slot}' of '${s.weight.path}' (${p})`);
  });
  return { iterations, slots };
}

async function loadKerasArchive(bytes: Uint8Array, source: string, options: LoadKerasOptions): Promise<LayersModel> {
  const entries = readKerasZip(bytes, source);
  const config = jsonEntry(entries, 'config.json', source);
  const metadata = entries.has('metadata.json') ? jsonEntry(entries, 'metadata.json', source) : {};
  const origin = originOf(metadata.keras_version);
  const built = buildModel(config, origin, source);
  const model = built.model;
  const weights = entries.get('model.weights.h5');
  if (!weights) throw new Error(`${source}: the .keras archive has no model.weights.h5`);
  await withH5File(weights, `${source} (model.weights.h5)`, options.readTimeoutMs, (r) => {
    loadKerasV3Weights(r, built, model);
    if ((options.compile ?? true) && config.compile_config) {
      applyKerasCompile(
        model,
        config.compile_config as Record<string, unknown>,
        lossSemantics(origin, metadata[LOSS_SEMANTICS_KEY]),
        source,
      );
      if (options.optimizerState && model.optimizer) {
        const state = readOptimizerState(r, model);
        model.optimizer.setState(state, model.weights, model.kernels.heap);
      }
    } else if (options.optimizerState) throw new Error(`${source}: optimizerState was requested but the file has no compile config`);
  });
  return model;
}

async function loadKerasH5(bytes: Uint8Array, source: string, options: LoadKerasOptions): Promise<LayersModel> {
  return withH5File(bytes, source, options.readTimeoutMs, (r) => {
    const root = r.group('/')!;
    const raw = r.attr(root, 'model_config');
    if (typeof raw !== 'string')
      throw new Error(`${source}: an HDF5 file without a model_config attribute (a weights-only file? build the model in code)`);
    let config: Record<string, unknown>;
    try {
      config = JSON.parse(raw) as Record<string, unknown>;
    } catch (e) {
      throw new Error(`${source}: model_config is not valid JSON (${(e as Error).message})`);
    }
    const version = r.attr(root, 'keras_version');
    const origin = originOf(version);
    const built = buildModel(config, origin, source);
    loadLegacyWeights(r, built, built.model);
    const training = r.attr(root, 'training_config');
    if ((options.compile ?? true) && typeof training === 'string') {
      let t: Record<string, unknown>;
      try {
        t = JSON.parse(training) as Record<string, unknown>;
      } catch (e) {
        throw new Error(`${source}: training_config is not valid JSON (${(e as Error).message})`);
      }
      applyKerasCompile(
        built.model,
        { ...t, optimizer: t.optimizer_config },
        lossSemantics(origin, r.attr(root, LOSS_SEMANTICS_KEY)),
        source,
      );
    }
    if (options.optimizerState)
      throw new Error(`${source}: optimizer state is read from .keras files only (a .h5 file's optimizer_weights are named, not ordered)`);
    return built.model;
  });
}

/** A Keras model from the bytes of a .keras or .h5 file (browser-safe). */
export async function loadKerasModelFromBytes(
  bytes: Uint8Array,
  options: LoadKerasOptions = {},
  source = 'Keras model bytes',
): Promise<LayersModel> {
  if (isZip(bytes)) return loadKerasArchive(bytes, source, options);
  if (isHdf5(bytes)) return loadKerasH5(bytes, source, options);
  throw new Error(`${source}: not a Keras file (neither a .keras zip archive nor an HDF5 .h5 file)`);
}
