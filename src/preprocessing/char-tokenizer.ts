// Character- and jamo-level vocabularies. By default id 0 is reserved for padding, as Keras'
// Tokenizer reserves it (so padSequences' 0 and maskZero never hit a real symbol), and the UNK
// token, when there is one, is id 1 like Tokenizer's oov_token. `{ reserveZero: false }` gives
// the books' generation layout: `vocab = sorted(set(text))` plus 'UNK' last,
// `char2idx = {u: i for i, u in enumerate(vocab)}`.
// Sorting is by Unicode code point, as Python sorts strings (JS's default sort compares UTF-16
// units, which orders emoji differently).

import { fromJamo, toJamo } from './jamo.ts';
import { describe } from './text.ts';

export interface CharTokenizerOptions {
  /** Used for unseen characters (the book's 'UNK'); null: unseen characters are an error. */
  unkToken?: string | null;
  /**
   * Reserve id 0 for padding (vocabulary[0] is '' and decodes to nothing), UNK at id 1.
   * Default true; false: the books' layout (ids from 0, UNK last).
   */
  reserveZero?: boolean;
}

/** The padding entry at id 0 of a vocabulary with reserveZero. */
export const PAD_TOKEN = '';

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

/** Every character (code point) is a token; id 0 is padding unless { reserveZero: false } (the book's char2idx). */
export class CharTokenizer {
  /** id → token. */
  readonly vocabulary: readonly string[];
  /** token → id. */
  readonly index: ReadonlyMap<string, number>;
  readonly unkToken: string | null;
  /** Whether id 0 is padding. */
  readonly reserveZero: boolean;

  /** `vocabulary` is id → token; with reserveZero (default false here, as given) it must start with ''. */
  constructor(vocabulary: readonly string[], options: CharTokenizerOptions = {}) {
    this.unkToken = options.unkToken ?? null;
    this.reserveZero = options.reserveZero ?? false;
    if (this.reserveZero && vocabulary[0] !== PAD_TOKEN)
      throw new Error(`${new.target.name}: with reserveZero, vocabulary[0] must be '' (the padding id)`);
    if (!this.reserveZero && vocabulary.includes(PAD_TOKEN))
      throw new Error(`${new.target.name}: '' is not a token (pass reserveZero: true for a padding id 0)`);
    this.vocabulary = Object.freeze([...vocabulary]);
    const index = new Map<string, number>();
    this.vocabulary.forEach((t, i) => {
      if (index.has(t)) throw new Error(`CharTokenizer: token '${t}' appears twice in the vocabulary`);
      index.set(t, i);
    });
    if (this.unkToken !== null && !index.has(this.unkToken))
      throw new Error(`CharTokenizer: unkToken '${this.unkToken}' is not in the vocabulary`);
    this.index = index;
  }

  /** Builds ['', unkToken, ...sorted(set(chars))] (default) or the books' `sorted(set(chars)) + [unkToken]` ({ reserveZero: false }). */
  static fit<T extends CharTokenizer>(
    this: new (v: readonly string[], o?: CharTokenizerOptions) => T,
    texts: string | Iterable<string>,
    options: CharTokenizerOptions = {},
  ): T {
    const unk = options.unkToken === undefined ? 'UNK' : options.unkToken;
    const seen = new Set<string>();
    const split = (this as unknown as { splitText(t: string): string[] }).splitText;
    let position = 0;
    for (const text of typeof texts === 'string' ? [texts] : texts) {
      if (typeof text !== 'string') throw new Error(`${this.name}.fit: text ${position} is ${describe(text)}, not a string`);
      for (const token of split(text)) seen.add(token);
      position++;
    }
    const reserveZero = options.reserveZero ?? true;
    let vocabulary = [...seen].sort(compareCodePoints);
    if (reserveZero) vocabulary = [PAD_TOKEN, ...(unk === null ? [] : [unk]), ...vocabulary.filter((t) => t !== unk)];
    else if (unk !== null && !seen.has(unk)) vocabulary.push(unk);
    return new this(vocabulary, { unkToken: unk, reserveZero });
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
      if (unk === undefined)
        throw new Error(
          `${this.constructor.name}.encode: '${token}' at position ${position} is not in the vocabulary (and there is no unkToken)`,
        );
      return unk;
    });
  }

  /** Ids → text. */
  decode(ids: ArrayLike<number>): string {
    const tokens: string[] = [];
    for (let p = 0; p < ids.length; p++) {
      const token = this.vocabulary[ids[p]!];
      if (token === undefined)
        throw new Error(
          `${this.constructor.name}.decode: id ${ids[p]} at position ${p} is outside the vocabulary [0, ${this.vocabulary.length})`,
        );
      tokens.push(token);
    }
    return this.join(tokens);
  }

  toJSON(): { class_name: string; vocabulary: string[]; unk_token: string | null; reserve_zero: boolean } {
    return {
      class_name: this.constructor.name,
      vocabulary: [...this.vocabulary],
      unk_token: this.unkToken,
      reserve_zero: this.reserveZero,
    };
  }

  static fromJSON<T extends CharTokenizer>(
    this: new (v: readonly string[], o?: CharTokenizerOptions) => T,
    json: string | { vocabulary: string[]; unk_token?: string | null; reserve_zero?: boolean },
  ): T {
    const o = typeof json === 'string' ? JSON.parse(json) : json;
    if (!o || !Array.isArray(o.vocabulary)) throw new Error('fromJSON: expected { vocabulary: [...], unk_token }');
    return new this(o.vocabulary, { unkToken: o.unk_token ?? null, reserveZero: o.reserve_zero ?? false });
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
