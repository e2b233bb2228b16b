// ReduceLROnPlateau (keras.callbacks.ReduceLROnPlateau): multiply the learning rate by
// `factor` when `monitor` has not improved for `patience` epochs. Adds 'lr' to the epoch logs.

import { formatExponential } from '../utils/format.ts';
import { getLogSink } from '../utils/output.ts';
import { Callback, type Logs } from './callback.ts';
import { isMaxMetric, monitored, type MonitorMode } from './monitor.ts';

export interface ReduceLROnPlateauArgs {
  monitor?: string;
  factor?: number;
  patience?: number;
  verbose?: 0 | 1;
  mode?: MonitorMode;
  minDelta?: number;
  cooldown?: number;
  minLr?: number;
}

export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly verbose: 0 | 1;
  readonly cooldown: number;
  readonly minLr: number;
  private readonly better: (a: number, b: number) => boolean;
  private best = 0;
  private wait = 0;
  private cooldownCounter = 0;

  constructor(args: ReduceLROnPlateauArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.factor = args.factor ?? 0.1;
    if (this.factor >= 1) throw new Error(`ReduceLROnPlateau: factor must be < 1, got ${this.factor}`);
    this.patience = args.patience ?? 10;
    this.verbose = args.verbose ?? 0;
    this.cooldown = args.cooldown ?? 0;
    this.minLr = args.minLr ?? 0;
    const minDelta = args.minDelta ?? 1e-4;
    const max = isMaxMetric(this.monitor, args.mode ?? 'auto');
    this.better = max ? (a, b) => a > b + minDelta : (a, b) => a < b - minDelta;
    this.onTrainBegin();
  }

  onTrainBegin(): void {
    this.best = this.better(0, 1) ? Infinity : -Infinity;
    this.wait = 0;
    this.cooldownCounter = 0;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const optimizer = this.model!.optimizer!;
    logs.lr = optimizer.learningRate;
    const current = monitored(logs, this.monitor, 'Learning rate reduction');
    if (current === null) return;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.wait = 0;
    }
    if (this.better(current, this.best)) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter <= 0) {
      this.wait++;
      if (this.wait >= this.patience) {
        const old = optimizer.learningRate;
        if (old > Math.fround(this.minLr)) {
          const lr = Math.max(old * this.factor, this.minLr);
          optimizer.learningRate = lr;
          if (this.verbose)
            getLogSink().write(
              `\nEpoch ${String(epoch + 1).padStart(5, '0')}: ReduceLROnPlateau reducing learning rate to ${formatExponential(lr, 4)}.\n`,
            );
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}
