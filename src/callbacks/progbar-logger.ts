// ProgbarLogger: prints "Epoch 1/30" and the Keras progress bar for each epoch. fit() installs
// it when verbose > 0. With progressUnit 'samples' it prints the Keras 2.2 form
// ("Train on 20000 samples, validate on 5000 samples", counter in samples).

import { Progbar } from '../utils/progbar.ts';
import { getLogSink } from '../utils/output.ts';
import { Callback, type Logs } from './callback.ts';

export class ProgbarLogger extends Callback {
  private bar: Progbar | null = null;
  private seen = 0;
  private epochs = 0;
  /** Batches seen in the first epoch when the dataset's length was unknown (Keras does the same). */
  private learnedSteps: number | null = null;

  onTrainBegin(): void {
    const p = this.params!;
    this.epochs = p.epochs;
    if (p.progressUnit === 'samples' && p.samples !== null) {
      const validation = p.validationSamples;
      getLogSink().write(`Train on ${p.samples} samples${validation ? `, validate on ${validation} samples` : ''}\n`);
    }
  }

  onEpochBegin(epoch: number): void {
    const p = this.params!;
    this.seen = 0;
    getLogSink().write(`Epoch ${epoch + 1}/${this.epochs}\n`);
    const target = p.progressUnit === 'samples' ? p.samples : (p.steps ?? this.learnedSteps);
    this.bar = new Progbar({ target, verbose: p.verbose });
  }

  onBatchEnd(batch: number, logs: Logs): void {
    const p = this.params!;
    this.seen = p.progressUnit === 'samples' ? this.seen + (logs.size ?? 0) : batch + 1;
    const { size: _size, batch: _batch, ...values } = logs;
    this.bar?.update(this.seen, values, false);
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    if (this.bar && this.bar.target === null) this.learnedSteps = this.seen;
    this.bar?.update(this.bar.target ?? this.seen, logs, true);
    this.bar = null;
  }
}
