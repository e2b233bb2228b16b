// Keras interop: read Keras 3 `.keras` and legacy `.h5` files (Keras 3 and tf.keras 2), write
// `.keras` and `.h5` that Keras 3 loads. HDF5 (h5wasm) and zip (fflate) load lazily, on first use.
//   const model = await loadKerasModel('model.keras')            // Node: a path; anywhere: bytes
//   await saveKerasModel(model, 'out.keras')                      // or modelToKerasBytes(model)

import type { LayersModel } from '../../models/model.ts';
import { readFileBytes } from '../files.ts';
import { loadKerasModelFromBytes, type LoadKerasOptions } from './load.ts';

export { isKerasFile, loadKerasModelFromBytes, type LoadKerasOptions } from './load.ts';
export { SUPPORTED_LAYERS as KERAS_LAYERS } from './layers.ts';

/** A Keras model from a path (Node) or the bytes of a .keras / .h5 file (anywhere). */
export async function loadKerasModel(pathOrBytes: string | Uint8Array | ArrayBuffer, options: LoadKerasOptions = {}): Promise<LayersModel> {
  if (typeof pathOrBytes === 'string') {
    const bytes = await readFileBytes(pathOrBytes, 'loadKerasModel');
    return loadKerasModelFromBytes(bytes, options, `'${pathOrBytes}'`);
  }
  const bytes = pathOrBytes instanceof Uint8Array ? pathOrBytes : new Uint8Array(pathOrBytes);
  return loadKerasModelFromBytes(bytes, options);
}
export { KERAS_FORMAT_VERSION, modelToKerasBytes, saveKerasModel, type SaveKerasOptions } from './save.ts';
