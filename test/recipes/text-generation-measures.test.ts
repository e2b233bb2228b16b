// The measures of the text-generation recipes: held-out perplexity, the real-word share, the
// per-epoch samples Markdown and the checkpoint a long run resumes from.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Sequential, Tensor, layers } from 'sunhwan';
import {
  GenerationCheckpoint,
  heldOutPerplexity,
  realWordShare,
  samplesMarkdown,
  vocabularyOf,
  wordSplitter,
  type EpochRecord,
} from '../../recipes/text-generation-measures.ts';
import { tempDir } from '../datasets/helpers.ts';

const V = 5;
/** ids [n, T] → probabilities [n, V] from a rule about the window. */
const predictor = (rule: (window: Int32Array) => Float32Array) => async (x: Tensor) => {
  const [n, T] = x.shape as [number, number];
  const ids = x.dataSync() as Int32Array;
  const out = new Float32Array(n * V);
  for (let j = 0; j < n; j++) out.set(rule(ids.subarray(j * T, (j + 1) * T)), j * V);
  return new Tensor(out, [n, V]);
};

describe('heldOutPerplexity', () => {
  const ids = Int32Array.from({ length: 200 }, (_, i) => i % V); // 0 1 2 3 4 0 1 …
  it('is the vocabulary size for a uniform guess and 1 for a model that knows the next id', async () => {
    const uniform = await heldOutPerplexity(
      predictor(() => new Float32Array(V).fill(1 / V)),
      ids,
      { window: 3, input: 'ids', vocabularySize: V, windows: 50, batchSize: 16 },
    );
    expect(uniform.perplexity).toBeCloseTo(V, 4);
    expect(uniform.tokens).toBe(50);
    const knows = await heldOutPerplexity(
      predictor((w) => {
        const p = new Float32Array(V);
        p[(w[w.length - 1]! + 1) % V] = 1;
        return p;
      }),
      ids,
      { window: 3, input: 'ids', vocabularySize: V },
    );
    expect(knows.perplexity).toBeCloseTo(1, 4);
  });

  it('reads one-hot windows for a one-hot model, and refuses held-out text shorter than the window', async () => {
    const seen: number[][] = [];
    const oneHot = async (x: Tensor) => {
      const [n, T, depth] = x.shape as [number, number, number];
      const d = x.dataSync();
      for (let j = 0; j < n; j++)
        seen.push(Array.from({ length: T }, (_, t) => Array.from(d.subarray((j * T + t) * depth, (j * T + t + 1) * depth)).indexOf(1)));
      return new Tensor(new Float32Array(n * V).fill(1 / V), [n, V]);
    };
    await heldOutPerplexity(oneHot, ids, { window: 4, input: 'oneHot', vocabularySize: V, windows: 3 });
    expect(seen[0]).toEqual([0, 1, 2, 3]);
    await expect(heldOutPerplexity(oneHot, ids.subarray(0, 4), { window: 4, input: 'oneHot', vocabularySize: V })).rejects.toThrow(
      /window/,
    );
  });
});

describe('realWordShare', () => {
  const words = wordSplitter(/[a-z]{2,}/g);
  const vocabulary = vocabularyOf('the will to power is the will of life', words);
  it('counts the words that start after the seed and are complete', () => {
    // seed "the wi" (6 chars): "will" starts in the seed, "xqz" is not a word, "pow" is cut off by the end
    const r = realWordShare('the will to xqz power of pow', 6, vocabulary, words);
    expect(r).toEqual({ share: 3 / 4, words: 4, distinct: 4 }); // to, xqz, power, of
    expect(realWordShare('the will to power ', 0, vocabulary, words).share).toBe(1);
    expect(realWordShare('the', 3, vocabulary, words)).toEqual({ share: 0, words: 0, distinct: 0 });
    expect(realWordShare('xx the the the the ', 2, vocabulary, words)).toEqual({ share: 1, words: 4, distinct: 1 });
  });
  it('splits Korean into runs of syllables', () => {
    const hangul = wordSplitter(/[가-힣]+/g);
    expect(hangul('그는 "집에" 갔다.').map((w) => w.word)).toEqual(['그는', '집에', '갔다']);
  });
});

describe('samples and checkpoint', () => {
  const record: EpochRecord = {
    epoch: 1,
    loss: 2.5,
    perplexity: 9.25,
    seed: 'the\nseed',
    samples: [
      { temperature: 'greedy', text: 'a a a', realWordShare: 0, words: 3 },
      { temperature: 0.5, text: 'the will', realWordShare: 1, words: 2, distinctWords: 2 },
    ],
  };
  it('writes each epoch with its measures as Markdown', () => {
    const md = samplesMarkdown('demo', [record]);
    expect(md).toContain('## epoch 1: loss 2.5000, held-out perplexity 9.250');
    expect(md).toContain('seed: `the⏎seed`');
    expect(md).toContain('### greedy (argmax): 0.0 % of 3 words are corpus words');
    expect(md).toContain('### temperature 0.5: 100.0 % of 2 words (2 distinct) are corpus words');
  });

  it('saves the model and the records, and resumes both; no file: a fresh start', async () => {
    const path = join(tempDir(), 'gen.sunhwan');
    expect(await new GenerationCheckpoint(path).resume()).toBeUndefined();
    expect(await new GenerationCheckpoint(undefined).resume()).toBeUndefined();
    const model = new Sequential();
    model.add(layers.embedding({ inputDim: V, outputDim: 3, inputLength: 4 }));
    model.add(layers.lstm({ units: 4 }));
    model.add(layers.dense({ units: V, activation: 'softmax' }));
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
    const x = new Tensor(Int32Array.from([0, 1, 2, 3]), [1, 4]);
    const before = ((await model.predict(x, { verbose: 0 })) as Tensor).dataSync();
    await new GenerationCheckpoint(path).save(model, [record], { loss: [2.5] });
    expect(existsSync(`${path}.records.json`)).toBe(true);
    const resumed = (await new GenerationCheckpoint(path).resume())!;
    expect(resumed.records).toEqual([record]);
    expect(resumed.history).toEqual({ loss: [2.5] });
    expect(Array.from(((await resumed.model.predict(x, { verbose: 0 })) as Tensor).dataSync())).toEqual(Array.from(before));
  });
});
