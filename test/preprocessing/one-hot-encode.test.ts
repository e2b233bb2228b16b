// The textbook's codes 6-1, 6-2, 6-4 (Deep Learning with Python, Korean edition, seed 003):
//   samples = ['The cat sat on the mat.', 'The dog ate my homework.']
//   6-1: token_index from sample.split(); results shape (2, 10, max(index) + 1) = (2, 10, 11)
//   6-2: token_index = dict(zip(string.printable, range(1, 101))); results shape (2, 50, 101)
//   6-4: index = abs(hash(word)) % 1000; results shape (2, 10, 1000)  (md5 here, as Python's hash is salted)
import { describe, expect, it } from 'vitest';
import { oneHotEncode, PRINTABLE } from '../../src/preprocessing/one-hot-encode.ts';
import { md5BigInt } from '../../src/preprocessing/md5.ts';

const samples = ['The cat sat on the mat.', 'The dog ate my homework.'];

function hot(t: { toArray(): unknown }): number[][] {
  // [sample][position] → index of the 1, or -1 for an all-zero row
  return (t.toArray() as number[][][]).map((rows) => rows.map((row) => row.indexOf(1)));
}

describe('oneHotEncode (the textbook)', () => {
  it('code 6-1: word level', () => {
    const { encoded, tokenIndex } = oneHotEncode(samples, { level: 'word', maxLength: 10 });
    expect([...tokenIndex]).toEqual([
      ['The', 1],
      ['cat', 2],
      ['sat', 3],
      ['on', 4],
      ['the', 5],
      ['mat.', 6],
      ['dog', 7],
      ['ate', 8],
      ['my', 9],
      ['homework.', 10],
    ]);
    expect(encoded.shape).toEqual([2, 10, 11]);
    expect(hot(encoded)).toEqual([
      [1, 2, 3, 4, 5, 6, -1, -1, -1, -1],
      [1, 7, 8, 9, 10, -1, -1, -1, -1, -1],
    ]);
    expect(Array.from(encoded.dataSync()).reduce((a, b) => a + b, 0)).toBe(11);
  });
  it('code 6-2: character level over string.printable', () => {
    expect(PRINTABLE.length).toBe(100);
    const { encoded } = oneHotEncode(samples, { level: 'char', maxLength: 50 });
    expect(encoded.shape).toEqual([2, 50, 101]);
    const h = hot(encoded);
    expect(h[0]!.slice(0, 4)).toEqual([
      PRINTABLE.indexOf('T') + 1,
      PRINTABLE.indexOf('h') + 1,
      PRINTABLE.indexOf('e') + 1,
      PRINTABLE.indexOf(' ') + 1,
    ]);
    expect(h[0]![22]).toBe(PRINTABLE.indexOf('.') + 1);
    expect(h[0]![23]).toBe(-1);
  });
  it('code 6-4: hashed words, deterministic', () => {
    const { encoded } = oneHotEncode(samples, { level: 'hash', maxLength: 10, dimensionality: 1000 });
    expect(encoded.shape).toEqual([2, 10, 1000]);
    expect(hot(encoded)[0]![0]).toBe(Number(md5BigInt('The') % 1000n));
  });
  it('Korean characters with a custom character set; unknown tokens are errors', () => {
    const { encoded } = oneHotEncode(['한글'], { level: 'char', maxLength: 3, characters: '글한' });
    expect(hot(encoded)).toEqual([[2, 1, -1]]);
    expect(() => oneHotEncode(['한글'], { level: 'char', maxLength: 3 })).toThrow(
      /character '한' \(sample 0, position 0\) is not in the character set/,
    );
    expect(() => oneHotEncode(['a b'], { level: 'word', maxLength: 2, tokenIndex: new Map([['a', 1]]) })).toThrow(/word 'b'/);
    expect(() => oneHotEncode(['a'], { level: 'word', maxLength: 0 })).toThrow(/maxLength must be an integer ≥ 1/);
  });
});
