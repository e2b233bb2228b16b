// Character- and jamo-level vocabularies for text generation, built the way the books do it:
// `vocab = sorted(set(text))`, optionally plus 'UNK', `char2idx = {u: i for i, u in enumerate(vocab)}`.
// Sorting is by Unicode code point, as Python sorts strings (JS's default sort compares UTF-16
// units, which orders emoji differently).

import { fromJamo, toJamo } from './jamo.ts';
import { describe } from './text.ts';

export interface CharTokenizerOptions {
  /** Appended as the last token and used for unseen characters (the book's 'UNK'); null: unseen characters are an error. */
  unkToken?: string | null;
}

function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/** Every character (code point) is a token; ids start at 0 like the book's char2idx. */
export class CharTokenizer {
  /** id → token. */
  readonly vocabulary: readonly string[];
  /** token → id. */
  readonly index: ReadonlyMap<string, number>;
  readonly unkToken: string | null;

  constructor(vocabulary: readonly string[], options: CharTokenizerOptions = {}) {
    this.unkToken = options.unkToken ?? null;
    this.vocabulary = Object.freeze([...vocabulary]);
    const index = new Map<string, number>();
    this.vocabulary.forEach((t, i) => {
      if (index.has(t)) throw new Error(`CharTokenizer: token '${t}' appears twice in the vocabulary`);
      index.set(t, i);
    });
    if (this.unkToken !== null && !index.has(this.unkToken)) throw new Error(`CharTokenizer: unkToken '${this.unkToken}' is not in the vocabulary`);
    this.index = index;
  }

  /** Builds `sorted(set(chars)) + [unkToken]` from one or more texts. */
  static fit<T extends CharTokenizer>(this: new (v: readonly string[], o?: CharTokenizerOptions) => T, texts: string | Iterable<string>, options: CharTokenizerOptions = {}): T {
    const unk = options.unkToken === undefined ? 'UNK' : options.unkToken;
    const seen = new Set<string>();
    const split = (this as unknown as { splitText(t: string): string[] }).splitText;
    let position = 0;
    for (const text of typeof texts === 'string' ? [texts] : texts) {
      if (typeof text !== 'string') throw new Error(`${this.name}.fit: text ${position} is ${describe(text)}, not a string`);
      for (const token of split(text)) seen.add(token);
      position++;
    }
    const vocabulary = [...seen].sort(compareCodePoints);
    if (unk !== null && !seen.has(unk)) vocabulary.push(unk);
    return new this(vocabulary, { unkToken: unk });
  }

  /** How a text becomes tokens (code points here; jamo in JamoTokenizer). */
  static splitText(text: string): string[] {
    return Array.from(text);
  }

  protected split(text: string): string[] {
    return (this.constructor as typeof CharTokenizer).splitText(text);
  }

  protected join(tokens: string[]): string {
    return tokens.join('');
  }

  get vocabularySize(): number {
    return this.vocabulary.length;
  }

  /** Text → ids (unseen characters → the UNK id, or an error without one). */
  encode(text: string): number[] {
    if (typeof text !== 'string') throw new Error(`${this.constructor.name}.encode: expected a string, got ${describe(text)}`);
    const unk = this.unkToken === null ? undefined : this.index.get(this.unkToken);
    return this.split(text).map((token, position) => {
      const id = this.index.get(token);
      if (id !== undefined) return id;
      if (unk === undefined) throw new Error(`${this.constructor.name}.encode: '${token}' at position ${position} is not in the vocabulary (and there is no unkToken)`);
      return unk;
    });
  }

  /** Ids → text. */
  decode(ids: ArrayLike<number>): string {
    const tokens: string[] = [];
    for (let p = 0; p < ids.length; p++) {
      const token = this.vocabulary[ids[p]!];
      if (token === undefined) throw new Error(`${this.constructor.name}.decode: id ${ids[p]} at position ${p} is outside the vocabulary [0, ${this.vocabulary.length})`);
      tokens.push(token);
    }
    return this.join(tokens);
  }

  toJSON(): { class_name: string; vocabulary: string[]; unk_token: string | null } {
    return { class_name: this.constructor.name, vocabulary: [...this.vocabulary], unk_token: this.unkToken };
  }

  static fromJSON<T extends CharTokenizer>(this: new (v: readonly string[], o?: CharTokenizerOptions) => T, json: string | { vocabulary: string[]; unk_token?: string | null }): T {
    const o = typeof json === 'string' ? JSON.parse(json) : json;
    if (!o || !Array.isArray(o.vocabulary)) throw new Error('fromJSON: expected { vocabulary: [...], unk_token }');
    return new this(o.vocabulary, { unkToken: o.unk_token ?? null });
  }
}

/**
 * 자소 단위 tokenizer (시작하세요! 텐서플로 2.0's (ch. 7) jamo-level generation): Hangul syllables are split into
 * conjoining jamo (see jamo.ts) so the model sees about 70 Hangul symbols instead of thousands of
 * syllables; decode() composes the jamo back into syllables. Other characters are single tokens.
 */
export class JamoTokenizer extends CharTokenizer {
  static override splitText(text: string): string[] {
    return Array.from(toJamo(text));
  }

  protected override join(tokens: string[]): string {
    return fromJamo(tokens.join(''));
  }
}
