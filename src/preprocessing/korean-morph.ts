// Korean morphological analysis without Python or Java: mecab-ko-dic (the dictionary of KoNLPy's
// Mecab) in WebAssembly, from the optional package lindera-wasm (MIT, ~40 MB, loaded on first use
// and kept). The books split with KoNLPy's Okt; this gives the same kind of split (morphemes with
// Sejong-style tags: NNG noun, VV verb, JKS particle, EF ending, …).
//
//     const morph = await KoreanMorphTokenizer.load();
//     morph.morphs('아 더빙.. 진짜 짜증나네요')   // ['아', '더빙', '..', '진짜', '짜증', '나', '네요']

interface LinderaToken {
  surface: string;
  partOfSpeechTag?: string;
}
interface LinderaTokenizer {
  tokenize(text: string): LinderaToken[];
}
interface LinderaModule {
  default: (input?: unknown) => Promise<unknown>;
  initSync(input: { module: Uint8Array }): unknown;
  TokenizerBuilder: new () => { setDictionary(uri: string): void; setMode(mode: string): void; build(): LinderaTokenizer };
}

const PACKAGE = 'lindera-wasm';
let loading: Promise<LinderaTokenizer> | null = null;

async function loadLindera(): Promise<LinderaTokenizer> {
  let lindera: LinderaModule;
  try {
    // A variable specifier: bundlers must not try to resolve this optional package.
    lindera = (await import(/* @vite-ignore */ PACKAGE)) as LinderaModule;
  } catch {
    throw new Error(
      `KoreanMorphTokenizer needs the optional package '${PACKAGE}' (mecab-ko-dic in WebAssembly, about 40 MB): npm install ${PACKAGE}`,
    );
  }
  const proc = (globalThis as { process?: { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown } }).process;
  if (proc?.versions?.node && typeof proc.getBuiltinModule === 'function') {
    // Node: the package is built for the web (it would fetch its .wasm), so hand it the bytes.
    // Resolved from the working directory, then the main script (no import.meta: the CommonJS build has none).
    const { createRequire } = proc.getBuiltinModule('node:module') as { createRequire(from: string): { resolve(id: string): string } };
    const { readFileSync } = proc.getBuiltinModule('node:fs') as { readFileSync(path: string): Uint8Array };
    const cwd = (proc as { cwd?: () => string }).cwd?.() ?? '.';
    const main = (proc as { argv?: string[] }).argv?.[1];
    const wasm = `${PACKAGE}/lindera_wasm_bg.wasm`;
    let path: string | undefined;
    for (const from of [`${cwd}/`, main].filter((f): f is string => Boolean(f))) {
      try {
        path = createRequire(from).resolve(wasm);
        break;
      } catch {
        // try the next place
      }
    }
    if (!path)
      throw new Error(
        `KoreanMorphTokenizer: found the package '${PACKAGE}' but not its ${wasm} from ${cwd}; install it in your project (npm install ${PACKAGE})`,
      );
    lindera.initSync({ module: readFileSync(path) });
  } else await lindera.default();
  const builder = new lindera.TokenizerBuilder();
  builder.setDictionary('embedded://ko-dic');
  builder.setMode('normal');
  return builder.build();
}

export interface MorphOptions {
  /** Drop morphemes with these tags, e.g. ['JKS', 'JKO', 'JX'] for particles, or ['SF', 'SE'] for punctuation. */
  dropTags?: readonly string[];
}

export class KoreanMorphTokenizer {
  private constructor(private readonly lindera: LinderaTokenizer) {}

  /** Loads the analyser (a few seconds the first time; later calls reuse it). */
  static async load(): Promise<KoreanMorphTokenizer> {
    loading ??= loadLindera().catch((e: unknown) => {
      loading = null;
      throw e;
    });
    return new KoreanMorphTokenizer(await loading);
  }

  /** [morpheme, tag] pairs (whitespace dropped), like Okt/Mecab `pos()`. */
  pos(text: string, options: MorphOptions = {}): [string, string][] {
    if (typeof text !== 'string')
      throw new Error(`KoreanMorphTokenizer.pos: expected a string, got ${text === null ? 'null' : typeof text}`);
    const drop = new Set(options.dropTags ?? []);
    const out: [string, string][] = [];
    for (const t of this.lindera.tokenize(text.normalize('NFC'))) {
      if (t.surface.trim() === '') continue;
      const tag = t.partOfSpeechTag ?? 'UNK';
      if (!drop.has(tag)) out.push([t.surface, tag]);
    }
    return out;
  }

  /** Morphemes only, like Okt/Mecab `morphs()`: the tokens to give a Tokenizer instead of `split(' ')`. */
  morphs(text: string, options: MorphOptions = {}): string[] {
    return this.pos(text, options).map(([m]) => m);
  }
}
