// Saving and loading models and weights (format: ./format.ts).
//   await model.save('model.shw')           architecture + weights + compile args + optimizer state
//   const model = await loadModel('model.shw')   ready to predict, or to resume fit() exactly
//   await model.saveWeights('w.shw'); await model.loadWeights('w.shw')   weights only (by order)
//   modelToBytes(model) / modelFromBytes(bytes)  the same without files (browsers)

import type { LayersModel } from '../models/model.ts';
import { getOptimizer, type OptimizerState } from '../optimizers/index.ts';
import { lossFromConfig } from '../losses.ts';
import { crc32 } from './crc32.ts';
import {
  checkDataCrc,
  DATA_CRC_POSITION,
  decode,
  encode,
  encodeHead,
  parseHeader,
  PREAMBLE_BYTES,
  readPreamble,
  type ArrayEntry,
  type Preamble,
  type Decoded,
  type SavedHeader,
} from './format.ts';
import type { FileReader } from './files.ts';
import { withWeightBudget } from './weight-budget.ts';
import { deserializeModel } from './registry.ts';
import { isKerasFile, loadKerasModelFromBytes } from './keras/index.ts';

// File access (Node's fs) is imported on first use: a browser page, which saves and loads bytes,
// does not download it.
const fileAccess = () => import('./files.ts');

export interface SaveOptions {
  /** Store the optimizer state so training resumes exactly (default true). */
  includeOptimizer?: boolean;
  /** JSON-serialisable facts stored in the header (read back with readSavedMetadata). */
  metadata?: Record<string, unknown>;
}

/** One array of the data section; `values()` re-reads the heap at each call (views go stale when it grows). */
type ArraySource = () => Float32Array;

interface Parts {
  header: Omit<SavedHeader, 'dataLength' | 'format' | 'version'>;
  arrays: ArraySource[];
}

function weightArrays(model: LayersModel): { entries: ArrayEntry[]; arrays: ArraySource[]; next: number } {
  const heap = model.kernels.heap;
  const entries: ArrayEntry[] = [];
  const arrays: ArraySource[] = [];
  let offset = 0;
  for (const w of model.weights) {
    entries.push({ name: w.path, shape: [...w.shape], offset, length: w.size });
    arrays.push(() => heap.view(w.value));
    offset += w.size;
  }
  return { entries, arrays, next: offset };
}

function modelParts(model: LayersModel, options: SaveOptions): Parts {
  if (!model.built) throw new Error(`${model.name}.save: the model is not built yet; nothing to save`);
  const { entries, arrays, next } = weightArrays(model);
  const header: Parts['header'] = {
    kind: 'model',
    model: { className: model.className, config: model.getConfig() },
    weights: entries,
  };
  if (options.metadata) header.metadata = options.metadata;
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
        arrays.push(() => v);
        offset += v.length;
      });
    }
    header.optimizer = { className: optimizer.className, iterations: state.iterations, slotNames: optimizer.slotNames, slots };
  }
  return { header, arrays };
}

function weightParts(model: LayersModel): Parts {
  if (!model.built) throw new Error(`${model.name}.saveWeights: the model is not built yet; nothing to save`);
  const { entries, arrays } = weightArrays(model);
  return { header: { kind: 'weights', weights: entries }, arrays };
}

const encodeParts = ({ header, arrays }: Parts): Uint8Array =>
  encode(
    header,
    arrays.map((a) => a()),
  );

/** The whole model as bytes (architecture, weights, compile arguments, optimizer state). */
export function modelToBytes(model: LayersModel, options: SaveOptions = {}): Uint8Array {
  return encodeParts(modelParts(model, options));
}

/** Only the weights, as bytes (Keras' save_weights). */
export function weightsToBytes(model: LayersModel): Uint8Array {
  return encodeParts(weightParts(model));
}

