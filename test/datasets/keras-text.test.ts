import { describe, expect, it } from 'vitest';
import { buildWordIndex, kerasWords } from '../../src/datasets/keras-text.ts';
import { capVocabulary, offsetSequences, removeLongSequences } from '../../src/datasets/keras-sequences.ts';

describe('Keras dataset tokenisation', () => {
  it('splits on the default filters and spaces, lowercasing ASCII only (Python 2 bytes)', () => {
    expect(kerasWords("This film was just brilliant,casting,location scenery<br /><br />It's")).toEqual([
      'this',
      'film',
      'was',
      'just',
      'brilliant',
      'casting',
      'location',
      'scenery',
      'br',
      'br',
      "it's",
    ]);
    expect(kerasWords('Ángela  saw\u00a0it\tTWICE\n')).toEqual(['Ángela', 'saw\u00a0it', 'twice']);
  });

  it('ranks words by count, ties in first-seen order', () => {
    const index = buildWordIndex(['b a a', 'c b a']);
    expect([...index]).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });
});

describe('Keras load_data sequence steps', () => {
  it('adds the start character and the index offset', () => {
    expect(offsetSequences([[1, 5]], 1, 3)).toEqual([[1, 4, 8]]);
    expect(offsetSequences([[1, 5]], null, 3)).toEqual([[4, 8]]);
  });

  it('keeps sequences shorter than maxlen', () => {
    expect(removeLongSequences(3, [[1, 2], [1, 2, 3], [1]], [0, 1, 1])).toEqual([
      [[1, 2], [1]],
      [0, 1],
    ]);
  });

  it('replaces words outside [skipTop, numWords) with OOV, or drops them', () => {
    expect(capVocabulary([[1, 4, 9, 12]], 10, 0, 2)).toEqual([[1, 4, 9, 2]]);
    expect(capVocabulary([[1, 4, 9, 12]], 10, 5, 2)).toEqual([[2, 2, 9, 2]]);
    expect(capVocabulary([[1, 4, 9, 12]], 10, 0, null)).toEqual([[1, 4, 9]]);
    // Keras' default numWords = the largest index, which itself becomes OOV.
    expect(capVocabulary([[1, 4, 12]], undefined, 0, 2)).toEqual([[1, 4, 2]]);
  });
});
