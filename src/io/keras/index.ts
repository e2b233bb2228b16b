// Keras interop: read Keras 3 `.keras` and legacy `.h5` files (Keras 3 and tf.keras 2), write
// `.keras` and `.h5` that Keras 3 loads. Everything behind these functions (zip via fflate,
// HDF5 via h5wasm, the config mapping) is loaded by dynamic import on first use, so programs
// and bundles that never touch a Keras file do not carry it.
//   const model = await loadKerasModel('model.keras')            // Node: a path; anywhere: bytes
//   await saveKerasModel(model, 'out.keras')                      // or await modelToKerasBytes(model)

import { engineAsync } from '../../engine.ts';
import type { LayersModel } from '../../models/model.ts';
import type { LoadKerasOptions } from './load.ts';
import type { SaveKerasOptions } from './save.ts';

export { isKerasFile } from './magic.ts';
export type { LoadKerasOptions, SaveKerasOptions };

/** A model from the bytes of a .keras / .h5 file (browser-safe); `source` names it in errors. */
export async function loadKerasModelFromBytes(
  bytes: Uint8Array,
  options: LoadKerasOptions = {},
  source = 'Keras model bytes',
): Promise<LayersModel> {
  await engineAsync(); // a browser fetches its wasm kernels before layers can be built
  const { loadKerasModelFromBytes: load } = await import('./load.ts');
  return load(bytes, options, source);
}

/** A Keras model from a path (Node) or the bytes of a .keras / .h5 file (anywhere). */
export async function loadKerasModel(pathOrBytes: string | Uint8Array | ArrayBuffer, options: LoadKerasOptions = {}): Promise<LayersModel> {
  if (typeof pathOrBytes === 'string') {
    const { readFileBytes } = await import('../files.ts'); // Node's file access, loaded when a path is given
    const bytes = await readFileBytes(pathOrBytes, 'loadKerasModel');
    return loadKerasModelFromBytes(bytes, options, `'${pathOrBytes}'`);
  }
  return loadKerasModelFromBytes(pathOrBytes instanceof Uint8Array ? pathOrBytes : new Uint8Array(pathOrBytes), options);
}

/** The model as the bytes of a Keras 3 `.keras` file, or of a legacy `.h5` with { format: 'h5' }. */
export async function modelToKerasBytes(model: LayersModel, options: SaveKerasOptions = {}): Promise<Uint8Array> {
  const { modelToKerasBytes: write } = await import('./save.ts');
  return write(model, options);
}

/** Writes a `.keras` file (a legacy `.h5` when the name ends in .h5), atomically. */
export async function saveKerasModel(model: LayersModel, path: string, options: SaveKerasOptions = {}): Promise<void> {
  const format = options.format ?? (/\.(h5|hdf5)$/i.test(path) ? 'h5' : 'keras');
  const { writeFileAtomic } = await import('../files.ts');
  await writeFileAtomic(path, await modelToKerasBytes(model, { ...options, format }), `${model.name}: saveKerasModel`);
}
