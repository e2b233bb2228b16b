// Recognising Keras files by their first bytes (no library needed, so loadModel can check
// cheaply before the zip and HDF5 code is loaded).

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export function isHdf5(bytes: Uint8Array): boolean {
  const magic = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
  return bytes.length >= 8 && magic.every((b, i) => bytes[i] === b);
}

/** True for bytes that look like a Keras file (.keras zip or .h5 HDF5). */
export function isKerasFile(bytes: Uint8Array): boolean {
  return isZip(bytes) || isHdf5(bytes);
}
