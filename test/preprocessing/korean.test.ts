// Golden values from fixtures-src/preprocessing/korean_reference.py: the seeds' Python cleaning,
//   re.sub("[^ㄱ-ㅎㅏ-ㅣ가-힣 ]", "", t);  [w[:5] for w in clean_str(t).split(' ')]
// The first five rows are the NSMC reviews printed in seed 002, whose outputs the book shows.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanKorean, cleanStr, KOREAN_STOPWORDS, removeStopwords, truncateWords } from '../../src/preprocessing/korean.ts';
import { decomposeSyllable, fromJamo, isHangulSyllable, toJamo } from '../../src/preprocessing/jamo.ts';
import { CharTokenizer, JamoTokenizer } from '../../src/preprocessing/char-tokenizer.ts';

const fixture: { text: string; clean_korean: string; clean_str: string; words5: string[] }[] = JSON.parse(
  readFileSync(new URL('../fixtures/preprocessing/korean.json', import.meta.url), 'utf8'),
);

describe('Korean cleaning (seeds 001/002)', () => {
  for (const row of fixture) {
    it(`${row.text.slice(0, 20)}…`, () => {
      expect(cleanKorean(row.text)).toBe(row.clean_korean);
      expect(cleanStr(row.text)).toBe(row.clean_str);
      expect(truncateWords(cleanStr(row.text).split(' '), 5)).toEqual(row.words5);
    });
  }
  it('the book: 너무재밓었다그래서보는것을추천한다 → 너무재밓었', () => {
    expect(truncateWords(['너무재밓었다그래서보는것을추천한다'])).toEqual(['너무재밓었']);
  });
  it('cleanKorean keeps NFD Hangul (normalised to NFC first)', () => {
    expect(cleanKorean('한국어 test'.normalize('NFD'))).toBe('한국어 ');
  });
  it("cleanKorean({ replaceWith: ' ' }) keeps words apart where punctuation was deleted", () => {
    expect(cleanKorean('분...너무나')).toBe('분너무나');
    expect(cleanKorean('분...너무나 좋아!!ㅋㅋ', { replaceWith: ' ' })).toBe('분 너무나 좋아 ㅋㅋ');
    expect(cleanKorean('a가b', { replaceWith: '_' })).toBe('_가_');
  });
  it('truncateWords counts code points (emoji are one character)', () => {
    expect(truncateWords(['😀😀😀😀😀😀', 'ab'], 2)).toEqual(['😀😀', 'ab']);
    expect(() => truncateWords(['a'], -1)).toThrow(/maxChars must be an integer ≥ 0/);
  });
  it('removeStopwords with the default Korean list or a custom one', () => {
    expect(removeStopwords(['영화', '가', '진짜', '는', '좋다'])).toEqual(['영화', '진짜', '좋다']);
    expect(removeStopwords(['a', 'the', 'b'], ['the'])).toEqual(['a', 'b']);
    expect(KOREAN_STOPWORDS).toContain('하다');
  });
});

const hangulSyllable = fc.integer({ min: 0xac00, max: 0xd7a3 }).map((c) => String.fromCharCode(c));
const mixedChar = fc.oneof(
  hangulSyllable,
  fc.integer({ min: 0x3131, max: 0x318e }).map((c) => String.fromCharCode(c)), // compatibility jamo (ㅋ, ㅠ)
  fc.constantFrom(' ', '\n', 'a', 'Z', '1', '.', '!', '😀', '👍🏽', 'é', '漢', '\u0301'),
  fc.string({ maxLength: 2 }),
);
const mixedText = fc.array(mixedChar, { maxLength: 40 }).map((a) => a.join(''));

