// Options shared by SimpleRNN, LSTM and GRU, and their checks. Names follow tfjs (camelCase,
// one options object); getConfig() returns the same keys, so a config re-creates the layer.

import { Act, type ActCode } from '../../kernels/core.ts';
import type { InitializerSpec } from '../../initializers.ts';
import type { LayerArgs } from '../layer.ts';
import type { ThreadPolicy } from '../../threads/policy.ts';
import type { EmbeddingFusionMode } from '../embedding-fusion.ts';
import { lookupOwn } from '../../utils/own.ts';

export type ActivationName =
  'linear' | 'relu' | 'sigmoid' | 'tanh' | 'hard_sigmoid' | 'hardSigmoid' | 'elu' | 'selu' | 'softplus' | 'hard_sigmoid_keras3';

export interface RNNArgs extends LayerArgs {
  units: number;
  /** Candidate/output activation (default 'tanh'); null means linear, as in Keras. */
  activation?: ActivationName | null;
  useBias?: boolean;
  kernelInitializer?: InitializerSpec;
  recurrentInitializer?: InitializerSpec;
  biasInitializer?: InitializerSpec;
  /** Fraction of input units dropped in training (one mask per batch call, every timestep). */
  dropout?: number;
  /** Fraction of recurrent units dropped in training (one mask per batch call, every timestep). */
  recurrentDropout?: number;
  returnSequences?: boolean;
  returnState?: boolean;
  goBackwards?: boolean;
  /**
   * Carry the final states of each call into the next one (batch row i continues sample i),
   * until resetStates(). Gradients stop at the call boundary, as in Keras.
   */
  stateful?: boolean;
  /**
   * Tuning, not part of the config (Bidirectional's copy keeps them). Rows (steps × batch) per
   * block of the input projection and gradient GEMMs (default 1024: a block stays in cache).
   */
  blockRows?: number;
  /**
   * Fed by an Embedding in a model, when to work from its ids and table (layers/embedding-fusion.ts):
   * 'auto' (default) when its vocabulary is smaller than batch × steps (IMDB: 10,000 < 128 × 500)
   * and no input dropout applies. One-hot inputs are read as ids too (not with 'never').
   */
  embeddingFusion?: EmbeddingFusionMode;
  /** When the time loops split across threads (default: src/threads/policy.ts DEFAULT_POLICY). */
  threadPolicy?: ThreadPolicy;
  /**
   * 'auto' (default): a forward with training false runs the inference path (one sequence kernel
   * call per row range, nothing kept for backward; recurrent/inference.ts). 'never': the training
   * forward, for comparisons.
   */
  inferencePath?: InferencePath;
}

export type InferencePath = 'auto' | 'never';

export interface GatedRNNArgs extends RNNArgs {
  /** Gate activation (default 'sigmoid'; 'hard_sigmoid' is Keras 2's clip(0.2·x + 0.5, 0, 1)). */
  recurrentActivation?: ActivationName | null;
}

const codes: Record<string, ActCode> = {
  linear: Act.linear,
  relu: Act.relu,
  sigmoid: Act.sigmoid,
  tanh: Act.tanh,
  hard_sigmoid: Act.hardSigmoid,
  elu: Act.elu,
  selu: Act.selu,
  softplus: Act.softplus,
  hard_sigmoid_keras3: Act.hardSigmoidKeras3,
};

/** Canonical Keras name ('hardSigmoid' → 'hard_sigmoid', null → 'linear'). */
export function activationName(layer: string, option: string, value: string | null | undefined, fallback: string): string {
  if (value === null) return 'linear';
  const name = (value ?? fallback).replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  if (lookupOwn(codes, name) === undefined) {
    throw new Error(`${layer}: unknown ${option} '${value}' (known: ${Object.keys(codes).join(', ')})`);
  }
  return name;
}

export function activationCode(name: string): ActCode {
  return codes[name]!;
}

export function checkUnits(layer: string, units: unknown): number {
  if (typeof units !== 'number' || !Number.isInteger(units) || units < 1) {
    throw new Error(`${layer}: units must be a positive integer, got ${String(units)}`);
  }
  return units;
}

export function checkRate(layer: string, option: string, rate: number | undefined): number {
  const r = rate ?? 0;
  if (!(r >= 0 && r < 1)) throw new Error(`${layer}: ${option} must be in [0, 1), got ${String(rate)}`);
  return r;
}
