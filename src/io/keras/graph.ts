// A Keras model config (Sequential or Functional, Keras 3 or tf.keras 2 inbound_nodes) →
// a sunhwan model, built, with a map from each Keras layer name to its sunhwan layer.

import { registerBuiltinLayers } from '../../layers/builtin.ts';
import type { Layer, Shape } from '../../layers/layer.ts';
import { Model, input, type SymbolicTensor } from '../../models/functional.ts';
import { applyLayer } from '../../models/input.ts';
import type { LayersModel } from '../../models/model.ts';
import { Sequential } from '../../models/sequential.ts';
import type { DType } from '../../tensor.ts';
import { deserializeLayer } from '../registry.ts';
import { layerToSunhwan, unsupportedLayers, type KerasLayerSpec, type KerasOrigin } from './layers.ts';

export interface BuiltKerasModel {
  model: LayersModel;
  /** Keras layer configs in the config's order, with the sunhwan layer (null: InputLayer / unused op). */
  layers: Array<{ spec: KerasLayerSpec; name: string; layer: Layer | null }>;
}

type Ref = [string, number, number];

function fail(source: string, message: string): never {
  throw new Error(`${source}: ${message}`);
}

function refuseUnsupported(specs: KerasLayerSpec[], source: string): void {
  const bad = unsupportedLayers(specs);
  if (bad.length)
    fail(
      source,
      `the model uses layers sunhwan cannot load:\n  ${bad.join('\n  ')}\n(sunhwan never runs code from a model file; rebuild these parts in code)`,
    );
}

function dtypeOf(value: unknown): DType {
  const name = typeof value === 'string' ? value : (value as { config?: { name?: string } } | null)?.config?.name;
  return name && /int/.test(name) ? 'int32' : 'float32';
}

function batchShapeOf(c: Record<string, unknown>): Shape | null {
  const s = c.batch_shape ?? c.batch_input_shape;
  if (!Array.isArray(s)) return null;
  if (!s.every((d) => d === null || (Number.isInteger(d) && d > 0 && d < 2 ** 31)))
    throw new Error(`input shape [${s.join(', ')}] is not a list of positive integers and nulls`);
  return s as Shape;
}

const layerName = (s: KerasLayerSpec): string => String(s.config?.name ?? s.name ?? '');

function specsOf(config: Record<string, unknown>, source: string): KerasLayerSpec[] {
  const specs = config.layers;
  if (!Array.isArray(specs) || specs.length === 0) fail(source, 'the model config has no layers');
  return specs as KerasLayerSpec[];
}

export function buildSequential(config: Record<string, unknown>, origin: KerasOrigin, source: string): BuiltKerasModel {
  registerBuiltinLayers();
  const specs = specsOf(config, source);
  refuseUnsupported(specs, source);
  let batchShape: Shape | null = Array.isArray(config.build_input_shape) ? batchShapeOf({ batch_shape: config.build_input_shape }) : null;
  let dtype: DType | null = null;
  const out: BuiltKerasModel['layers'] = [];
  const layers: Layer[] = [];
  for (const spec of specs) {
    if (spec.class_name === 'InputLayer') {
      batchShape = batchShapeOf(spec.config) ?? batchShape;
      dtype = dtypeOf(spec.config.dtype);
      out.push({ spec, name: layerName(spec), layer: null });
      continue;
    }
    const { className, config: c } = layerToSunhwan(spec, origin, `${source}: layer '${layerName(spec)}'`);
    if (layers.length === 0) {
      const own = batchShapeOf(spec.config);
      const shape = own ?? batchShape;
      if (!shape)
        fail(
          source,
          `the Sequential model has no input shape (no InputLayer, batch_input_shape or build_input_shape), so it cannot be built`,
        );
      c.batchInputShape = shape;
      if (dtype) c.dtype = dtype;
    }
    const layer = deserializeLayer(className, c);
    layers.push(layer);
    out.push({ spec, name: layerName(spec), layer });
  }
  const model = new Sequential({ layers, name: typeof config.name === 'string' ? config.name : undefined });
  if (!model.built) fail(source, 'the Sequential model could not be built from its input shape');
  return { model, layers: out };
}

/** Tensor references of one inbound node: [args refs..., initial_state refs...] (masks are implicit in sunhwan). */
function nodeRefs(node: unknown, where: string): Ref[] {
  const refs: Ref[] = [];
  const asRef = (v: unknown): Ref | null => {
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'number' && typeof v[2] === 'number') return [v[0], v[1], v[2]];
    const h = v as { class_name?: string; config?: { keras_history?: unknown } } | null;
    if (h && h.class_name === '__keras_tensor__') {
      const r = asRef(h.config?.keras_history);
      if (!r) throw new Error(`${where}: a tensor reference without keras_history`);
      return r;
    }
    return null;
  };
  const collect = (v: unknown): void => {
    const r = asRef(v);
    if (r) refs.push(r);
    else if (Array.isArray(v)) v.forEach(collect);
  };
  const kwargsCheck = (kwargs: Record<string, unknown> | undefined): void => {
    if (!kwargs) return;
    for (const [k, v] of Object.entries(kwargs)) {
      if (k === 'mask' || k === 'training') continue;
      if (k === 'initial_state') collect(v);
      else if (v !== false && v !== null && v !== undefined) throw new Error(`${where}: call argument '${k}' is not supported`);
    }
  };
  if (Array.isArray(node)) {
    // tf.keras 2: [[layer, node, tensor, kwargs], ...]
    for (const entry of node) {
      const r = asRef(entry);
      if (!r) throw new Error(`${where}: unreadable inbound node entry ${JSON.stringify(entry).slice(0, 80)}`);
      refs.push(r);
      kwargsCheck((entry as unknown[])[3] as Record<string, unknown> | undefined);
    }
  } else if (node && typeof node === 'object') {
    // Keras 3: {args: [...], kwargs: {...}}
    collect((node as { args?: unknown }).args);
    kwargsCheck((node as { kwargs?: Record<string, unknown> }).kwargs);
  } else throw new Error(`${where}: unreadable inbound node`);
  return refs;
}

