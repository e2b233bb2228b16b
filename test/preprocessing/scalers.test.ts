// Expected values by hand from the book's code 6-32 and scikit-learn's formulas:
//   mean = data[:3].mean(axis=0); std = data[:3].std(axis=0); (data - mean) / std
//   MinMaxScaler(feature_range=(0, 1)).fit(data[:3]).transform(data)
import { describe, expect, it } from 'vitest';
import { MinMaxScaler, StandardScaler } from '../../src/preprocessing/scalers.ts';
import { tensor } from '../../src/tensor.ts';

// Columns: [1, 2, 3 | 10], [10, 10, 10 | 99] (constant on the fit rows), [-2, 0, 2 | 4]
const data = [
  [1, 10, -2],
  [2, 10, 0],
  [3, 10, 2],
  [10, 99, 4],
];

function close(actual: unknown, expected: number[][]): void {
  (actual as number[][]).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 5)));
}

describe('StandardScaler', () => {
  it('fits on the training rows only; constant columns are not divided by zero', () => {
    const s = new StandardScaler().fit(data, { endRow: 3 });
    expect([...s.mean!]).toEqual([2, 10, 0]);
    const std0 = Math.sqrt(2 / 3); // population std of 1, 2, 3
    const std2 = Math.sqrt(8 / 3);
    close([[...s.scale!]], [[std0, 1, std2]]);
    const out = s.transform(data);
    expect(out.dtype).toBe('float32');
    close(out.toArray(), [
      [-1 / std0, 0, -2 / std2],
      [0, 0, 0],
      [1 / std0, 0, 2 / std2],
      [8 / std0, 89, 4 / std2],
    ]);
    close(s.inverseTransform(out).toArray(), data);
    expect(Number.isNaN(out.dataSync()[1]!)).toBe(false);
  });
  it('JSON round trip and Tensor input keep shapes', () => {
    const s = StandardScaler.fromJSON(JSON.stringify(new StandardScaler().fit(tensor(data), { startRow: 1 }).toJSON()));
    const out = s.transform(tensor(data));
    expect(out.shape).toEqual([4, 3]);
    expect(new StandardScaler().fit([1, 2, 3, 4]).transform([1, 2, 3, 4]).shape).toEqual([4]); // a 1-D series stays 1-D
  });
  it('errors: not fitted, NaN in the fit rows, empty range, wrong width', () => {
    expect(() => new StandardScaler().transform(data)).toThrow(/call fit\(\) first/);
    const withNaN = data.map((r) => [...r]);
    withNaN[1]![2] = NaN;
    expect(() => new StandardScaler().fit(withNaN)).toThrow(
      'StandardScaler.fit: data row 1, column 2 is NaN (clean or fill it before fitting)',
    );
    expect(new StandardScaler().fit(withNaN, { startRow: 2 }).fitted).toBe(true);
    expect(() => new StandardScaler().fit(data, { startRow: 2, endRow: 2 })).toThrow(/no rows to fit/);
    expect(() => new StandardScaler().fit(data, { endRow: 9 })).toThrow(/endRow 9 is past the 4 rows/);
    expect(() => new StandardScaler().fit(data).transform([[1, 2]])).toThrow(/2 column\(s\), the scaler was fitted on 3/);
  });
});

describe('MinMaxScaler', () => {
  it('maps the fit rows to featureRange, constant columns shift only', () => {
    const s = new MinMaxScaler().fit(data, { endRow: 3 });
    close(s.transform(data).toArray(), [
      [0, 0, 0],
      [0.5, 0, 0.5],
      [1, 0, 1],
      [4.5, 89, 1.5],
    ]);
    const r = new MinMaxScaler({ featureRange: [-1, 1] }).fit(data);
    close(
      r
        .transform([
          [1, 10, -2],
          [10, 99, 4],
        ])
        .toArray(),
      [
        [-1, -1, -1],
        [1, 1, 1],
      ],
    );
    close(r.inverseTransform(r.transform(data)).toArray(), data);
    const back = MinMaxScaler.fromJSON(JSON.stringify(r.toJSON()));
    close(back.transform(data).toArray(), r.transform(data).toArray() as number[][]);
  });
  it('rejects a bad featureRange', () => {
    expect(() => new MinMaxScaler({ featureRange: [1, 0] })).toThrow(/low < high/);
  });
});
