// While a saved model's architecture is rebuilt, each weight a layer creates must match an array
// of the file's manifest (by shape, each array used once) BEFORE its memory is allocated: a small
// file whose config declares Embedding(2e8, 2) fails at once instead of allocating gigabytes
// and then failing its shape check. Layers built before the failure are freed.

import type { Layer } from '../layers/layer.ts';
import type { ArrayEntry } from './format.ts';

interface Budget {
  source: string;
  /** Arrays of the manifest not yet claimed, by shape. */
  remaining: Map<string, number>;
  layers: Set<Layer>;
}

let active: Budget | null = null;

/** Runs `build` (which constructs and builds a model) with its weights limited to the manifest's arrays. */
export function withWeightBudget<T>(entries: readonly ArrayEntry[], source: string, build: () => T): T {
  const remaining = new Map<string, number>();
  for (const e of entries) remaining.set(e.shape.join(','), (remaining.get(e.shape.join(',')) ?? 0) + 1);
  const budget: Budget = { source, remaining, layers: new Set() };
  const previous = active;
  active = budget;
  try {
    return build();
  } catch (e) {
    for (const layer of budget.layers) layer.dispose();
    throw e;
  } finally {
    active = previous;
  }
}

/** Called by Layer.addWeight before allocating; throws when the file has no array for this weight. */
export function claimWeight(layer: Layer, name: string, shape: readonly number[]): void {
  if (!active) return;
  active.layers.add(layer);
  const key = shape.join(',');
  const left = active.remaining.get(key) ?? 0;
  if (left === 0) {
    throw new Error(
      `${active.source}: the saved architecture makes weight '${layer.name}/${name}' of shape [${shape.join(', ')}], but the file holds no ` +
        `(further) array of that shape; the file is damaged or its config was edited`,
    );
  }
  active.remaining.set(key, left - 1);
}
