// The options of fit / evaluate / predict (one options object each, tfjs style; Keras names).

import type { CallbackHooks } from '../../callbacks/callback.ts';
import type { Tensor } from '../../tensor.ts';
import type { Dataset, TensorOrList } from '../data.ts';

export interface FitArgs {
  epochs?: number;
  batchSize?: number;
  /** 1: progress bar (one line per epoch when not a terminal); 2: one line per epoch; 0: silent. */
  verbose?: 0 | 1 | 2;
  callbacks?: CallbackHooks[];
  /** Fraction of the samples, taken from the end before shuffling, held out for validation. */
  validationSplit?: number;
  /** [xVal, yVal] or [xVal, yVal, sampleWeightVal], or a dataset of batches. */
  validationData?: [TensorOrList, TensorOrList] | [TensorOrList, TensorOrList, Tensor] | Dataset;
  shuffle?: boolean;
  initialEpoch?: number;
  /** Weight per class id (targets of 1 unit or class ids: the value; one-hot: the argmax). */
  classWeight?: Record<number, number>;
  /** One weight per sample. */
  sampleWeight?: Tensor;
  /** Datasets: batches per epoch (required for endless generators). */
  stepsPerEpoch?: number;
  /** Validation dataset: batches per evaluation. */
  validationSteps?: number;
  /** Progress counter in 'steps' (tf.keras 2, default) or 'samples' (Keras 2.2 books). */
  progressUnit?: 'steps' | 'samples';
  /**
   * Seed for shuffling and dropout masks (default: drawn from the global seeded generator). A run
   * resumed with initialEpoch repeats the uninterrupted one exactly only when both pass the same
   * seed (or call setSeed identically first): the global generator's state is not saved.
   */
  seed?: number;
  /** Ctrl-C finishes the batch, runs the epoch-end callbacks (checkpoints) and returns (models/interrupt.ts). */
  handleInterrupt?: boolean;
}

export interface EvaluateArgs {
  batchSize?: number;
  verbose?: 0 | 1;
  sampleWeight?: Tensor;
  /** Datasets: number of batches to use. */
  steps?: number;
}

export interface PredictArgs {
  batchSize?: number;
  verbose?: 0 | 1;
  steps?: number;
}