/** Streams the file: header, then each array in chunks (CRC as it goes), then the data CRC into the preamble. */
async function writeParts(path: string, what: string, { header, arrays }: Parts): Promise<void> {
  const { ioChunk, writeFileAtomicStream } = await fileAccess();
  const { head } = encodeHead(
    header,
    arrays.map((a) => a()),
  );
  await writeFileAtomicStream(path, what, async (file) => {
    await file.append(head);
    let crc = 0;
    for (const values of arrays) {
      const floats = values().length;
      const step = Math.max(1, Math.floor(ioChunk.bytes / 4));
      for (let at = 0; at < floats; at += step) {
        const current = values(); // re-read: the heap may have grown during the last write
        const chunk = new Uint8Array(current.slice(at, Math.min(at + step, floats)).buffer);
        crc = crc32(chunk, crc);
        await file.append(chunk);
      }
    }
    const crcBytes = new Uint8Array(4);
    new DataView(crcBytes.buffer).setUint32(0, crc, true);
    await file.writeAt(crcBytes, DATA_CRC_POSITION);
  });
}

/** The preamble (first: a foreign file fails after 24 bytes) and the checked header. */
async function readHeader(file: FileReader, source: string): Promise<{ pre: Preamble; header: SavedHeader }> {
  const first = new Uint8Array(Math.min(PREAMBLE_BYTES, file.size));
  await file.read(first, 0);
  const pre = readPreamble(first, file.size, source);
  const padded = new Uint8Array(pre.dataStart - pre.headerStart);
  await file.read(padded, pre.headerStart);
  return { pre, header: parseHeader(padded, pre, file.size, source) };
}

/** Reads a saved file: the preamble first (a foreign file fails after 24 bytes), then header, then data in chunks. */
export async function readModelFile(path: string, what: string): Promise<Decoded> {
  const source = `'${path}'`;
  const { ioChunk, withFileReader } = await fileAccess();
  return withFileReader(path, what, async (file) => {
    const { pre, header } = await readHeader(file, source);
    const data = new Float32Array(header.dataLength);
    const bytes = new Uint8Array(data.buffer);
    let crc = 0;
    for (let at = 0; at < bytes.length; at += ioChunk.bytes) {
      const chunk = bytes.subarray(at, Math.min(at + ioChunk.bytes, bytes.length));
      await file.read(chunk, pre.dataStart + at);
      crc = crc32(chunk, crc);
    }
    checkDataCrc(crc, pre, source);
    return { header, data };
  });
}

