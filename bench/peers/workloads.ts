// The peer workloads (workloads.json) as typed specs, with their nominal FLOP counts and
// random batches. Shared by the orchestrator (run.ts) and the JavaScript children.
// A case is one workload at one of its batch sizes, named `W1@32`.

import { readFileSync } from 'node:fs';

/** The batch of W1–W6's main cases (bench/dashboard.ts times W1 at it). */
export const BATCH = 128;

export type InputSpec =
  | { kind: 'tokens'; steps: number; vocab: number }
  | { kind: 'float'; steps: number; features: number }
  | { kind: 'onehot'; steps: number; features: number };

export type LayerSpec =
  | { type: 'embedding'; inputDim: number; outputDim: number }
  | { type: 'lstm' | 'gru' | 'simple_rnn' | 'bidirectional_lstm'; units: number }
  | { type: 'dense'; units: number; activation: string }
  | { type: 'conv1d'; filters: number; kernelSize: number; activation: string }
  | { type: 'max_pooling1d'; poolSize: number }
  | { type: 'global_max_pooling1d' };

export interface Workload {
  id: string;
  name: string;
  input: InputSpec;
  layers: LayerSpec[];
  loss: 'binary_crossentropy' | 'mae' | 'categorical_crossentropy';
  /** The batch sizes this workload runs at (one case each). */
  batches: number[];
}

export interface Case {
  /** `W1@128` */
  id: string;
  workload: Workload;
  batch: number;
}

/** Every workload at each of its batch sizes, in file order, largest batch first. */
export function loadCases(): Case[] {
  return loadWorkloads().flatMap((workload) =>
    [...workload.batches].sort((a, b) => b - a).map((batch) => ({ id: `${workload.id}@${batch}`, workload, batch })),
  );
}

export function loadWorkloads(): Workload[] {
  const raw = JSON.parse(readFileSync(new URL('./workloads.json', import.meta.url), 'utf8')) as Record<string, Omit<Workload, 'id'>>;
  return Object.entries(raw)
    .filter(([id]) => !id.startsWith('_'))
    .map(([id, w]) => ({ id, ...w }));
}

export function findWorkload(id: string): Workload {
  const w = loadWorkloads().find((x) => x.id === id);
  if (!w) throw new Error(`unknown workload ${id}`);
  return w;
}

export interface Flops {
  /** One forward pass over a batch (predict). */
  predict: number;
  /** Forward + backward (weight and needed input gradients); the optimizer update is not counted. */
  train: number;
}

/**
 * Nominal multiply-add work of the dense formulation (2 FLOPs per multiply-add), GEMMs and
 * convolutions only. A framework that does less work (e.g. sunhwan's fused Embedding
 * projection) can show more GFLOP/s than it computes: the figure compares time, not work.
 * With `formulation: 'sunhwan'`: the work sunhwan's kernels execute instead — a layer fed by
 * an Embedding projects the table (V rows, not B·T; dW and dE from dP: V rows each, no dX),
 * and an LSTM fed one-hot rows gathers rows of W (no input GEMM, no dW GEMM).
 */
