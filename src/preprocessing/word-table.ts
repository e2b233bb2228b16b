// The Tokenizer's hot path: 25,000 IMDB reviews are 6 M words. Instead of cutting every word out
// as a new string and hashing it in a Map, the text is scanned once, each word's FNV-1a hash is
// computed on the fly from its UTF-16 units, and an open-addressing table finds the word by
// comparing in place (`startsWith`). Strings are only created for words never seen before.
// Used only where it is exactly equivalent to text_to_word_sequence (see separatorTable).

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

/** FNV-1a over the UTF-16 units s[start, end). */
export function hashRange(s: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Words with dense ids 0.. in insertion order. */
export class WordTable {
  readonly words: string[] = [];
  private readonly hashes: number[] = [];
  private slots: Int32Array;
  private mask: number;

  constructor(expected = 1024) {
    let size = 16;
    while (size < expected * 2) size <<= 1;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  get size(): number {
    return this.words.length;
  }

  /** Id of the word s[start, end) with the given hash, or −1. */
  find(s: string, start: number, end: number, hash: number): number {
    const length = end - start;
    for (let p = hash & this.mask; ; p = (p + 1) & this.mask) {
      const id = this.slots[p]!;
      if (id === -1) return -1;
      const w = this.words[id]!;
      if (w.length === length && this.hashes[id] === hash && s.startsWith(w, start)) return id;
    }
  }

  findWord(word: string): number {
    return this.find(word, 0, word.length, hashRange(word, 0, word.length));
  }

  /** Adds a word that is not in the table; returns its id. */
  add(word: string, hash: number = hashRange(word, 0, word.length)): number {
    if ((this.words.length + 1) * 2 > this.slots.length) this.grow();
    const id = this.words.length;
    this.words.push(word);
    this.hashes.push(hash);
    this.place(id, hash);
    return id;
  }

  private place(id: number, hash: number): void {
    let p = hash & this.mask;
    while (this.slots[p] !== -1) p = (p + 1) & this.mask;
    this.slots[p] = id;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    this.mask = this.slots.length - 1;
    for (let id = 0; id < this.words.length; id++) this.place(id, this.hashes[id]!);
  }
}

/**
 * Marks the UTF-16 units that end a word when the filters are replaced by a one-unit `split`
 * and the text is split on it. Null when that shortcut would not be exact (filters or split
 * outside the BMP or surrogates: those need code-point handling, done by textToWordSequence).
 */
export function separatorTable(filters: string, split: string): Uint8Array | null {
  const isSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdfff;
  if (split.length !== 1 || isSurrogate(split.charCodeAt(0))) return null;
  const table = new Uint8Array(65536);
  for (let i = 0; i < filters.length; i++) {
    const c = filters.charCodeAt(i);
    if (isSurrogate(c)) return null;
    table[c] = 1;
  }
  table[split.charCodeAt(0)] = 1;
  return table;
}

/** Calls visit(start, end, hash) for every word of s (already lower-cased if needed). */
export function forEachWord(s: string, separators: Uint8Array, visit: (start: number, end: number, hash: number) => void): void {
  const n = s.length;
  let start = -1;
  let h = FNV_OFFSET;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (separators[c] === 1) {
      if (start >= 0) {
        visit(start, i, h);
        start = -1;
      }
    } else {
      if (start < 0) {
        start = i;
        h = FNV_OFFSET;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
    }
  }
  if (start >= 0) visit(start, n, h);
}
