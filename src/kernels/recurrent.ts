// Fused per-timestep gate kernels for SimpleRNN, LSTM and GRU (forward and backward).
// Owned by the recurrent-layers work: the time loop lives in src/layers/recurrent/, the
// per-step gate math here, with a reference and a wasm implementation that must agree.

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface RecurrentKernels {}
