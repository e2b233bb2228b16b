// Golden values from fixtures-src/preprocessing/keras_text_reference.py, a line-by-line
// reimplementation of keras/src/legacy/preprocessing/text.py, e.g.
//   tok = Tokenizer(num_words=8, oov_token="<OOV>"); tok.fit_on_texts(CORPUS)
//   tok.texts_to_sequences(TEST_TEXTS); tok.sequences_to_matrix(seqs, "tfidf"); tok.to_json()
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Tokenizer, type TokenizerOptions } from '../../src/preprocessing/tokenizer.ts';
import { textToWordSequence } from '../../src/preprocessing/text.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/preprocessing/keras-text.json', import.meta.url), 'utf8'));
// The corpus is the first column of text_to_word_sequence.
const corpus: string[] = fixture.text_to_word_sequence.map((pair: [string, string[]]) => pair[0]);
const TEST_TEXTS = ['the cat and the unknown beast', '진짜 재미없는 영화 😀', '', 'toString 2009 dog dog dog'];

function optionsOf(kw: Record<string, unknown>): TokenizerOptions {
  return {
    numWords: (kw.num_words as number) ?? null,
    oovToken: (kw.oov_token as string) ?? null,
    charLevel: (kw.char_level as boolean) ?? false,
    lower: (kw.lower as boolean) ?? true,
  };
}

function expectClose(actual: number[][], expected: number[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 6)));
}

describe('textToWordSequence', () => {
  it('matches Keras on the corpus (filters, lower, split, empty tokens dropped)', () => {
    for (const [text, words] of fixture.text_to_word_sequence) expect(textToWordSequence(text)).toEqual(words);
  });
  it('custom filters, split and no lower-casing', () => {
    for (const [text, words] of fixture.text_to_word_sequence_custom) {
      expect(textToWordSequence(text, { filters: '.,!?', lower: false, split: '|' })).toEqual(words);
    }
  });
  it('treats an astral filter character as one character', () => {
    expect(textToWordSequence('a😀b😁c', { filters: '😀' })).toEqual(['a', 'b😁c']);
  });
  it('a replacement split with $ is literal', () => {
    expect(textToWordSequence('a.b', { split: '$&' })).toEqual(['a', 'b']);
  });
});

describe('Tokenizer (Keras golden values)', () => {
  for (const c of fixture.tokenizers) {
    it(`${c.name}: word index, counts, sequences, texts, matrices, JSON`, () => {
      const tok = new Tokenizer(optionsOf(c.options)).fitOnTexts(corpus);
      expect([...tok.wordIndex]).toEqual(c.word_index);
      expect([...tok.wordCounts]).toEqual(c.word_counts);
      expect([...tok.wordDocs]).toEqual(c.word_docs);
      expect(tok.documentCount).toBe(c.document_count);
      expect(tok.textsToSequences(corpus)).toEqual(c.train_sequences);
      const seqs = tok.textsToSequences(TEST_TEXTS);
      expect(seqs).toEqual(c.test_sequences);
      expect(tok.sequencesToTexts([...seqs, [0, 1, 2, 3, 999]])).toEqual(c.sequences_to_texts);
      for (const mode of ['binary', 'count', 'freq', 'tfidf'] as const) {
        const m = tok.sequencesToMatrix(seqs, mode);
        expect(m.dtype).toBe('float32');
        expectClose(m.toArray() as number[][], c.matrices[mode]);
      }
      expect(tok.toJSON()).toBe(c.to_json);
      // Round trip through Keras' JSON.
      const back = Tokenizer.fromJSON(c.to_json);
      expect([...back.wordIndex]).toEqual(c.word_index);
      expect([...back.wordCounts]).toEqual(c.word_counts);
      expect(back.textsToSequences(TEST_TEXTS)).toEqual(c.test_sequences);
      expect(back.toJSON()).toBe(c.to_json);
      expectClose(back.sequencesToMatrix(seqs, 'tfidf').toArray() as number[][], c.matrices.tfidf);
    });
  }

  it('fitOnSequences then tfidf / freq', () => {
    const tok = new Tokenizer({ numWords: 6 }).fitOnSequences([
      [1, 2, 2, 3],
      [3, 4],
      [5, 5, 5],
    ]);
    expect(tok.documentCount).toBe(fixture.fit_on_sequences.document_count);
    const seqs = [[1, 2, 2, 3], [3, 4, 9], []];
    expectClose(tok.sequencesToMatrix(seqs, 'tfidf').toArray() as number[][], fixture.fit_on_sequences.tfidf);
    expectClose(tok.sequencesToMatrix(seqs, 'freq').toArray() as number[][], fixture.fit_on_sequences.freq);
  });

  it("reproduces the textbook's code 6-3", () => {
    const samples = ['The cat sat on the mat.', 'The dog ate my homework.'];
    const tok = new Tokenizer({ numWords: 1000 });
    tok.fitOnTexts(samples);
    expect(tok.textsToSequences(samples)).toEqual([
      [1, 2, 3, 4, 1, 5],
      [1, 6, 7, 8, 9],
    ]);
    const oneHot = tok.textsToMatrix(samples, 'binary');
    expect(oneHot.shape).toEqual([2, 1000]);
    expect(tok.wordIndex.size).toBe(9); // "9개의 고유한 토큰을 찾았습니다."
  });

  it('accepts pre-tokenised texts (lists of tokens)', () => {
    const tok = new Tokenizer().fitOnTexts([['아', '더빙', 'A'], ['아']]);
    expect([...tok.wordIndex]).toEqual([
      ['아', 1],
      ['더빙', 2],
      ['a', 3],
    ]);
    expect(tok.textsToSequences([['A', '아', '없음']])).toEqual([[3, 1]]);
  });

  it('char level iterates code points (surrogate pairs stay whole)', () => {
    const tok = new Tokenizer({ charLevel: true }).fitOnTexts(['😀가😀']);
    expect([...tok.wordIndex.keys()]).toEqual(['😀', '가']);
  });

  it('vocabulary words that are Object.prototype names are ordinary words', () => {
    const tok = new Tokenizer().fitOnTexts(['constructor hasOwnProperty __proto__']);
    expect(tok.textsToSequences(['__proto__ constructor valueOf'])).toEqual([[3, 1]]);
  });

  it('keeps integer-like words in order through JSON', () => {
    const tok = new Tokenizer().fitOnTexts(['b 2009 a 1']);
    const back = Tokenizer.fromJSON(tok.toJSON());
    expect([...back.wordCounts.keys()]).toEqual(['b', '2009', 'a', '1']);
  });
});

