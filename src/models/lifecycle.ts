// A model's life: dispose() frees every heap buffer it owns (its layers' weights, gradients and
// scratch, its optimizer's slots, its input/gradient buffers) so the heap reuses the space; a
// disposed model (or one with a disposed layer) refuses to run instead of rebuilding with fresh
// weights; and one model trains in one fit() at a time (two would interleave on the same weights).

import type { Heap, HeapBuffer } from '../heap.ts';
import type { Layer } from '../layers/layer.ts';
import type { Optimizer } from '../optimizers/index.ts';
import { withInterruptHandler } from './interrupt.ts';

interface ModelLike {
  readonly name: string;
  readonly layers: Layer[];
}

const disposedModels = new WeakSet<object>();
const disposedLayers = new WeakSet<Layer>();
const training = new WeakSet<object>();

/** Frees the model's buffers, its optimizer's state and every layer (each once, shared ones too). */
export function disposeModel(model: ModelLike, heap: Heap, optimizer: Optimizer | null, buffers: Iterable<HeapBuffer | undefined>): void {
  if (disposedModels.has(model)) return;
  if (training.has(model))
    throw new Error(
      `${model.name}.dispose: the model is training; call it after fit() has returned (or set model.stopTraining = true and await fit)`,
    );
  optimizer?.dispose(heap);
  for (const b of buffers) if (b) heap.release(b);
  for (const layer of model.layers) disposeLayer(layer);
  disposedModels.add(model);
}

/** Layer.dispose() once: a layer shared by two models is freed by the first model's dispose. */
export function disposeLayer(layer: Layer): void {
  if (disposedLayers.has(layer)) return;
  layer.dispose();
}

/** Records that the layer's memory is gone (called by Layer.dispose). */
export function markLayerDisposed(layer: Layer): void {
  disposedLayers.add(layer);
}

export function isLayerDisposed(layer: Layer): boolean {
  return disposedLayers.has(layer);
}

/** Throws when the model or one of its layers was disposed. */
export function assertUsable(model: ModelLike, what: string): void {
  if (disposedModels.has(model))
    throw new Error(`${model.name}.${what}: the model was disposed (model.dispose()); its weights are gone — load or build it again`);
  const gone = model.layers.find((l) => disposedLayers.has(l));
  if (gone) {
    throw new Error(
      `${model.name}.${what}: layer '${gone.name}' was disposed (layer.dispose()); its weights are gone, so the model cannot run — load or build it again`,
    );
  }
}

/**
 * Runs one fit() of the model; a second concurrent fit() of the same model is refused. With
 * `handleInterrupt`, Ctrl-C stops training cleanly after the current batch (interrupt.ts).
 */
export async function exclusiveFit<T>(
  model: ModelLike & { stopTraining: boolean },
  options: { handleInterrupt?: boolean } | undefined,
  run: () => Promise<T>,
): Promise<T> {
  assertUsable(model, 'fit');
  if (training.has(model)) {
    throw new Error(
      `${model.name}.fit: the model is already training in another fit() call; await it first (two fits would interleave on the same weights)`,
    );
  }
  training.add(model);
  try {
    return await withInterruptHandler(model, options?.handleInterrupt ?? false, run);
  } finally {
    training.delete(model);
  }
}

/** True while a fit() of the model runs. */
export function isTraining(model: object): boolean {
  return training.has(model);
}
