// ModelCheckpoint (keras.callbacks.ModelCheckpoint): save the model (or its weights) after
// each epoch to a path that may contain {epoch:02d} / {val_loss:.2f}-style fields; with
// saveBestOnly, only when `monitor` improves. Files are written atomically.
// Each file records the monitored value in its metadata ({checkpoint: {monitor, value, epoch}}),
// so a resumed run with saveBestOnly starts from the best value on record (or from
// `initialValueThreshold`) and never overwrites a better model with a worse one.

import { readSavedMetadata, saveModelFile, saveWeightsFile } from '../io/save.ts';
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
  /** saveBestOnly: save only values better than this (Keras 3 initial_value_threshold); default: the value recorded in the existing file. */
  initialValueThreshold?: number;
}

export class ModelCheckpoint extends Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly verbose: 0 | 1;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly includeOptimizer: boolean;
  private readonly better: (a: number, b: number) => boolean;
  private readonly initialValueThreshold: number | null;
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
    this.initialValueThreshold = a.initialValueThreshold ?? null;
    if (this.initialValueThreshold !== null && !Number.isFinite(this.initialValueThreshold)) {
      throw new Error(`ModelCheckpoint: initialValueThreshold must be a finite number, got ${this.initialValueThreshold}`);
    }
  }

  /** saveBestOnly: start from the given threshold, else from the value recorded in the file being replaced. */
  async onTrainBegin(): Promise<void> {
    if (!this.saveBestOnly) return;
    if (this.initialValueThreshold !== null) {
      this.best = this.initialValueThreshold;
      return;
    }
    if (/\{[^}]*\}/.test(this.filepath)) return; // one file per epoch or value: nothing to overwrite
    let metadata: Record<string, unknown> | null;
    try {
      metadata = await readSavedMetadata(this.filepath);
    } catch (e) {
      throw new Error(
        `ModelCheckpoint: '${this.filepath}' exists but cannot be read (${(e as Error).message}); move it away or pass initialValueThreshold`,
      );
    }
    if (metadata === null) return;
    const record = metadata.checkpoint as { monitor?: unknown; value?: unknown } | undefined;
    if (record && record.monitor === this.monitor && typeof record.value === 'number' && Number.isFinite(record.value)) {
      if (this.better(record.value, this.best)) this.best = record.value;
      return;
    }
    getLogSink().write(
      `ModelCheckpoint: '${this.filepath}' exists but records no ${this.monitor}; it will be replaced by the first epoch's model (pass initialValueThreshold to keep it unless beaten)\n`,
    );
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
      if (this.verbose)
        getLogSink().write(
          `${tag}${this.monitor} improved from ${formatFixed(this.best, 5)} to ${formatFixed(current, 5)}, saving model to ${path}\n`,
        );
      this.best = current;
    } else if (this.verbose) getLogSink().write(`${tag}saving model to ${path}\n`);
    const value = monitored(logs, this.monitor, '', true);
    const metadata = value === null ? undefined : { checkpoint: { monitor: this.monitor, value, epoch: epoch + 1 } };
    if (this.saveWeightsOnly) await saveWeightsFile(this.model!, path, metadata);
    else await saveModelFile(this.model!, path, { includeOptimizer: this.includeOptimizer, metadata });
    this.saved.push(path);
  }
}
