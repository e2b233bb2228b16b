import { describe, expect, it } from 'vitest';
import { tensor, zeros } from '../src/tensor.ts';

describe('tensor', () => {
  it('builds float32 from nested arrays and int32 on request', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const i = tensor([1, 2, 3, 4], [2, 2], 'int32');
    expect(i.dtype).toBe('int32');
    expect(i.dataSync()).toBeInstanceOf(Int32Array);
  });
  it('takes a typed array and keeps its dtype', () => {
    const t = tensor(new Int32Array([1, 2, 3, 4, 5, 6]), [3, 2]);
    expect(t.dtype).toBe('int32');
    expect(t.reshape([-1]).shape).toEqual([6]);
    expect(t.slice(1, 3).toArray()).toEqual([
      [3, 4],
      [5, 6],
    ]);
  });
  it('names the problem in ragged or mis-shaped input', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged.*\[1\]/);
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(/3 values do not fill shape \[2, 2\]/);
    expect(zeros([2, 2]).dataSync()).toEqual(new Float32Array(4));
  });
});
