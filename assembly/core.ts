// Entry of the core kernels in the wasm module (see src/kernels/core.ts for the contract;
// src/kernels/wasm/core.ts binds these). Every top-level assembly/*.ts file is an entry of
// the one module scripts/build-wasm.mjs builds; helpers live in subfolders.

export { gemm, gemmPackedB, packB, packedBFloats, gemmScratchFloats, setGemmScratch, staticDataEnd } from './core/gemm';
export { fill, countNonFinite, copy, add, mul, axpy, scale } from './core/elementwise';
export { activation, activationGrad } from './core/activations';
export { addRowVector, sumRows, softmaxRows, softmaxRowsGrad, gather, scatterAdd, scatterAddPart } from './core/rows';
export { rmspropUpdate, adamUpdate, sgdUpdate, adagradUpdate } from './core/optimizers';
