// Golden values from the Keras docs (keras.io/api/metrics/accuracy_metrics), e.g.
//   m = keras.metrics.BinaryAccuracy(); m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])  # 0.75
import { describe, expect, it } from 'vitest';
import { binaryCrossentropy, categoricalCrossentropy, meanSquaredError, sparseCategoricalCrossentropy } from '../src/losses.ts';
import { binaryAccuracy, categoricalAccuracy, getMetric, sparseCategoricalAccuracy } from '../src/metrics.ts';

const f = (a: number[]): Float32Array => Float32Array.from(a);
const mean = ([s, c]: [number, number]): number => s / c;

describe('metrics', () => {
  it('match Keras golden values', () => {
    expect(mean(binaryAccuracy().compute(f([0.98, 1, 0, 0.6]), f([1, 1, 0, 0]), 4, 1, null))).toBe(0.75);
    expect(mean(categoricalAccuracy().compute(f([0.1, 0.9, 0.8, 0.05, 0.95, 0]), f([0, 0, 1, 0, 1, 0]), 2, 3, null))).toBe(0.5);
    expect(mean(sparseCategoricalAccuracy().compute(f([0.1, 0.9, 0.8, 0.05, 0.95, 0]), f([2, 1]), 2, 3, null))).toBe(0.5);
  });

  it("picks the accuracy flavour from the loss, keeping the user's name", () => {
    expect(getMetric('acc', binaryCrossentropy, 1).name).toBe('acc');
    const bin = getMetric('acc', binaryCrossentropy, 1);
    expect(mean(bin.compute(f([0.7]), f([1]), 1, 1, null))).toBe(1);
    expect(getMetric('accuracy', sparseCategoricalCrossentropy, 3).sparse).toBe(true);
    const cat = getMetric('accuracy', categoricalCrossentropy, 3);
    expect(mean(cat.compute(f([0.1, 0.7, 0.2]), f([0, 1, 0]), 1, 3, null))).toBe(1);
    expect(mean(getMetric('acc', meanSquaredError, 1).compute(f([0.6]), f([1]), 1, 1, null))).toBe(1);
    expect(() => getMetric('f1', binaryCrossentropy, 1)).toThrow(/unknown metric 'f1'/);
  });
});
