// The first non-finite loss or weight of a fit() is reported once, with where it happened:
// epoch, batch, and the first layer (in forward order) whose weights or weight gradients hold a
// NaN or ±Infinity. Cheap: per batch one Number.isFinite on the loss, and a scan of the weights
// only for small models (≤ PER_BATCH_SCAN trainable values: a few µs); larger models are scanned
// after a non-finite loss and at each epoch's end (the report then names the epoch only: a NaN
// that relu turns into 0 never reaches the loss). Array data is checked once when fit() starts.
// TerminateOnNaN (callbacks/misc.ts) stops training; this says what went wrong.

import type { Heap } from '../heap.ts';
import type { Kernels } from '../kernels/index.ts';
import type { Layer } from '../layers/layer.ts';
import { getLogSink } from '../utils/output.ts';

export interface NonFiniteReport {
  epoch: number;
  /** The batch whose loss went non-finite, or null when found by the epoch-end scan of the weights. */
  batch: number | null;
  loss: number | null;
  /** The first layer with a non-finite weight value or gradient, and which. */
  layer: string | null;
  where: 'weights' | 'gradient' | null;
  message: string;
}

const reports = new WeakMap<object, NonFiniteReport>();
/** Trainable values up to which the weights are scanned after every batch. */
export const PER_BATCH_SCAN = 1 << 16;

/** The report of the model's last fit(), if anything went non-finite. */
export function nonFiniteReport(model: object): NonFiniteReport | null {
  return reports.get(model) ?? null;
}

function firstNonFinite(f: Float32Array, offset: number, length: number): number {
  for (let i = offset; i < offset + length; i++) if (!Number.isFinite(f[i]!)) return i - offset;
  return -1;
}

/**
 * Whether any layer holds a non-finite weight. Weights only: an update with a non-finite
 * gradient makes its weight non-finite (every optimizer adds a multiple of it, or of its
 * square), and locateNonFinite then names the gradient too. A kernel (SIMD on the exponent
 * bits): fit() scans every weight after each epoch, and a one-batch fit (train_on_batch's
 * equivalent, what bench:peers times) of an Embedding(10000, 64) model pays it every step.
 */
function holdsNonFinite(layers: readonly Layer[], kernels: Pick<Kernels, 'countNonFinite'>): boolean {
  for (const layer of layers) for (const w of layer.weights) if (kernels.countNonFinite(w.value.offset, w.size) > 0) return true;
  return false;
}

/** The first layer, in forward order, holding a non-finite weight or gradient. */
export function locateNonFinite(
  layers: readonly Layer[],
  heap: Heap,
): { layer: string; where: 'weights' | 'gradient'; weight: string; value: number } | null {
  const f = heap.f32;
  for (const layer of layers) {
    for (const w of layer.weights) {
      const v = firstNonFinite(f, w.value.offset, w.size);
      if (v >= 0) return { layer: layer.name, where: 'weights', weight: w.name, value: f[w.value.offset + v]! };
    }
    for (const w of layer.weights) {
      if (!w.isTrainable) continue;
      const g = firstNonFinite(f, w.grad.offset, w.size);
      if (g >= 0) return { layer: layer.name, where: 'gradient', weight: w.name, value: f[w.grad.offset + g]! };
    }
  }
  return null;
}

const warnedData = new WeakSet<object>();

/** Warns (once per tensor) when float data holds NaN or ±Infinity: where training NaNs usually come from. */
type Data = ReadonlyArray<{ dtype: string; shape: readonly number[]; size: number; dataSync(): ArrayLike<number> }>;

export function warnNonFiniteData(data: Record<string, Data>, where: string): void {
  for (const [what, tensors] of Object.entries(data)) warnTensors(tensors, what, where);
}

function warnTensors(tensors: Data, what: string, where: string): void {
  tensors.forEach((t, i) => {
    if (t.dtype !== 'float32' || warnedData.has(t)) return;
    const data = t.dataSync();
    for (let j = 0; j < data.length; j++) {
      if (Number.isFinite(data[j]!)) continue;
      warnedData.add(t);
      const sample = Math.floor(j / Math.max(1, t.size / t.shape[0]!));
      getLogSink().write(
        `Warning: ${where}: ${what}${tensors.length > 1 ? `[${i}]` : ''} holds ${data[j]} at sample ${sample} (flat index ${j}); training on it makes the weights non-finite\n`,
      );
      return;
    }
  });
}

/** One per fit(): call afterBatch with each batch's loss and afterEpoch at each epoch's end. */
export class NonFiniteWatch {
  private done = false;
  private readonly scanEachBatch: boolean;

  constructor(private readonly model: { name: string; layers: Layer[]; kernels: Pick<Kernels, 'heap' | 'countNonFinite'> }) {
    reports.delete(model);
    const trainable = model.layers.reduce((n, l) => n + l.weights.reduce((m, w) => m + (w.isTrainable ? w.size : 0), 0), 0);
    this.scanEachBatch = trainable <= PER_BATCH_SCAN;
  }

  afterBatch(epoch: number, batch: number, loss: number | undefined): void {
    if (this.done) return;
    if (loss !== undefined && !Number.isFinite(loss)) this.report(epoch, batch, loss);
    else if (this.scanEachBatch && holdsNonFinite(this.model.layers, this.model.kernels)) this.report(epoch, batch, null);
  }

  afterEpoch(epoch: number): void {
    if (this.done) return;
    if (holdsNonFinite(this.model.layers, this.model.kernels)) this.report(epoch, null, null);
  }

  private report(epoch: number, batch: number | null, loss: number | null): void {
    this.done = true;
    const found = locateNonFinite(this.model.layers, this.model.kernels.heap);
    const at = batch === null ? `epoch ${epoch + 1} (found at its end)` : `epoch ${epoch + 1}, batch ${batch}`;
    const what = loss === null ? 'a weight became non-finite' : `the loss became ${loss}`;
    const origin = found
      ? `; first non-finite ${found.where === 'weights' ? 'weight' : 'gradient'}: layer '${found.layer}' (${found.weight}, ${found.value})`
      : '; every weight and gradient is still finite (look at the inputs and targets of this batch)';
    const hint = ' — a NaN/Infinity in x or y, or a learning rate too high (try a smaller one, clipnorm, or TerminateOnNaN)';
    const message = `${this.model.name}.fit: ${what} at ${at}${origin}${hint}`;
    reports.set(this.model, { epoch, batch, loss, layer: found?.layer ?? null, where: found?.where ?? null, message });
    getLogSink().write(`\nWarning: ${message}\n`);
  }
}