function refList(v: unknown, what: string, source: string): Ref[] {
  if (!Array.isArray(v)) fail(source, `the model config has no ${what}`);
  // a single [name, node, tensor] or a list of them
  const list = typeof v[0] === 'string' ? [v] : v;
  return list.map((r) => {
    if (!Array.isArray(r) || typeof r[0] !== 'string' || typeof r[1] !== 'number' || typeof r[2] !== 'number')
      fail(source, `unreadable ${what} entry ${JSON.stringify(r)}`);
    return [r[0], r[1], r[2]] as Ref;
  });
}

export function buildFunctional(config: Record<string, unknown>, origin: KerasOrigin, source: string): BuiltKerasModel {
  registerBuiltinLayers();
  const specs = specsOf(config, source);
  const byName = new Map<string, KerasLayerSpec>();
  for (const s of specs) {
    const name = layerName(s);
    if (!name || byName.has(name)) fail(source, `layer name '${name}' is missing or repeated in the config`);
    byName.set(name, s);
  }
  const inputRefs = refList(config.input_layers, 'input_layers', source);
  const outputRefs = refList(config.output_layers, 'output_layers', source);
  // nodes of each layer, and the layers the outputs need (ops feeding only masks are skipped)
  const nodes = new Map<string, Ref[][]>();
  for (const s of specs) {
    const raw = s.inbound_nodes ?? [];
    if (!Array.isArray(raw)) fail(source, `inbound_nodes of '${layerName(s)}' is not a list`);
    nodes.set(
      layerName(s),
      raw.map((n, i) => nodeRefs(n, `${source}: node ${i} of '${layerName(s)}'`)),
    );
  }
  const needed = new Set<string>();
  const stack = outputRefs.map((r) => r[0]);
  while (stack.length) {
    const name = stack.pop()!;
    if (needed.has(name)) continue;
    if (!byName.has(name)) fail(source, `the graph refers to layer '${name}', which is not in the config`);
    needed.add(name);
    for (const n of nodes.get(name)!) for (const r of n) stack.push(r[0]);
  }
  refuseUnsupported(
    specs.filter((s) => needed.has(layerName(s))),
    source,
  );

  const tensors = new Map<string, SymbolicTensor>();
  const key = (r: Ref): string => `${r[0]}:${r[1]}:${r[2]}`;
  const out: BuiltKerasModel['layers'] = [];
  const layers = new Map<string, Layer>();
  for (const s of specs) {
    const name = layerName(s);
    if (s.class_name === 'InputLayer') {
      const shape = batchShapeOf(s.config);
      if (!shape) fail(source, `InputLayer '${name}' has no batch shape`);
      tensors.set(key([name, 0, 0]), input({ batchShape: shape, dtype: dtypeOf(s.config.dtype), name }));
      out.push({ spec: s, name, layer: null });
    } else if (needed.has(name)) {
      const { className, config: c } = layerToSunhwan(s, origin, `${source}: layer '${name}'`);
      const layer = deserializeLayer(className, c);
      layers.set(name, layer);
      out.push({ spec: s, name, layer });
    } else out.push({ spec: s, name, layer: null });
  }
  // replay the nodes, each once its inputs exist (Keras' own deferred order)
  const pending: Array<[string, number]> = [];
  for (const s of specs) if (layers.has(layerName(s))) nodes.get(layerName(s))!.forEach((_, i) => pending.push([layerName(s), i]));
  while (pending.length) {
    const before = pending.length;
    for (let i = 0; i < pending.length;) {
      const [name, index] = pending[i]!;
      const refs = nodes.get(name)![index]!;
      if (!refs.every((r) => tensors.has(key(r)))) {
        i++;
        continue;
      }
      pending.splice(i, 1);
      const layer = layers.get(name)!;
      const outs = applyLayer(
        layer,
        refs.map((r) => tensors.get(key(r))!),
      );
      (Array.isArray(outs) ? outs : [outs]).forEach((t, j) => tensors.set(key([name, index, j]), t));
    }
    if (pending.length === before) {
      const [name, index] = pending[0]!;
      const missing = nodes
        .get(name)!
        [index]!.filter((r) => !tensors.has(key(r)))
        .map((r) => `${r[0]}[${r[1]}][${r[2]}]`);
      fail(source, `node ${index} of '${name}' reads ${missing.join(', ')}, which no layer produces (a cycle or a damaged config)`);
    }
  }
  const pick = (refs: Ref[]): SymbolicTensor[] =>
    refs.map((r) => tensors.get(key(r)) ?? fail(source, `the model's input/output ${r[0]}[${r[1]}][${r[2]}] does not exist`));
  const model = new Model({
    inputs: pick(inputRefs),
    outputs: pick(outputRefs),
    name: typeof config.name === 'string' ? config.name : undefined,
  });
  return { model, layers: out };
}
