import { describe, expect, it } from 'vitest';
import { trainTestSplit, splitIndices } from '../../src/preprocessing/split.ts';
import { readTable } from '../../src/preprocessing/table-read.ts';
import { LabelEncoder } from '../../src/preprocessing/label-encoder.ts';
import { MinMaxScaler, StandardScaler } from '../../src/preprocessing/scalers.ts';
import { Tensor } from '../../src/tensor.ts';

const labels = Array.from({ length: 100 }, (_, i) => (i < 70 ? 'a' : i < 90 ? 'b' : 'c'));

describe('trainTestSplit', () => {
  it('by fraction: ceil(testSize·n) test rows, a partition, repeatable by seed', () => {
    const [train, test] = splitIndices(labels, { testSize: 0.25, seed: 1 });
    expect(test.length).toBe(25);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(splitIndices(labels, { seed: 1 })[1]).toEqual(test);
    expect(splitIndices(labels, { seed: 2 })[1]).not.toEqual(test);
  });
  it('stratified: each class keeps its share', () => {
    const [train, test] = trainTestSplit(labels, { testSize: 0.2, seed: 3, stratify: labels });
    const count = (xs: string[], c: string): number => xs.filter((x) => x === c).length;
    expect([count(test, 'a'), count(test, 'b'), count(test, 'c')]).toEqual([14, 4, 2]);
    expect(train.length).toBe(80);
  });
  it('chronological: the last rows are the test set; Tensors keep their row shape', () => {
    const x = new Tensor(
      Float32Array.from({ length: 20 }, (_, i) => i),
      [10, 2],
    );
    const [a, b] = trainTestSplit(x, { testSize: 0.3, shuffle: false });
    expect(a.shape).toEqual([7, 2]);
    expect(b.toArray()).toEqual([
      [14, 15],
      [16, 17],
      [18, 19],
    ]);
  });
  it('by a fold column of a Table, and stratify by column name', () => {
    const t = readTable('text,label,fold\na,pos,0\nb,neg,1\nc,pos,1\nd,neg,2\n');
    const [rest, fold1] = trainTestSplit(t, { foldColumn: 'fold', testFold: 1 });
    expect(fold1.strings('text')).toEqual(['b', 'c']);
    expect(rest.strings('text')).toEqual(['a', 'd']);
    expect(trainTestSplit(t, { foldColumn: 'fold', testFold: [0, 2] })[1].rows).toBe(2);
    expect(() => trainTestSplit(t, { foldColumn: 'fold', testFold: 7 })).toThrow('testFold 7 does not occur in column');
    expect(trainTestSplit(t, { testSize: 2, stratify: 'label' })[1].strings('label').sort()).toEqual(['neg', 'pos']);
  });
  it('bad sizes are errors', () => {
    expect(() => splitIndices(labels, { testSize: 1.5 })).toThrow('testSize 1.5');
    expect(() => splitIndices(labels, { testSize: 100 })).toThrow('testSize 100');
  });
});

describe('LabelEncoder', () => {
  it('sorted classes, ids and back, JSON round trip', () => {
    const e = new LabelEncoder().fit(['긍정', '부정', '중립', '긍정']);
    expect(e.classes).toEqual(['긍정', '부정', '중립']);
    expect(Array.from(e.transform(['중립', '긍정']).dataSync())).toEqual([2, 0]);
    expect(e.inverseTransform([1, 2])).toEqual(['부정', '중립']);
    expect(LabelEncoder.fromJSON(JSON.stringify(e)).inverseTransform([0])).toEqual(['긍정']);
    expect(() => e.transform(['x'])).toThrow('label "x" at position 0 was not seen by fit()');
    expect(new LabelEncoder().fit([10, 2, 33]).classes).toEqual([2, 10, 33]);
  });
});

describe('scalers, one column', () => {
  const data = new Tensor(Float32Array.from([1, 10, 2, 20, 3, 60]), [3, 2]);
  it('inverseTransformColumn undoes transform for one column of any shape', () => {
    for (const s of [new StandardScaler().fit(data), new MinMaxScaler().fit(data)]) {
      const scaled = s.transform(data).dataSync();
      const col1 = new Tensor(Float32Array.from([scaled[1]!, scaled[3]!, scaled[5]!]), [3, 1]);
      const back = s.inverseTransformColumn(col1, 1);
      expect(back.shape).toEqual([3, 1]);
      Array.from(back.dataSync()).forEach((v, i) => expect(v).toBeCloseTo([10, 20, 60][i]!, 4));
      expect(s.transformColumn([10, 20, 60], 1).dataSync()).toEqual(col1.dataSync());
      expect(() => s.inverseTransformColumn([1], 2)).toThrow('column 2 is outside the 2 column(s)');
    }
  });
});
