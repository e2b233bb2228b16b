/** A wasm binary without its "name" custom section; other sections byte for byte. */
export function withoutNameSection(bytes: Uint8Array): Uint8Array<ArrayBuffer>;
