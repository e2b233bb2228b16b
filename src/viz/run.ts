// What a run's report and dashboard show, gathered by a callback: the summary, per-batch and
// per-epoch logs, epoch times, learning rate, samples, the environment. Per-batch work is one
// small object pushed to an array (subclasses read the arrays on their own schedule).

import { Callback, type Logs, type TrainingParams } from '../callbacks/callback.ts';
import { engine } from '../engine.ts';
import type { LayersModel } from '../models/model.ts';
import { getThreads } from '../threads/index.ts';
import { onSample, type Sample } from './samples.ts';

export interface EpochRecord {
  /** 0-based, as Keras' on_epoch_end. */
  epoch: number;
  logs: Logs;
  seconds: number;
  learningRate: number | null;
}

export interface BatchRecord {
  /** Batches since the run began (1-based), the x of per-batch curves. */
  step: number;
  epoch: number;
  logs: Logs;
}

export interface RunEnvironment {
  kernels: string;
  threads: number;
  runtime: string;
  version: string;
}

export interface RunData {
  id: string;
  name: string;
  model: string;
  startedAt: number;
  finishedAt: number | null;
  status: 'running' | 'finished';
  summary: string;
  params: TrainingParams | null;
  environment: RunEnvironment;
  epochs: EpochRecord[];
  batches: BatchRecord[];
  samples: Sample[];
}

let runCounter = 0;

function runtimeName(): string {
  const g = globalThis as { process?: { versions?: { node?: string } }; navigator?: { userAgent?: string } };
  if (g.process?.versions?.node) return `Node ${g.process.versions.node}`;
  return g.navigator?.userAgent ?? 'unknown';
}

export interface RunRecorderOptions {
  /** Run name (default: the model's name and a counter, e.g. 'sequential-1'). */
  name?: string;
  /** sunhwan's version for the environment line (the Node entry fills it from package.json). */
  version?: string;
}

export class RunRecorder extends Callback {
  run: RunData | null = null;
  private epochStart = 0;
  private currentEpoch = 0;
  private step = 0;
  private unsubscribe: (() => void) | null = null;

  constructor(protected readonly recorderOptions: RunRecorderOptions = {}) {
    super();
  }

  override setModel(model: LayersModel): void {
    super.setModel(model);
    this.unsubscribe?.();
    this.unsubscribe = onSample(model, (s) => this.run?.samples.push({ ...s, epoch: this.currentEpoch }));
  }

  onTrainBegin(_logs: Logs): void | Promise<void> {
    const model = this.model;
    runCounter++;
    let summary = '';
    try {
      summary = model?.summary({ print: false }) ?? '';
    } catch (e) {
      summary = `(no summary: ${(e as Error).message})`;
    }
    const kernels = engine();
    this.step = 0;
    this.run = {
      id: `run-${Date.now().toString(36)}-${runCounter}`,
      name: this.recorderOptions.name ?? `${model?.name ?? 'model'}-${runCounter}`,
      model: model?.name ?? 'model',
      startedAt: Date.now(),
      finishedAt: null,
      status: 'running',
      summary,
      params: this.params,
      environment: {
        kernels: kernels.name,
        threads: getThreads(),
        runtime: runtimeName(),
        version: this.recorderOptions.version ?? 'unknown',
      },
      epochs: [],
      batches: [],
      samples: [],
    };
  }

  onEpochBegin(epoch: number, _logs: Logs): void | Promise<void> {
    this.currentEpoch = epoch;
    this.epochStart = performance.now();
  }

  onBatchEnd(_index: number, logs: Logs): void | Promise<void> {
    const { size: _size, batch: _batch, ...values } = logs;
    this.run?.batches.push({ step: ++this.step, epoch: this.currentEpoch, logs: values });
  }

  onEpochEnd(epoch: number, logs: Logs): void | Promise<void> {
    const lr = this.model?.optimizer?.learningRate;
    this.run?.epochs.push({
      epoch,
      logs: { ...logs },
      seconds: (performance.now() - this.epochStart) / 1000,
      learningRate: typeof lr === 'number' ? lr : null,
    });
  }

  onTrainEnd(_logs: Logs): void | Promise<void> {
    if (this.run) {
      this.run.status = 'finished';
      this.run.finishedAt = Date.now();
    }
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Epoch-end history in Keras' layout ({ loss: [...], val_loss: [...] }). */
  history(): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const e of this.run?.epochs ?? []) for (const [k, v] of Object.entries(e.logs)) (out[k] ??= []).push(v);
    return out;
  }
}
