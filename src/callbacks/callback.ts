// The callback contract (Keras' keras.callbacks.Callback). A callback is a class instance or a
// plain object with any of the hooks below; hooks may be async. Logs carry running averages
// during an epoch ('loss', 'acc', …) and, at epoch end, validation values ('val_loss', …).
// Setting `model.stopTraining = true` stops after the current batch.

import type { LayersModel } from '../models/model.ts';

export type Logs = Record<string, number>;

export interface TrainingParams {
  epochs: number;
  /** Batches per epoch (null when a dataset's length is unknown). */
  steps: number | null;
  samples: number | null;
  /** Validation samples (array validation data), for the Keras 2.2 header line. */
  validationSamples: number | null;
  verbose: 0 | 1 | 2;
  batchSize: number | null;
  /** 'steps' (tf.keras 2) or 'samples' (Keras 2.2) for the progress counter. */
  progressUnit: 'steps' | 'samples';
  doValidation: boolean;
  metrics: string[];
}

export interface CallbackHooks {
  setModel?(model: LayersModel): void;
  setParams?(params: TrainingParams): void;
  onTrainBegin?(logs: Logs): void | Promise<void>;
  onTrainEnd?(logs: Logs): void | Promise<void>;
  onEpochBegin?(epoch: number, logs: Logs): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs): void | Promise<void>;
  onBatchBegin?(batch: number, logs: Logs): void | Promise<void>;
  onBatchEnd?(batch: number, logs: Logs): void | Promise<void>;
  /** evaluate() / predict() hooks (Keras' on_test_* / on_predict_*). */
  onTestBegin?(logs: Logs): void | Promise<void>;
  onTestEnd?(logs: Logs): void | Promise<void>;
}

/** Base class for callbacks: keeps the model and params. */
export class Callback implements CallbackHooks {
  model: LayersModel | null = null;
  params: TrainingParams | null = null;

  setModel(model: LayersModel): void {
    this.model = model;
  }

  setParams(params: TrainingParams): void {
    this.params = params;
  }
}

type HookName = 'onTrainBegin' | 'onTrainEnd' | 'onTestBegin' | 'onTestEnd';
type IndexedHookName = 'onEpochBegin' | 'onEpochEnd' | 'onBatchBegin' | 'onBatchEnd';

/** Runs every callback's hook in order, awaiting async ones. */
export class CallbackList {
  constructor(readonly callbacks: CallbackHooks[]) {}

  setModel(model: LayersModel): void {
    for (const c of this.callbacks) c.setModel?.(model);
  }

  setParams(params: TrainingParams): void {
    for (const c of this.callbacks) c.setParams?.(params);
  }

  async call(hook: HookName, logs: Logs): Promise<void> {
    for (const c of this.callbacks) {
      const r = c[hook]?.(logs);
      if (r) await r;
    }
  }

  async callIndexed(hook: IndexedHookName, index: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) {
      const r = c[hook]?.(index, logs);
      if (r) await r;
    }
  }

  get hasBatchHooks(): boolean {
    return this.callbacks.some((c) => c.onBatchBegin || c.onBatchEnd);
  }
}