/** Copies saved weights into a built model, matching by order and checking every shape. */
export function applyWeights(model: LayersModel, { header, data }: Decoded, source: string): void {
  const weights = model.weights;
  if (header.weights.length !== weights.length) {
    throw new Error(
      `${source} has ${header.weights.length} weight arrays but the model '${model.name}' has ${weights.length} (was it saved from a different architecture?)`,
    );
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

/** The saved slots by weight path, checked against the optimizer's slot names (no inherited keys). */
function optimizerState(
  saved: NonNullable<SavedHeader['optimizer']>,
  slotNames: string[],
  data: Float32Array,
  source: string,
): OptimizerState {
  const slots = new Map<string, Float32Array[]>();
  for (const e of saved.slots) {
    const cut = e.name.lastIndexOf('/');
    const index = slotNames.indexOf(e.name.slice(cut + 1));
    if (cut <= 0 || index < 0) {
      throw new Error(`${source} is corrupted: optimizer slot '${e.name}' is not <weight path>/<one of ${slotNames.join(', ')}>`);
    }
    const path = e.name.slice(0, cut);
    let list = slots.get(path);
    if (!list) slots.set(path, (list = []));
    if (list[index]) throw new Error(`${source} is corrupted: optimizer slot '${e.name}' is listed twice`);
    list[index] = data.slice(e.offset, e.offset + e.length);
  }
  const state: OptimizerState = { iterations: saved.iterations, slots: Object.create(null) as Record<string, Float32Array[]> };
  for (const [path, list] of slots) {
    if (slotNames.some((_, i) => !list[i]))
      throw new Error(`${source} is corrupted: optimizer state for '${path}' lacks some of its slots (${slotNames.join(', ')})`);
    state.slots[path] = list;
  }
  return state;
}

/** The metadata stored by save({metadata}) — reads only the header — or null when the file does not exist. */
export async function readSavedMetadata(path: string): Promise<Record<string, unknown> | null> {
  const { fileExists, withFileReader } = await fileAccess();
  if (!(await fileExists(path))) return null;
  return withFileReader(path, 'readSavedMetadata', async (file) => {
    const { header } = await readHeader(file, `'${path}'`);
    const metadata = header.metadata;
    return metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? metadata : {};
  });
}

/**
 * Errors while rebuilding name the file; an engine error (a layer constructor meeting a config
 * value of the wrong type) becomes a plain one saying the architecture is damaged, with the
 * original as its `cause`.
 */
function namingSource(e: unknown, source: string): Error {
  if (!(e instanceof Error)) return new Error(`${source}: its architecture cannot be rebuilt (${String(e)})`);
  const engineError = e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError || e instanceof ReferenceError;
  if (!engineError && e.message.includes(source)) return e;
  const what = engineError ? `its architecture config is damaged (${e.name}: ${e.message})` : e.message;
  return new Error(`${source}: ${what}`, { cause: e });
}

/** Re-creates a model from bytes written by modelToBytes(). */
export function modelFromBytes(bytes: Uint8Array, source = 'model bytes'): LayersModel {
  return modelFromDecoded(decode(bytes, source), source);
}

function modelFromDecoded(decoded: Decoded, source: string): LayersModel {
  const { header } = decoded;
  if (header.kind !== 'model' || !header.model) {
    throw new Error(`${source} holds only weights (saved with saveWeights); build the model in code and call model.loadWeights()`);
  }
  let model: LayersModel | null = null;
  try {
    model = withWeightBudget(header.weights, source, () => deserializeModel(header.model!.className, header.model!.config) as LayersModel);
    restore(model, decoded, source);
    return model;
  } catch (e) {
    model?.dispose(); // a file that fails half-way must not keep its weights in the heap
    throw namingSource(e, source);
  }
}

function restore(model: LayersModel, decoded: Decoded, source: string): void {
  const { header, data } = decoded;
  if (!model.built) throw new Error(`${source}: the saved ${header.model!.className} has no input shape, so it cannot be rebuilt`);
  applyWeights(model, decoded, source);
  if (header.training) {
    const t = header.training;
    const optimizer = getOptimizer({ className: t.optimizer, config: t.optimizerConfig });
    try {
      const loss = t.loss.map((name, i) => (t.lossOptions?.[i] ? lossFromConfig(name, t.lossOptions[i]) : name));
      model.compile({
        optimizer,
        loss: loss.length === 1 ? loss[0]! : loss,
        metrics: t.metrics,
        ...(t.kerasVersion ? { kerasVersion: t.kerasVersion } : {}),
      });
    } catch (e) {
      // e.g. a custom loss object saved by name: the weights are fine, compile again yourself
      console.warn(`${source}: the model was loaded but not compiled (${(e as Error).message}); call model.compile() before fit/evaluate`);
      return;
    }
    if (header.optimizer)
      optimizer.setState(optimizerState(header.optimizer, optimizer.slotNames, data, source), model.weights, model.kernels.heap);
  }
}

export async function saveModelFile(model: LayersModel, path: string, options: SaveOptions = {}): Promise<void> {
  await writeParts(path, `${model.name}.save`, modelParts(model, options));
}

export async function saveWeightsFile(model: LayersModel, path: string, metadata?: Record<string, unknown>): Promise<void> {
  const parts = weightParts(model);
  if (metadata) parts.header.metadata = metadata;
  await writeParts(path, `${model.name}.saveWeights`, parts);
}

export async function loadWeightsFile(model: LayersModel, path: string): Promise<void> {
  applyWeights(model, await readModelFile(path, `${model.name}.loadWeights`), `'${path}'`);
}

/**
 * Loads a model saved with model.save(path): architecture, weights, compile args, optimizer
 * state. A Keras file (.keras zip or .h5 HDF5, told by its first bytes) goes to loadKerasModel.
 */
export async function loadModel(path: string): Promise<LayersModel> {
  const { readFileBytes, withFileReader } = await fileAccess();
  const head = await withFileReader(path, 'loadModel', async (file) => {
    const first = new Uint8Array(Math.min(8, file.size));
    await file.read(first, 0);
    return first;
  });
  if (isKerasFile(head)) return loadKerasModelFromBytes(await readFileBytes(path, 'loadModel'), {}, `'${path}'`);
  return modelFromDecoded(await readModelFile(path, 'loadModel'), `'${path}'`);
}
