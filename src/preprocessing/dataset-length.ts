// How many batches a dataset yields per pass, when it says so: a `length` (TimeseriesDataset,
// arrays) or a `size` property, or Keras' `cardinality()`. The progress bar then shows `7/7`
// instead of `7/Unknown`, as Keras does for datasets of known cardinality.

/** The number of batches per pass, or null when the dataset does not know it (generators). */
export function knownLength(dataset: unknown): number | null {
  if (dataset === null || typeof dataset !== 'object') return null;
  const d = dataset as { length?: unknown; size?: unknown; cardinality?: unknown };
  const value = typeof d.cardinality === 'function' ? (d.cardinality as () => unknown).call(dataset) : (d.length ?? d.size);
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}
