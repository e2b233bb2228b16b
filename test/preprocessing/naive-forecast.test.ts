import { describe, expect, it } from 'vitest';
import { naiveBatchMae, naiveForecast } from '../../src/preprocessing/naive-forecast.ts';
import { timeseriesGenerator } from '../../src/preprocessing/timeseries.ts';
import { Tensor } from '../../src/tensor.ts';

describe('naiveForecast', () => {
  it('predicts the value horizon steps back; MAE as numpy would compute it', () => {
    const r = naiveForecast([1, 3, 2, 5, 4], { horizon: 2 });
    expect(Array.from(r.forecast)).toEqual([1, 3, 2]);
    expect(Array.from(r.actual)).toEqual([2, 5, 4]);
    expect(r.mae).toBeCloseTo((1 + 2 + 2) / 3, 12);
  });
  it('one column of a [rows, features] Tensor; errors for missing values and bad horizons', () => {
    const t = new Tensor(Float32Array.from([0, 10, 1, 20, 2, 40]), [3, 2]);
    expect(naiveForecast(t, { column: 1 }).mae).toBe(15);
    expect(() => naiveForecast(t)).toThrow('say which with { column }');
    expect(() => naiveForecast([1, NaN, 3])).toThrow('missing values');
    expect(() => naiveForecast([1, 2], { horizon: 2 })).toThrow('horizon must be an integer in [1, 1]');
  });
  it('naiveBatchMae equals the book loop over generator batches', () => {
    const data = new Tensor(
      Float32Array.from({ length: 200 }, (_, i) => Math.sin(i / 5) + (i % 2) * 0.1),
      [100, 2],
    );
    const gen = timeseriesGenerator(data, {
      lookback: 10,
      delay: 3,
      minIndex: 0,
      maxIndex: 80,
      shuffle: false,
      step: 1,
      batchSize: 8,
      targetColumn: 0,
    });
    const mae = naiveBatchMae(gen, { column: 0, steps: 4 });
    const v = data.dataSync();
    let total = 0;
    for (let b = 0; b < 4; b++) {
      let sum = 0;
      for (let j = 0; j < 8; j++) {
        const row = 10 + b * 8 + j;
        sum += Math.abs(v[(row - 1) * 2]! - v[(row + 3) * 2]!); // samples end at row − 1, the target is row + delay
      }
      total += sum / 8;
    }
    expect(mae).toBeCloseTo(total / 4, 5);
  });
});
