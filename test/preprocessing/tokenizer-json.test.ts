import { describe, expect, it } from 'vitest';
import { Tokenizer } from '../../src/preprocessing/tokenizer.ts';

function json(change: (config: Record<string, unknown>) => void): string {
  const tok = new Tokenizer({ oovToken: '<OOV>' });
  tok.fitOnTexts(['the cat sat', 'the dog']);
  const root = JSON.parse(tok.toJSON()) as { config: Record<string, unknown> };
  change(root.config);
  return JSON.stringify(root);
}
const withIndex = (index: Record<string, unknown>) =>
  json((c) => {
    c.word_index = JSON.stringify(index);
    delete c.index_word;
  });

describe('Tokenizer.fromJSON validates what it reads', () => {
  it('round-trips a valid tokenizer', () => {
    const back = Tokenizer.fromJSON(json(() => {}));
    expect(back.textsToSequences(['the cat'])).toEqual([[2, 3]]);
  });

  it.each([-5, 2.5, 0, '3', null])('word index %s is refused', (bad) => {
    expect(() => Tokenizer.fromJSON(withIndex({ '<OOV>': 1, the: bad }))).toThrow(
      /config\.word_index has index .*; indices are integers ≥ 1/,
    );
  });

  it('two words with one index, and index_word disagreeing with word_index, are refused', () => {
    expect(() => Tokenizer.fromJSON(withIndex({ the: 2, cat: 2 }))).toThrow(/gives index 2 to both 'the' and 'cat'/);
    expect(() =>
      Tokenizer.fromJSON(json((c) => void (c.index_word = JSON.stringify({ 1: '<OOV>', 2: 'cat', 3: 'the', 4: 'sat', 5: 'dog' })))),
    ).toThrow(/index_word maps 2 to 'cat'/);
  });

  it('bad counts and options are named', () => {
    expect(() => Tokenizer.fromJSON(json((c) => void (c.word_counts = JSON.stringify({ the: -1 }))))).toThrow(
      /config\.word_counts holds -1, not an integer count/,
    );
    expect(() => Tokenizer.fromJSON(json((c) => void (c.num_words = -3)))).toThrow(
      /config\.num_words is -3, not null or a positive integer/,
    );
    expect(() => Tokenizer.fromJSON(json((c) => void (c.document_count = 1.5)))).toThrow(/document_count is 1\.5/);
    expect(() => Tokenizer.fromJSON(json((c) => void (c.lower = 'yes')))).toThrow(/config\.lower is/);
  });
});
