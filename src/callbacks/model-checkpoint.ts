// ModelCheckpoint (keras.callbacks.ModelCheckpoint): save the model (or its weights) after
// each epoch to a path that may contain {epoch:02d} / {val_loss:.2f}-style fields; with
// saveBestOnly, only when `monitor` improves. Files are written atomically.

import { fillPattern, formatFixed } from '../utils/format.ts';
import { getLogSink } from '../utils/output.ts';
import { Callback, type Logs } from './callback.ts';
import { isMaxMetric, monitored, type MonitorMode } from './monitor.ts';

export interface ModelCheckpointArgs {
  filepath: string;
  monitor?: string;
  verbose?: 0 | 1;
  saveBestOnly?: boolean;
  saveWeightsOnly?: boolean;
  mode?: MonitorMode;
  /** Optimizer state in full saves (default true: resuming continues exactly). */
  includeOptimizer?: boolean;
}

export class ModelCheckpoint extends Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly verbose: 0 | 1;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly includeOptimizer: boolean;
  private readonly better: (a: number, b: number) => boolean;
  best: number;
  /** Paths written so far, in order. */
  readonly saved: string[] = [];

  constructor(args: ModelCheckpointArgs | string) {
    super();
    const a = typeof args === 'string' ? { filepath: args } : args;
    if (!a.filepath) throw new Error('ModelCheckpoint: filepath is required');
    this.filepath = a.filepath;
    this.monitor = a.monitor ?? 'val_loss';
    this.verbose = a.verbose ?? 0;
    this.saveBestOnly = a.saveBestOnly ?? false;
    this.saveWeightsOnly = a.saveWeightsOnly ?? false;
    this.includeOptimizer = a.includeOptimizer ?? true;
    const max = isMaxMetric(this.monitor, a.mode ?? 'auto');
    this.better = max ? (x, y) => x > y : (x, y) => x < y;
    this.best = max ? -Infinity : Infinity;
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    const path = fillPattern(this.filepath, { epoch: epoch + 1, ...logs });
    const tag = `\nEpoch ${String(epoch + 1).padStart(5, '0')}: `;
    if (this.saveBestOnly) {
      const current = monitored(logs, this.monitor, 'Can save best model only with');
      if (current === null) return;
      if (!this.better(current, this.best)) {
        if (this.verbose) getLogSink().write(`${tag}${this.monitor} did not improve from ${formatFixed(this.best, 5)}\n`);
        return;
      }
      if (this.verbose) getLogSink().write(`${tag}${this.monitor} improved from ${formatFixed(this.best, 5)} to ${formatFixed(current, 5)}, saving model to ${path}\n`);
      this.best = current;
    } else if (this.verbose) getLogSink().write(`${tag}saving model to ${path}\n`);
    if (this.saveWeightsOnly) await this.model!.saveWeights(path);
    else await this.model!.save(path, { includeOptimizer: this.includeOptimizer });
    this.saved.push(path);
  }
}
