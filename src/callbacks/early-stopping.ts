// EarlyStopping (keras.callbacks.EarlyStopping): stop when `monitor` has not improved by more
// than minDelta for `patience` epochs; optionally restore the weights of the best epoch.

import type { Tensor } from '../tensor.ts';
import { getLogSink } from '../utils/output.ts';
import { Callback, type Logs } from './callback.ts';
import { isMaxMetric, monitored, type MonitorMode } from './monitor.ts';

export interface EarlyStoppingArgs {
  monitor?: string;
  minDelta?: number;
  patience?: number;
  verbose?: 0 | 1;
  mode?: MonitorMode;
  /** Training stops if the monitored value does not beat this within `patience` epochs. */
  baseline?: number | null;
  restoreBestWeights?: boolean;
  /** Epochs to wait before starting to monitor (warm-up). */
  startFromEpoch?: number;
}

export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly verbose: 0 | 1;
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  private readonly better: (a: number, b: number) => boolean;
  wait = 0;
  stoppedEpoch = 0;
  best = Infinity;
  bestEpoch = 0;
  private bestWeights: Tensor[] | null = null;

  constructor(args: EarlyStoppingArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.minDelta = Math.abs(args.minDelta ?? 0);
    this.patience = args.patience ?? 0;
    this.verbose = args.verbose ?? 0;
    this.baseline = args.baseline ?? null;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
    this.startFromEpoch = args.startFromEpoch ?? 0;
    const max = isMaxMetric(this.monitor, args.mode ?? 'auto');
    const delta = this.minDelta;
    this.better = max ? (a, b) => a - delta > b : (a, b) => a + delta < b;
    this.best = max ? -Infinity : Infinity;
  }

  onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.better(0, 1) ? Infinity : -Infinity;
    this.bestWeights = null;
    this.bestEpoch = 0;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const current = monitored(logs, this.monitor, 'Early stopping');
    if (current === null || epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) this.bestWeights = this.model!.getWeights();
    this.wait++;
    if (this.better(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = this.model!.getWeights();
      if (this.baseline === null || this.better(current, this.baseline)) {
        this.wait = 0;
        return;
      }
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model!.stopTraining = true;
      if (this.restoreBestWeights && this.bestWeights) {
        if (this.verbose) getLogSink().write(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.\n`);
        this.model!.setWeights(this.bestWeights);
      }
    }
  }

  onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose)
      getLogSink().write(`Epoch ${String(this.stoppedEpoch + 1).padStart(5, '0')}: early stopping\n`);
  }
}
