// sample() follows the book (Deep Learning with Python 8.1):
//   preds = np.log(preds) / temperature; preds = np.exp(preds) / np.sum(np.exp(preds))
//   np.argmax(np.random.multinomial(1, preds, 1))
// numpy's stream cannot be reproduced, so the tests check the distribution (seeded, fixed counts).
import { describe, expect, it } from 'vitest';
import { generateSequence, generateText, sample } from '../../src/preprocessing/sampling.ts';
import { CharTokenizer, JamoTokenizer } from '../../src/preprocessing/char-tokenizer.ts';
import { Tokenizer } from '../../src/preprocessing/tokenizer.ts';
import { Random } from '../../src/random.ts';
import { Tensor, tensor } from '../../src/tensor.ts';

function frequencies(p: number[], temperature: number, draws: number, seed = 1): number[] {
  const rng = new Random(seed);
  const counts = new Array(p.length).fill(0);
  for (let k = 0; k < draws; k++) counts[sample(p, temperature, rng)]++;
  return counts.map((c) => c / draws);
}

function tempered(p: number[], T: number): number[] {
  const q = p.map((v) => Math.exp(Math.log(v) / T));
  const s = q.reduce((a, b) => a + b, 0);
  return q.map((v) => v / s);
}

describe('sample', () => {
  const p = [0.5, 0.3, 0.15, 0.05];
  for (const T of [0.2, 0.5, 1, 1.2]) {
    it(`draws from p^(1/T) normalised, T = ${T}`, () => {
      const f = frequencies(p, T, 20000);
      tempered(p, T).forEach((q, i) => expect(Math.abs(f[i]! - q)).toBeLessThan(0.015));
    });
  }
  it('never draws a zero probability; tiny temperatures do not underflow', () => {
    const f = frequencies([0, 0.6, 0, 0.4], 1, 5000);
    expect(f[0]).toBe(0);
    expect(f[2]).toBe(0);
    expect(sample([1e-30, 1e-20], 0.001, new Random(1))).toBe(1);
  });
  it('is deterministic for a seeded generator and accepts a Tensor', () => {
    const a = Array.from({ length: 20 }, (_, k) => sample(tensor(p), 1, new Random(k)));
    const b = Array.from({ length: 20 }, (_, k) => sample(p, 1, new Random(k)));
    expect(a).toEqual(b);
  });
  it('rejects bad input', () => {
    expect(() => sample([], 1)).toThrow(/no probabilities/);
    expect(() => sample([0.5, NaN], 1)).toThrow(/probability 1 is NaN/);
    expect(() => sample([0.5, -0.1], 1)).toThrow(/probability 1 is -0.1/);
    expect(() => sample([0, 0], 1)).toThrow(/all probabilities are 0/);
    expect(() => sample([1], 0)).toThrow(/temperature must be a finite number > 0/);
  });
});

/** A fake model: puts almost all mass on (last input id + 1) mod V. */
function nextIdModel(V: number, inputs: Tensor[] = []) {
  return (x: Tensor): Tensor => {
    inputs.push(x);
    let last: number;
    if (x.rank === 2) last = x.dataSync()[x.size - 1]!;
    else {
      const row = x.dataSync().subarray(x.size - V);
      last = row.indexOf(1);
    }
    const out = new Float32Array(V).fill(1e-6);
    out[(last + 1) % V] = 1;
    return new Tensor(out, [1, V]);
  };
}

describe('generateSequence / generateText', () => {
  it('feeds predictions back (ids, windowed, pre-padded)', async () => {
    const inputs: Tensor[] = [];
    const ids = await generateSequence({
      predict: nextIdModel(5, inputs),
      seed: [2],
      length: 4,
      temperature: 0.1,
      windowSize: 3,
      rng: new Random(1),
    });
    expect(ids).toEqual([3, 4, 0, 1]);
    expect(inputs[0]!.dtype).toBe('int32');
    expect(inputs[0]!.toArray()).toEqual([[0, 0, 2]]);
    expect(inputs[3]!.toArray()).toEqual([[3, 4, 0]]);
  });
  it('one-hot input like the book, async predict returning a list, [1, T, V] output', async () => {
    const V = 4;
    const ids = await generateSequence({
      predict: { predict: async (x: Tensor) => [nextIdModel(V)(x).reshape([1, 1, V])] },
      seed: [0, 1],
      length: 3,
      temperature: 0.1,
      input: 'oneHot',
      vocabularySize: V,
      rng: new Random(2),
    });
    expect(ids).toEqual([2, 3, 0]);
  });
  it('jamo-level text generation composes syllables across the seed boundary', async () => {
    const tok = JamoTokenizer.fit('가각');
    // vocabulary: ᄀ ᅡ ᆨ UNK; seed '가' = [ᄀ, ᅡ]; the model always proposes ᆨ next.
    const final = tok.vocabulary.indexOf('\u11a8');
    const predict = () => {
      const p = new Float32Array(tok.vocabularySize).fill(1e-9);
      p[final] = 1;
      return tensor(p, [1, tok.vocabularySize]);
    };
    expect(await generateText({ predict, tokenizer: tok, seedText: '가', length: 1, temperature: 0.5, rng: new Random(3) })).toBe('각');
  });
  it('char- and word-level with encode/decode', async () => {
    const chars = CharTokenizer.fit('abc', { unkToken: null, reserveZero: false });
    const text = await generateText({
      predict: nextIdModel(3),
      tokenizer: chars,
      seedText: 'a',
      length: 4,
      temperature: 0.1,
      rng: new Random(4),
    });
    expect(text).toBe('abcab');
    const words = new Tokenizer().fitOnTexts(['one two three']);
    const generated = await generateText({
      predict: nextIdModel(4),
      encode: (t) => words.textsToSequences([t])[0]!,
      decode: (ids) => words.sequencesToTexts([ids])[0]!,
      seedText: 'one',
      length: 2,
      temperature: 0.1,
      rng: new Random(5),
    });
    expect(generated).toBe('one two three');
  });
  it('clear errors', async () => {
    await expect(generateSequence({ predict: nextIdModel(3), seed: [], length: 1 })).rejects.toThrow(/empty seed needs a windowSize/);
    await expect(generateSequence({ predict: 5 as never, seed: [1], length: 1 })).rejects.toThrow(/predict must be a function/);
    await expect(generateSequence({ predict: nextIdModel(3), seed: [7], length: 1, input: 'oneHot', vocabularySize: 3 })).rejects.toThrow(
      /seed id 0 is 7/,
    );
    await expect(generateText({ predict: nextIdModel(3), seedText: 'a', length: 1 })).rejects.toThrow(/give a tokenizer/);
  });
});
