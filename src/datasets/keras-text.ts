// The word splitting Keras used to build its IMDB and Reuters datasets: `text_to_word_sequence`
// with the default filters, run under Python 2 on byte strings. Two consequences matter:
// - lowercasing is ASCII-only ("Ángela" stays "Ángela": IMDB's word index holds 21 such words);
// - only the space and the filter characters separate words (NBSP, \x85 and \r stay inside words).
// With this, the 25,000 IMDB training reviews give exactly the 88,584 words of
// imdb_word_index.json, in an order consistent with their counts.

/** Keras' default `filters`: !"#$%&()*+,-./:;<=>?@[\]^_`{|}~ plus TAB and LF. */
export const KERAS_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

// One flag per UTF-16 code unit: the filters and the space are all ASCII.
const isSeparator = new Uint8Array(65536);
for (const c of KERAS_FILTERS + ' ') isSeparator[c.charCodeAt(0)] = 1;

const NON_ASCII = /[^\x00-\x7f]/;
const ASCII_UPPER = /[A-Z]+/g;

/** Python 2 `str.lower()` on UTF-8 bytes: only A-Z change. */
export function asciiLower(text: string): string {
  // toLowerCase is much faster and equal when the text is pure ASCII.
  return NON_ASCII.test(text) ? text.replace(ASCII_UPPER, (s) => s.toLowerCase()) : text.toLowerCase();
}

/** Calls `onWord` for every word of `text`, split and lowercased the way Keras' datasets were built. */
export function forEachKerasWord(text: string, onWord: (word: string) => void): void {
  const lower = asciiLower(text);
  const n = lower.length;
  let start = -1;
  for (let i = 0; i < n; i++) {
    if (isSeparator[lower.charCodeAt(i)] === 1) {
      if (start >= 0) {
        onWord(lower.substring(start, i));
        start = -1;
      }
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0) onWord(lower.substring(start));
}

/** The words of `text` (Keras `text_to_word_sequence` with Python 2's ASCII-only lowercasing). */
export function kerasWords(text: string): string[] {
  const words: string[] = [];
  forEachKerasWord(text, (w) => words.push(w));
  return words;
}

/**
 * A frequency-ranked word index (1 = most frequent), like `Tokenizer.fit_on_texts`: ties keep
 * the order in which words were first seen (Python 3's stable sort; Python 2 used dict order).
 */
export function buildWordIndex(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) forEachKerasWord(text, (w) => counts.set(w, (counts.get(w) ?? 0) + 1));
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const index = new Map<string, number>();
  ranked.forEach(([word], i) => index.set(word, i + 1));
  return index;
}

/**
 * Encodes texts into word ranks without creating a string per word: the scan hashes each word's
 * characters as it goes (FNV-1a) and probes an open-addressing table of the index's words.
 * Same result as `forEachKerasWord` + `index.get(word)`, several times faster on 50,000 reviews.
 * Words not in the index are skipped (Keras' `texts_to_sequences`).
 */
export class KerasWordEncoder {
  private readonly words: string[] = [];
  private readonly ranks: number[] = [];
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(index: Map<string, number>) {
    let capacity = 1024;
    while (capacity < index.size * 4) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (const [word, rank] of index) {
      let h = 0x811c9dc5;
      for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
      let slot = h & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.words.push(word);
      this.ranks.push(rank);
      this.slots[slot] = this.words.length; // id + 1; 0 marks an empty slot
    }
  }

  /** Appends the ranks of `text`'s known words to `out` and returns it. */
  encode(text: string, out: number[] = []): number[] {
    const lower = asciiLower(text);
    const n = lower.length;
    let start = -1;
    let h = 0x811c9dc5;
    for (let i = 0; i <= n; i++) {
      const c = i < n ? lower.charCodeAt(i) : 32;
      if (isSeparator[c] === 1) {
        if (start >= 0) {
          const rank = this.lookup(lower, start, i, h);
          if (rank !== 0) out.push(rank);
          start = -1;
          h = 0x811c9dc5;
        }
      } else {
        if (start < 0) start = i;
        h = Math.imul(h ^ c, 16777619);
      }
    }
    return out;
  }

  private lookup(text: string, start: number, end: number, hash: number): number {
    const length = end - start;
    let slot = hash & this.mask;
    for (;;) {
      const id = this.slots[slot]!;
      if (id === 0) return 0;
      const word = this.words[id - 1]!;
      if (word.length === length) {
        let k = 0;
        while (k < length && word.charCodeAt(k) === text.charCodeAt(start + k)) k++;
        if (k === length) return this.ranks[id - 1]!;
      }
      slot = (slot + 1) & this.mask;
    }
  }
}