describe('jamo', () => {
  it('round-trips all 11,172 syllables, and matches NFD / NFC', () => {
    let all = '';
    for (let c = 0xac00; c <= 0xd7a3; c++) all += String.fromCharCode(c);
    const jamo = toJamo(all);
    expect(jamo).toBe(all.normalize('NFD'));
    expect(fromJamo(jamo)).toBe(all);
    expect(jamo.normalize('NFC')).toBe(all);
    expect(fromJamo(toJamo(all, { form: 'compatibility' }), { form: 'compatibility' }).length).toBe(all.length);
  });

  it('examples: with and without a final, compatibility form', () => {
    expect(toJamo('한글')).toBe('\u1112\u1161\u11ab\u1100\u1173\u11af');
    expect(toJamo('가')).toBe('\u1100\u1161');
    expect(toJamo('한글 ㅋㅋ!', { form: 'compatibility' })).toBe('ㅎㅏㄴㄱㅡㄹ ㅋㅋ!');
    expect(fromJamo('ㅎㅏㄴㄱㅡㄹ ㅋㅋ!', { form: 'compatibility' })).toBe('한글 ㅋㅋ!');
    expect(decomposeSyllable('닭')).toEqual([3, 0, 9]);
    expect(isHangulSyllable('ㄱ')).toBe(false);
  });

  it('property: fromJamo(toJamo(s)) === s for NFC text (mixed Hangul, jamo, emoji, Latin, combining marks)', () => {
    fc.assert(
      fc.property(mixedText, (s) => {
        const nfc = s.normalize('NFC');
        expect(fromJamo(toJamo(nfc))).toBe(nfc);
      }),
      { numRuns: 500 },
    );
  });

  it('property: any input (even NFD or stray conjoining jamo) comes back Hangul-composed, and toJamo is idempotent', () => {
    fc.assert(
      fc.property(mixedText, (s) => {
        const j = toJamo(s);
        expect(toJamo(j)).toBe(j);
        expect(fromJamo(j)).toBe(fromJamo(s));
        // NFD input comes back as the NFC syllables for its Hangul.
        expect(fromJamo(toJamo(s.normalize('NFD')))).toBe(fromJamo(s.normalize('NFD')));
      }),
      { numRuns: 500 },
    );
    const hangulOnly = fc.array(hangulSyllable, { maxLength: 20 }).map((a) => a.join(''));
    fc.assert(
      fc.property(hangulOnly, (s) => {
        expect(fromJamo(toJamo(s.normalize('NFD')))).toBe(s);
      }),
      { numRuns: 200 },
    );
  });

  it('compatibility form is documented as lossy: 가ㅋ comes back as 갘', () => {
    expect(fromJamo(toJamo('가ㅋ', { form: 'compatibility' }), { form: 'compatibility' })).toBe('갘');
  });
});

describe('CharTokenizer / JamoTokenizer', () => {
  it('reserves id 0 for padding and id 1 for UNK by default, as Tokenizer does', () => {
    const tok = CharTokenizer.fit('ba b');
    expect(tok.vocabulary).toEqual(['', 'UNK', ' ', 'a', 'b']);
    expect(tok.encode('ab?')).toEqual([3, 4, 1]);
    expect(tok.decode([0, 0, 4, 2, 3])).toBe('b a');
    expect(tok.vocabularySize).toBe(5);
    const jamo = JamoTokenizer.fit('가 각', { unkToken: null });
    expect(jamo.encode(' ')).toEqual([1]);
    expect(jamo.decode([0, ...jamo.encode('가 각')])).toBe('가 각');
    const back = CharTokenizer.fromJSON(JSON.stringify(tok));
    expect(back.reserveZero).toBe(true);
    expect(back.encode('ab')).toEqual([3, 4]);
    expect(() => new CharTokenizer(['a', ''])).toThrow("'' is not a token");
  });
  it('{ reserveZero: false } builds sorted(set(text)) + UNK like the book, ordering by code point', () => {
    const tok = CharTokenizer.fit('b😀a\uffffb', { reserveZero: false });
    expect(tok.vocabulary).toEqual(['a', 'b', '\uffff', '😀', 'UNK']);
    expect(tok.encode('ab?')).toEqual([0, 1, 4]);
    expect(tok.decode([1, 0, 3])).toBe('ba😀');
    expect(() => tok.decode([9])).toThrow(/id 9 at position 0 is outside the vocabulary/);
  });
  it('without an UNK token, unseen characters are an error', () => {
    const tok = CharTokenizer.fit(['ab'], { unkToken: null, reserveZero: false });
    expect(() => tok.encode('abc')).toThrow(/'c' at position 2 is not in the vocabulary/);
  });
  it('jamo-level: ~70 symbols for Hangul, lossless decode, JSON round trip', () => {
    const text = '태조 이성계 선대의 가계. 목조 이안사가 전주에서 삼척·의주를 거쳐 알동에 정착하다\nㅋㅋ 😀';
    const tok = JamoTokenizer.fit(text);
    const ids = tok.encode(text);
    expect(tok.decode(ids)).toBe(text);
    expect(ids.length).toBe(Array.from(toJamo(text)).length);
    const back = JamoTokenizer.fromJSON(JSON.stringify(tok.toJSON()));
    expect(back.decode(back.encode(text))).toBe(text);
    expect(back).toBeInstanceOf(JamoTokenizer);
    // Every modern syllable needs at most 19 + 21 + 27 = 67 jamo.
    let all = '';
    for (let c = 0xac00; c <= 0xd7a3; c++) all += String.fromCharCode(c);
    expect(JamoTokenizer.fit(all, { unkToken: null, reserveZero: false }).vocabularySize).toBe(67);
  });
});
