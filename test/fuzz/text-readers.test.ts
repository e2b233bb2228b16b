// Fuzz: Tokenizer JSON and GloVe text. Every input is accepted or refused with a clear error.
import { describe, it } from 'vitest';
import { GloveParser } from '../../src/datasets/glove.ts';
import { Tokenizer } from '../../src/preprocessing/tokenizer.ts';
import { expectNoCrashes, FUZZ_TIMEOUT_MS } from './driver.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

describe('fuzz: text readers', () => {
  it(
    'Tokenizer.fromJSON',
    async () => {
      const a = new Tokenizer({ oovToken: '<OOV>', numWords: 5 });
      a.fitOnTexts(['the cat sat on the mat', '고양이가 매트에 앉았다', 'the dog']);
      const b = new Tokenizer({ charLevel: true });
      b.fitOnTexts(['abc', 'cab']);
      await expectNoCrashes({
        name: 'tokenizer json',
        seeds: [enc.encode(a.toJSON()), enc.encode(b.toJSON())],
        run: (bytes) => {
          const t = Tokenizer.fromJSON(dec.decode(bytes));
          t.textsToSequences(['the cat', 'abc']);
        },
        errors: /^Tokenizer|no vocabulary yet; call fitOnTexts first/, // an unfitted tokenizer's documented error
        iterations: 1500,
      });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'GloVe text',
    async () => {
      await expectNoCrashes({
        name: 'glove',
        seeds: [
          enc.encode('the 0.1 -0.2 3e-2\ncat 1 2 3\n'),
          enc.encode('2 3\nthe 0.1 0.2 0.3\nnew york 1 2 3\n'),
          enc.encode('\uFEFFa 1\nb 2\n'),
        ],
        run: (bytes) => {
          const parser = new GloveParser();
          dec
            .decode(bytes)
            .split('\n')
            .forEach((line) => parser.line(line.endsWith('\r') ? line.slice(0, -1) : line));
          const g = parser.finish('fuzz input');
          for (const w of g.rows.keys()) g.get(w);
        },
        errors: /two spaces|not a finite number|expected|word2vec|no vectors|announces|single field/,
        iterations: 2000,
      });
    },
    FUZZ_TIMEOUT_MS,
  );
});