export function workloadFlops(w: Workload, batch: number, formulation: 'dense' | 'sunhwan' = 'dense'): Flops {
  const sunhwan = formulation === 'sunhwan';
  let vocab = w.input.kind === 'tokens' ? w.input.vocab : 0; // rows of the table feeding the next layer
  const oneHot = w.input.kind === 'onehot';
  let steps = w.input.steps;
  let width = w.input.kind === 'tokens' ? 1 : w.input.features;
  let forward = 0;
  let backward = 0;
  let upstreamHasWeights = false; // does anything before this layer need its input gradient?
  const gemm = (fwd: number): void => {
    forward += fwd;
    backward += fwd * (upstreamHasWeights ? 2 : 1); // dW always, dX only when someone needs it
  };
  for (const layer of w.layers) {
    switch (layer.type) {
      case 'embedding':
        width = layer.outputDim;
        upstreamHasWeights = true;
        continue; // (vocab stays set for the layer it feeds)
      case 'lstm':
      case 'gru':
      case 'simple_rnn':
      case 'bidirectional_lstm': {
        const gates = layer.type === 'gru' ? 3 : layer.type === 'simple_rnn' ? 1 : 4;
        const directions = layer.type === 'bidirectional_lstm' ? 2 : 1;
        const u = layer.units;
        const rows = batch * steps;
        if (sunhwan && vocab > 0 && vocab < rows) {
          // P = E·W (V rows); backward dW = Eᵀ·dP and dE = dP·Wᵀ, no dX
          forward += directions * 2 * vocab * width * gates * u;
          backward += directions * 2 * 2 * vocab * width * gates * u;
        } else if (!(sunhwan && oneHot && layer === w.layers[0])) {
          gemm(directions * 2 * rows * width * gates * u); // input projection X·W
        }
        // recurrent h·U: forward, plus dU and dh in backward (always both)
        forward += directions * 2 * rows * u * gates * u;
        backward += directions * 2 * 2 * rows * u * gates * u;
        width = directions * u;
        steps = 1;
        break;
      }
      case 'conv1d': {
        const outSteps = steps - layer.kernelSize + 1;
        if (sunhwan && vocab > 0 && vocab < batch * outSteps) {
          forward += 2 * vocab * layer.kernelSize * width * layer.filters; // P_j = E·W_j
          backward += 2 * 2 * vocab * layer.kernelSize * width * layer.filters; // dW_j, dE
        } else {
          gemm(2 * batch * outSteps * layer.kernelSize * width * layer.filters);
        }
        steps = outSteps;
        width = layer.filters;
        break;
      }
      case 'max_pooling1d':
        steps = Math.floor(steps / layer.poolSize);
        break;
      case 'global_max_pooling1d':
        steps = 1;
        break;
      case 'dense':
        gemm(2 * batch * steps * width * layer.units);
        width = layer.units;
        break;
    }
    vocab = 0;
    if (layer.type !== 'max_pooling1d' && layer.type !== 'global_max_pooling1d') upstreamHasWeights = true;
  }
  return { predict: forward, train: forward + backward };
}

/** Small deterministic generator so every JavaScript child trains on the same batch. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export interface Batch {
  /** Int32 ids [B, T] for tokens, float32 [B, T, F] otherwise. */
  x: Int32Array | Float32Array;
  xShape: number[];
  y: Float32Array;
  yShape: number[];
}

export function randomBatch(w: Workload, batch = BATCH, seed = 1): Batch {
  const rand = lcg(seed);
  const T = w.input.steps;
  let x: Int32Array | Float32Array;
  let xShape: number[];
  if (w.input.kind === 'tokens') {
    x = new Int32Array(batch * T);
    for (let i = 0; i < x.length; i++) x[i] = Math.floor(rand() * w.input.vocab);
    xShape = [batch, T];
  } else {
    const F = w.input.features;
    x = new Float32Array(batch * T * F);
    if (w.input.kind === 'float') for (let i = 0; i < x.length; i++) x[i] = rand() * 2 - 1;
    else for (let r = 0; r < batch * T; r++) x[r * F + Math.floor(rand() * F)] = 1;
    xShape = [batch, T, F];
  }
  const last = w.layers[w.layers.length - 1] as { units: number };
  const outUnits = last.units;
  const y = new Float32Array(batch * outUnits);
  if (w.loss === 'binary_crossentropy') for (let i = 0; i < y.length; i++) y[i] = rand() < 0.5 ? 0 : 1;
  else if (w.loss === 'categorical_crossentropy') for (let r = 0; r < batch; r++) y[r * outUnits + Math.floor(rand() * outUnits)] = 1;
  else for (let i = 0; i < y.length; i++) y[i] = rand() * 2 - 1;
  return { x, xShape, y, yShape: [batch, outUnits] };
}
