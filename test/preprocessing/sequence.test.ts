// Golden values from fixtures-src/preprocessing/keras_text_reference.py (pad_sequences and
// to_categorical reimplemented from keras/src/utils on numpy), e.g.
//   pad_sequences([[1,2,3],[4,5,6,7,8],[],[9]], maxlen=4, padding='post', truncating='pre')
//   to_categorical([[1],[0],[3]], 5)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { padSequences, toCategorical } from '../../src/preprocessing/sequence.ts';
import { tensor } from '../../src/tensor.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/preprocessing/keras-text.json', import.meta.url), 'utf8'));
const SEQS = [[1, 2, 3], [4, 5, 6, 7, 8], [], [9]];

describe('padSequences', () => {
  for (const c of fixture.pad_sequences) {
    it(`maxlen ${c.maxlen}, padding ${c.padding}, truncating ${c.truncating}, value ${c.value}, ${c.dtype ?? 'int32'}`, () => {
      const out = padSequences(c.input ?? SEQS, {
        maxlen: c.maxlen,
        padding: c.padding,
        truncating: c.truncating,
        value: c.value,
        dtype: c.dtype,
      });
      expect(out.dtype).toBe(c.dtype ?? 'int32');
      if (c.shape) expect(out.shape).toEqual(c.shape);
      else expect(out.toArray()).toEqual(c.result);
    });
  }
  it('defaults to int32, pre/pre, maxlen = longest', () => {
    const out = padSequences([[1], [2, 3, 4]]);
    expect(out.dtype).toBe('int32');
    expect(out.toArray()).toEqual([
      [0, 0, 1],
      [2, 3, 4],
    ]);
  });
  it('accepts typed arrays', () => {
    expect(padSequences([Int32Array.of(5, 6)], { maxlen: 3 }).toArray()).toEqual([[0, 5, 6]]);
  });
  it('all-empty sequences give all padding of width 0 or maxlen', () => {
    expect(padSequences([[], []]).shape).toEqual([2, 0]);
    expect(padSequences([[], []], { maxlen: 2, value: 7 }).toArray()).toEqual([
      [7, 7],
      [7, 7],
    ]);
  });
  it('no sequences: shape [0, maxlen], or an error without maxlen (numpy max of nothing)', () => {
    expect(padSequences([], { maxlen: 4 }).shape).toEqual([0, 4]);
    expect(() => padSequences([])).toThrow(/no sequences and no maxlen/);
  });
  it("maxlen 0 with truncating 'pre' fails like Keras, with a reason", () => {
    expect(() => padSequences([[1, 2]], { maxlen: 0 })).toThrow(/s\[-0:\] keeps the whole sequence/);
    expect(padSequences([[]], { maxlen: 0 }).shape).toEqual([1, 0]);
  });
  it('reports NaN with its sequence and position', () => {
    const seqs = [[1], [2], [3], [1, 2, 3, 4, 5, 6, 7, NaN]];
    expect(() => padSequences(seqs)).toThrow('padSequences: sequence 3 contains NaN at position 7');
    expect(() => padSequences(seqs, { dtype: 'float32' })).toThrow(/sequence 3 contains NaN at position 7/);
  });
  it('rejects bad options and ragged vectors', () => {
    expect(() => padSequences([[1]], { maxlen: -1 })).toThrow(/maxlen must be an integer ≥ 0/);
    expect(() => padSequences([[1]], { padding: 'mid' as 'pre' })).toThrow(/padding must be 'pre' or 'post'/);
    expect(() => padSequences([[1]], { truncating: 'x' as 'pre' })).toThrow(/truncating/);
    expect(() => padSequences([[[1, 2]], [[3]]])).toThrow(/sequence 1 position 0 should be a vector of 2 values/);
    expect(() => padSequences([[1], 5 as unknown as number[]])).toThrow(/sequence 1 is number/);
    expect(() => padSequences([[3e10]])).toThrow(/outside the int32 range/);
  });
});

describe('toCategorical', () => {
  for (const c of fixture.to_categorical) {
    it(`labels ${JSON.stringify(c.labels)}, numClasses ${c.num_classes}`, () => {
      const out = toCategorical(c.labels, c.num_classes);
      expect(out.dtype).toBe('float32');
      expect(out.toArray()).toEqual(c.result);
    });
  }
  it('takes a Tensor', () => {
    expect(toCategorical(tensor([1, 0], [2], 'int32'), 2).toArray()).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });
  it('rejects labels out of range, negative or fractional', () => {
    expect(() => toCategorical([0, 3], 3)).toThrow(/label 1 is 3, but numClasses is 3/);
    expect(() => toCategorical([-1])).toThrow(/label 0 is -1/);
    expect(() => toCategorical([0.5])).toThrow(/integers ≥ 0/);
    expect(() => toCategorical([])).toThrow(/no labels and no numClasses/);
  });
});
