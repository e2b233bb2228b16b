// Opening a model file for summary / predict / generate. Each format is a loader that recognises
// its files by their first bytes (or name) and loads them; sunhwan's own .shw format is built in,
// other formats (Keras .keras / .h5) add theirs with registerModelLoader().
import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { loadModel } from '../io/node.ts';
import { isKerasFile, loadKerasModel } from '../io/keras/index.ts';
import type { LayersModel } from '../models/model.ts';

export interface ModelLoader {
  /** Shown in errors: "sunhwan .shw", "Keras .keras", … */
  description: string;
  /** True when this loader reads the file (`head`: its first 16 bytes). */
  matches(path: string, head: Uint8Array): boolean;
  load(path: string): Promise<LayersModel>;
}

const SHW_MAGIC = [0x53, 0x55, 0x4e, 0x48, 0x57, 0x41, 0x4e, 0x00]; // "SUNHWAN\0", see ../io/format.ts

const loaders: ModelLoader[] = [
  {
    description: "sunhwan model (.shw, written by model.save() or 'sunhwan train')",
    matches: (_path, head) => SHW_MAGIC.every((b, i) => head[i] === b),
    load: loadModel,
  },
  {
    description: 'Keras model (.keras from Keras 3, .h5 from Keras 3 or tf.keras 2)',
    matches: (_path, head) => isKerasFile(head),
    load: (path) => loadKerasModel(path),
  },
];

/** Adds a format; later registrations are tried first. */
export function registerModelLoader(loader: ModelLoader): void {
  loaders.unshift(loader);
}

function readHead(path: string): Uint8Array {
  const head = new Uint8Array(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head;
}

/** Loads a model file in any registered format, with errors that say what the file is not. */
export async function loadModelFile(path: string): Promise<LayersModel> {
  if (!existsSync(path)) throw new Error(`model file '${path}' does not exist`);
  if (statSync(path).isDirectory()) throw new Error(`'${path}' is a folder; give the model file inside it (e.g. ${path}/model.shw)`);
  const head = readHead(path);
  const loader = loaders.find((l) => l.matches(path, head));
  if (!loader) {
    throw new Error(`'${path}' is not a model file sunhwan can read (formats: ${loaders.map((l) => l.description).join('; ')})`);
  }
  return loader.load(path);
}
