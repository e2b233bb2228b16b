// Saving and loading models and weights (format: ./format.ts).
//   await model.save('model.shw')           architecture + weights + compile args + optimizer state
//   const model = await loadModel('model.shw')   ready to predict, or to resume fit() exactly
//   await model.saveWeights('w.shw'); await model.loadWeights('w.shw')   weights only (by order)
//   modelToBytes(model) / modelFromBytes(bytes)  the same without files (browsers)

import type { LayersModel } from '../models/model.ts';
import { getOptimizer } from '../optimizers/index.ts';
import { decode, encode, type ArrayEntry, type Decoded, type SavedHeader } from './format.ts';
import { readFileBytes, writeFileAtomic } from './files.ts';
import { deserializeModel } from './registry.ts';

export interface SaveOptions {
  /** Store the optimizer state so training resumes exactly (default true). */
  includeOptimizer?: boolean;
}

function weightArrays(model: LayersModel): { entries: ArrayEntry[]; arrays: Float32Array[]; next: number } {
  const heap = model.kernels.heap;
  const entries: ArrayEntry[] = [];
  const arrays: Float32Array[] = [];
  let offset = 0;
  for (const w of model.weights) {
    entries.push({ name: w.path, shape: [...w.shape], offset, length: w.size });
    arrays.push(heap.view(w.value));
    offset += w.size;
  }
  return { entries, arrays, next: offset };
}

/** The whole model as bytes (architecture, weights, compile arguments, optimizer state). */
export function modelToBytes(model: LayersModel, options: SaveOptions = {}): Uint8Array {
  if (!model.built) throw new Error(`${model.name}.save: the model is not built yet; nothing to save`);
  const { entries, arrays, next } = weightArrays(model);
  const header: Omit<SavedHeader, 'dataLength' | 'format' | 'version'> = {
    kind: 'model',
    model: { className: model.className, config: model.getConfig() },
    weights: entries,
  };
  const training = model.compileConfig;
  if (training) header.training = { ...training, optimizerConfig: model.optimizer!.getConfig() };
  const optimizer = model.optimizer;
  if (optimizer && (options.includeOptimizer ?? true)) {
    const state = optimizer.getState(model.kernels.heap);
    const slots: ArrayEntry[] = [];
    let offset = next;
    for (const [path, values] of Object.entries(state.slots)) {
      values.forEach((v, i) => {
        slots.push({ name: `${path}/${optimizer.slotNames[i] ?? i}`, shape: [v.length], offset, length: v.length });
        arrays.push(v);
        offset += v.length;
      });
    }
    header.optimizer = { className: optimizer.className, iterations: state.iterations, slotNames: optimizer.slotNames, slots };
  }
  return encode(header, arrays);
}

/** Only the weights, as bytes (Keras' save_weights). */
export function weightsToBytes(model: LayersModel): Uint8Array {
  if (!model.built) throw new Error(`${model.name}.saveWeights: the model is not built yet; nothing to save`);
  const { entries, arrays } = weightArrays(model);
  return encode({ kind: 'weights', weights: entries }, arrays);
}

/** Copies saved weights into a built model, matching by order and checking every shape. */
export function applyWeights(model: LayersModel, { header, data }: Decoded, source: string): void {
  const weights = model.weights;
  if (header.weights.length !== weights.length) {
    throw new Error(`${source} has ${header.weights.length} weight arrays but the model '${model.name}' has ${weights.length} (was it saved from a different architecture?)`);
  }
  header.weights.forEach((e, i) => {
    const w = weights[i]!;
    if (e.shape.length !== w.shape.length || e.shape.some((d, j) => d !== w.shape[j])) {
      throw new Error(`${source}: weight ${i} '${e.name}' has shape [${e.shape}] in the file but '${w.path}' is [${w.shape}] in the model`);
    }
  });
  const heap = model.kernels.heap;
  header.weights.forEach((e, i) => heap.view(weights[i]!.value).set(data.subarray(e.offset, e.offset + e.length)));
}

/** Re-creates a model from bytes written by modelToBytes(). */
export function modelFromBytes(bytes: Uint8Array, source = 'model bytes'): LayersModel {
  const decoded = decode(bytes, source);
  const { header, data } = decoded;
  if (header.kind !== 'model' || !header.model) {
    throw new Error(`${source} holds only weights (saved with saveWeights); build the model in code and call model.loadWeights()`);
  }
  const model = deserializeModel(header.model.className, header.model.config) as LayersModel;
  if (!model.built) throw new Error(`${source}: the saved ${header.model.className} has no input shape, so it cannot be rebuilt`);
  applyWeights(model, decoded, source);
  if (header.training) {
    const t = header.training;
    const optimizer = getOptimizer({ className: t.optimizer, config: t.optimizerConfig });
    try {
      model.compile({ optimizer, loss: t.loss.length === 1 ? t.loss[0]! : t.loss, metrics: t.metrics });
    } catch (e) {
      // e.g. a custom loss object saved by name: the weights are fine, compile again yourself
      console.warn(`${source}: the model was loaded but not compiled (${(e as Error).message}); call model.compile() before fit/evaluate`);
      return model;
    }
    if (header.optimizer) {
      const slots: Record<string, Float32Array[]> = {};
      const names = header.optimizer.slotNames;
      for (const e of header.optimizer.slots) {
        const cut = e.name.lastIndexOf('/');
        const path = e.name.slice(0, cut);
        const index = names.indexOf(e.name.slice(cut + 1));
        (slots[path] ??= [])[index < 0 ? (slots[path]?.length ?? 0) : index] = data.slice(e.offset, e.offset + e.length);
      }
      optimizer.setState({ iterations: header.optimizer.iterations, slots }, model.weights, model.kernels.heap);
    }
  }
  return model;
}

export async function saveModelFile(model: LayersModel, path: string, options: SaveOptions = {}): Promise<void> {
  await writeFileAtomic(path, modelToBytes(model, options), `${model.name}.save`);
}

export async function saveWeightsFile(model: LayersModel, path: string): Promise<void> {
  await writeFileAtomic(path, weightsToBytes(model), `${model.name}.saveWeights`);
}

export async function loadWeightsFile(model: LayersModel, path: string): Promise<void> {
  const bytes = await readFileBytes(path, `${model.name}.loadWeights`);
  applyWeights(model, decode(bytes, `'${path}'`), `'${path}'`);
}

/** Loads a model saved with model.save(path): architecture, weights, compile args, optimizer state. */
export async function loadModel(path: string): Promise<LayersModel> {
  const bytes = await readFileBytes(path, 'loadModel');
  return modelFromBytes(bytes, `'${path}'`);
}
