// Builds the WebAssembly kernels from assembly/ with AssemblyScript (run by `npm install`).
// Placeholder until the kernels land: nothing to build yet.
console.log('build-wasm: no kernels yet');
