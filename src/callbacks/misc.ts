// Small callbacks: TerminateOnNaN and LambdaCallback.

import { getLogSink } from '../utils/output.ts';
import { Callback, type CallbackHooks, type Logs } from './callback.ts';

/** Stops training when the loss becomes NaN or infinite (keras.callbacks.TerminateOnNaN). */
export class TerminateOnNaN extends Callback {
  onBatchEnd(batch: number, logs: Logs): void {
    const loss = logs.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      getLogSink().write(`Batch ${batch}: Invalid loss, terminating training\n`);
      this.model!.stopTraining = true;
    }
  }
}

export type LambdaCallbackArgs = Omit<CallbackHooks, 'setModel' | 'setParams'>;

/** A callback from plain functions (keras.callbacks.LambdaCallback); they may be async. */
export class LambdaCallback extends Callback {
  constructor(hooks: LambdaCallbackArgs) {
    super();
    Object.assign(this, hooks);
  }
}
