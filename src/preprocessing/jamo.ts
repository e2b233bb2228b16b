// Hangul syllables ⇄ jamo (자소), for 자소 단위 (jamo-level) text generation.
//
// A modern syllable is U+AC00 + (L·21 + V)·28 + T with 19 initials L, 21 medials V and 27 finals
// T (T = 0: no final); there are 11,172 of them.
//
// Default form 'conjoining': the Unicode conjoining jamo (initials U+1100…, medials U+1161…,
// finals U+11A8…). This is exactly what `text.normalize('NFD')` does to Hangul syllables, and it
// is lossless: initial and final consonants are different characters, and the standalone
// compatibility jamo people type (ㅋㅋ, ㅠㅠ; U+3131…) are different characters again and pass
// through untouched. fromJamo composes L V [T] runs back into syllables (= NFC for Hangul), so
//   fromJamo(toJamo(s)) === s  for every s without uncomposed conjoining jamo (any NFC text),
// and for NFD input it returns the NFC text. Non-Hangul characters are never changed.
//
// Form 'compatibility': the compatibility jamo (ㄱ ㅏ ㄱ), as jamotools' default output; easier to
// read, but lossy: '각ㅏ' and '가가' both become ㄱㅏㄱㅏ, and '가ㅋ' comes back as '갘'.
// fromJamo(…, { form: 'compatibility' }) composes greedily (a consonant before a vowel starts a
// new syllable).

const S_BASE = 0xac00;
const L_BASE = 0x1100;
const V_BASE = 0x1161;
const T_BASE = 0x11a7; // T index 0 means "no final"
const L_COUNT = 19;
const V_COUNT = 21;
const T_COUNT = 28;
const N_COUNT = V_COUNT * T_COUNT;
const S_COUNT = L_COUNT * N_COUNT;

export type JamoForm = 'conjoining' | 'compatibility';

const COMPAT_INITIALS = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const COMPAT_MEDIALS = 'ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ';
const COMPAT_FINALS = 'ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ'; // index + 1 = T
const INITIAL_OF = new Map([...COMPAT_INITIALS].map((c, i) => [c, i]));
const MEDIAL_OF = new Map([...COMPAT_MEDIALS].map((c, i) => [c, i]));
const FINAL_OF = new Map([...COMPAT_FINALS].map((c, i) => [c, i + 1]));

export function isHangulSyllable(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return ch.length === 1 && c >= S_BASE && c < S_BASE + S_COUNT;
}

/** The (initial, medial, final) indexes of a syllable; final 0 = none. */
export function decomposeSyllable(ch: string): [number, number, number] {
  if (!isHangulSyllable(ch)) throw new Error(`decomposeSyllable: '${ch}' is not a modern Hangul syllable (U+AC00–U+D7A3)`);
  const s = ch.charCodeAt(0) - S_BASE;
  return [Math.floor(s / N_COUNT), Math.floor((s % N_COUNT) / T_COUNT), s % T_COUNT];
}

/** Splits every Hangul syllable into jamo; everything else is copied as is. */
export function toJamo(text: string, options: { form?: JamoForm } = {}): string {
  const form = options.form ?? 'conjoining';
  if (form !== 'conjoining' && form !== 'compatibility')
    throw new Error(`toJamo: form must be 'conjoining' or 'compatibility', got '${String(form)}'`);
  if (typeof text !== 'string') throw new Error(`toJamo: expected a string, got ${typeof text}`);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const s = c - S_BASE;
    if (s < 0 || s >= S_COUNT) {
      out += text[i];
      continue;
    }
    const l = Math.floor(s / N_COUNT);
    const v = Math.floor((s % N_COUNT) / T_COUNT);
    const t = s % T_COUNT;
    if (form === 'conjoining') {
      out += String.fromCharCode(L_BASE + l, V_BASE + v);
      if (t) out += String.fromCharCode(T_BASE + t);
    } else {
      out += COMPAT_INITIALS[l]! + COMPAT_MEDIALS[v]!;
      if (t) out += COMPAT_FINALS[t - 1]!;
    }
  }
  return out;
}

/** Composes jamo back into syllables (see the file comment for the two forms). */
export function fromJamo(jamo: string, options: { form?: JamoForm } = {}): string {
  const form = options.form ?? 'conjoining';
  if (typeof jamo !== 'string') throw new Error(`fromJamo: expected a string, got ${typeof jamo}`);
  if (form === 'compatibility') return fromCompatibilityJamo(jamo);
  if (form !== 'conjoining') throw new Error(`fromJamo: form must be 'conjoining' or 'compatibility', got '${String(form)}'`);
  let out = '';
  const n = jamo.length;
  for (let i = 0; i < n; i++) {
    const l = jamo.charCodeAt(i) - L_BASE;
    const v = i + 1 < n ? jamo.charCodeAt(i + 1) - V_BASE : -1;
    if (l >= 0 && l < L_COUNT && v >= 0 && v < V_COUNT) {
      let code = S_BASE + (l * V_COUNT + v) * T_COUNT;
      const t = i + 2 < n ? jamo.charCodeAt(i + 2) - T_BASE : -1;
      if (t > 0 && t < T_COUNT) {
        code += t;
        i += 2;
      } else i += 1;
      out += String.fromCharCode(code);
    } else out += jamo[i];
  }
  return out;
}

function fromCompatibilityJamo(jamo: string): string {
  const chars = Array.from(jamo);
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const l = INITIAL_OF.get(chars[i]!);
    const v = i + 1 < chars.length ? MEDIAL_OF.get(chars[i + 1]!) : undefined;
    if (l === undefined || v === undefined) {
      out += chars[i];
      continue;
    }
    let t = 0;
    const final = i + 2 < chars.length ? FINAL_OF.get(chars[i + 2]!) : undefined;
    const afterFinalIsVowel = i + 3 < chars.length && MEDIAL_OF.has(chars[i + 3]!);
    if (final !== undefined && !afterFinalIsVowel) {
      t = final;
      i += 2;
    } else i += 1;
    out += String.fromCharCode(S_BASE + (l * V_COUNT + v) * T_COUNT + t);
  }
  return out;
}
