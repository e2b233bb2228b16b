// Korean cleaning steps of the seeds (NSMC sentiment, 001/002).

/**
 * Keeps only Hangul and spaces: the books' `str.replace("[^ㄱ-ㅎㅏ-ㅣ가-힣 ]", "")`. That keeps
 * compatibility jamo ㄱ–ㅎ (U+3131–U+314E), ㅏ–ㅣ (U+314F–U+3163), syllables 가–힣
 * (U+AC00–U+D7A3) and the ASCII space, and deletes everything else (Latin, digits, punctuation,
 * tabs, emoji). The text is first normalised to NFC, so decomposed (NFD) Hangul is kept as
 * syllables instead of being deleted jamo by jamo (for NFC input this is exactly the regex).
 */
export function cleanKorean(text: string, options: CleanKoreanOptions = {}): string {
  if (typeof text !== 'string') throw new Error(`cleanKorean: expected a string, got ${text === null ? 'null' : typeof text}`);
  const replaceWith = options.replaceWith ?? '';
  if (typeof replaceWith !== 'string') throw new Error(`cleanKorean: replaceWith must be a string, got ${typeof replaceWith}`);
  const normalized = text.normalize('NFC');
  return replaceWith === '' ? normalized.replace(/[^ㄱ-ㅎㅏ-ㅣ가-힣 ]/g, '') : normalized.replace(/[^ㄱ-ㅎㅏ-ㅣ가-힣 ]+/g, replaceWith);
}

export interface CleanKoreanOptions {
  /**
   * What a run of deleted characters becomes. Default '' (the seeds' regex, which joins the words
   * around punctuation: '분...너무나' → '분너무나'); ' ' keeps them apart: '분 너무나'.
   */
  replaceWith?: string;
}

/**
 * Cuts every token to its first `maxChars` characters (code points, as Python's `word[:5]`):
 * the seed's stand-in for stemming, `[word[:5] for word in sentence]`.
 */
export function truncateWords(tokens: readonly string[], maxChars = 5): string[] {
  if (!Number.isInteger(maxChars) || maxChars < 0) throw new Error(`truncateWords: maxChars must be an integer ≥ 0, got ${maxChars}`);
  if (!Array.isArray(tokens)) throw new Error('truncateWords: tokens must be an array of strings');
  return tokens.map((token, i) => {
    if (typeof token !== 'string') throw new Error(`truncateWords: token ${i} is ${typeof token}, not a string`);
    // Fast path: a string no longer than maxChars UTF-16 units has at most maxChars code points.
    if (token.length <= maxChars) return token;
    let out = '';
    let count = 0;
    for (const ch of token) {
      if (count++ === maxChars) break;
      out += ch;
    }
    return out;
  });
}

/** A common Korean stop-word list for NSMC (particles and fillers): 의 가 이 은 들 는 좀 잘 걍 과 도 를 으로 자 에 와 한 하다. */
export const KOREAN_STOPWORDS: readonly string[] = Object.freeze([
  '의',
  '가',
  '이',
  '은',
  '들',
  '는',
  '좀',
  '잘',
  '걍',
  '과',
  '도',
  '를',
  '으로',
  '자',
  '에',
  '와',
  '한',
  '하다',
]);

/** Drops tokens found in `stopwords` (default KOREAN_STOPWORDS), keeping order. */
export function removeStopwords(tokens: readonly string[], stopwords: Iterable<string> = KOREAN_STOPWORDS): string[] {
  if (!Array.isArray(tokens)) throw new Error('removeStopwords: tokens must be an array of strings');
  const drop = stopwords instanceof Set ? (stopwords as Set<string>) : new Set(stopwords);
  return tokens.filter((t) => !drop.has(t));
}

/**
 * The NSMC book's `clean_str` (Yoon Kim's CNN_sentence cleaning with a Hangul range), Python
 * regex for regex: keeps 가–힣, Latin letters, digits and ( ) , ! ? ' `, splits off 's 've n't 're
 * 'd 'll , ! ( ) ?, squeezes whitespace, drops apostrophes and lower-cases. Like the original it
 * writes "\(", "\)" and "\?" with a backslash (Python keeps the backslash of an unknown escape in
 * a replacement string; the books' generated text shows "\?"). Split the result with `.split(' ')`
 * as the book does.
 */
export function cleanStr(text: string): string {
  if (typeof text !== 'string') throw new Error(`cleanStr: expected a string, got ${text === null ? 'null' : typeof text}`);
  let s = text.replace(/[^가-힣A-Za-z0-9(),!?'`]/g, ' ');
  s = s.replace(/'s/g, " 's");
  s = s.replace(/'ve/g, " 've");
  s = s.replace(/n't/g, " n't");
  s = s.replace(/'re/g, " 're");
  s = s.replace(/'d/g, " 'd");
  s = s.replace(/'ll/g, " 'll");
  s = s.replace(/,/g, ' , ');
  s = s.replace(/!/g, ' ! ');
  s = s.replace(/\(/g, ' \\( ');
  s = s.replace(/\)/g, ' \\) ');
  s = s.replace(/\?/g, ' \\? ');
  s = s.replace(/\s{2,}/g, ' ');
  s = s.replace(/'{2,}/g, "'");
  s = s.replace(/'/g, '');
  return s.toLowerCase();
}