describe('Tokenizer bad input', () => {
  it('rejects numWords < 1 and non-integers', () => {
    expect(() => new Tokenizer({ numWords: 0 })).toThrow(/numWords must be an integer ≥ 1/);
    expect(() => new Tokenizer({ numWords: 2.5 })).toThrow(/numWords/);
  });
  it('rejects a single string instead of a list', () => {
    expect(() => new Tokenizer().fitOnTexts('hello' as unknown as string[])).toThrow(/single string/);
  });
  it('rejects non-string texts, naming the position', () => {
    expect(() => new Tokenizer().fitOnTexts(['a', 3 as unknown as string])).toThrow(/text 1 is number/);
  });
  it('empty texts give empty sequences; empty corpus gives an empty vocabulary', () => {
    const tok = new Tokenizer().fitOnTexts(['', '   ', '...']);
    expect(tok.wordIndex.size).toBe(0);
    expect(tok.documentCount).toBe(3);
    expect(tok.textsToSequences(['', 'x'])).toEqual([[], []]);
    expect(() => tok.textsToMatrix(['x'])).toThrow(/fit on some text data first/);
  });
  it('tfidf before fitting is an error', () => {
    expect(() => new Tokenizer({ numWords: 5 }).sequencesToMatrix([[1]], 'tfidf')).toThrow(/before using tfidf/);
  });
  it('unknown mode and negative indexes are errors', () => {
    const tok = new Tokenizer().fitOnTexts(['a b']);
    expect(() => tok.sequencesToMatrix([[1]], 'bogus' as 'binary')).toThrow(/unknown mode 'bogus'/);
    expect(() => tok.sequencesToMatrix([[1, -1]])).toThrow(/sequence 0 has -1 at position 1/);
  });
  it('OOV token with no vocabulary is a clear error', () => {
    expect(() => new Tokenizer({ oovToken: '<unk>' }).textsToSequences(['a'])).toThrow(/call fitOnTexts first/);
  });
  it('bad JSON is reported', () => {
    expect(() => Tokenizer.fromJSON('{nope')).toThrow(/not valid JSON/);
    expect(() => Tokenizer.fromJSON('{}')).toThrow(/no 'config'/);
  });
});

describe('Tokenizer fast path', () => {
  it('property: the one-pass scanner gives exactly what textToWordSequence gives', async () => {
    const fc = (await import('fast-check')).default;
    const piece = fc.oneof(
      fc.constantFrom(' ', '  ', '.', ',', '\t', '\n', '!', 'The', 'the', 'THE', '영화', '재미', '😀', 'é', 'İ', 'ß', 'a-b', "don't"),
      fc.string({ maxLength: 3 }),
    );
    const text = fc.array(piece, { maxLength: 12 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 6 }), fc.array(text, { maxLength: 4 }), fc.boolean(), (train, test, lower) => {
        const fast = new Tokenizer({ lower, numWords: 6, oovToken: '<oov>' }).fitOnTexts(train);
        const slow = new Tokenizer({ lower, numWords: 6, oovToken: '<oov>', analyzer: (t) => textToWordSequence(t, { lower }) }).fitOnTexts(
          train,
        );
        expect([...fast.wordIndex]).toEqual([...slow.wordIndex]);
        expect([...fast.wordDocs]).toEqual([...slow.wordDocs]);
        expect(fast.textsToSequences(test)).toEqual(slow.textsToSequences(test));
      }),
      { numRuns: 300 },
    );
  });
  it('sees edits to wordIndex made after fitting', () => {
    const tok = new Tokenizer().fitOnTexts(['a b']);
    tok.wordIndex.set('c', 3);
    expect(tok.textsToSequences(['c a'])).toEqual([[3, 1]]);
  });
});
