// `sunhwan generate`: a small character model trained here, saved with its tokenizer file beside it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CharTokenizer, Sequential, Tensor, layers, setSeed } from 'sunhwan';
import { saveTextPipeline, tokenizerPathFor } from '../../src/cli/text-pipeline.ts';
import { sunhwan, tempDir } from './helpers.ts';

const { dir, cleanup } = tempDir('generate');
afterAll(() => cleanup());
const modelPath = join(dir, 'chars.shw');
const text = 'abcabcabcabcabcabcabcabcabcabc';
const window = 4;

beforeAll(async () => {
  setSeed(3);
  const tokenizer = CharTokenizer.fit(text);
  const ids = tokenizer.encode(text);
  const n = ids.length - window;
  const x = new Int32Array(n * window);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x.set(ids.slice(i, i + window), i * window);
    y[i] = ids[i + window]!;
  }
  const model = new Sequential([
    layers.embedding({ inputDim: tokenizer.vocabularySize, outputDim: 8, inputLength: window }),
    layers.lstm({ units: 16 }),
    layers.dense({ units: tokenizer.vocabularySize, activation: 'softmax' }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
  await model.fit(new Tensor(x, [n, window]), new Tensor(y, [n]), { epochs: 60, batchSize: 8, verbose: 0 });
  await model.save(modelPath);
  await saveTextPipeline(tokenizerPathFor(modelPath), tokenizer, { window, input: 'ids' });
});

describe('sunhwan generate', () => {
  it('continues the seed with the saved tokenizer; a low temperature follows the pattern', async () => {
    const r = await sunhwan('generate', modelPath, '--seed', 'abca', '--length', '8', '--temperature', '0.05', '--random-seed', '1');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('abcabcabcabc\n');
  });

  it('is repeatable with --random-seed at a high temperature', async () => {
    const run = () => sunhwan('generate', modelPath, '--seed', 'ab', '--length', '20', '--temperature', '2', '--random-seed', '9');
    const [a, b] = [await run(), await run()];
    expect(a.stdout).toBe(b.stdout);
    expect([...a.stdout.trim()]).toHaveLength(22);
  });

  it('errors: no tokenizer, a character outside the vocabulary, a bad temperature', async () => {
    const other = join(dir, 'copy.shw');
    writeFileSync(other, '');
    const noTokenizer = await sunhwan('generate', other, '--seed', 'a');
    expect(noTokenizer.code).toBe(1);
    const unseen = await sunhwan('generate', modelPath, '--seed', 'abz', '--length', '2');
    expect(unseen.code).toBe(0); // CharTokenizer.fit adds UNK: unseen characters map to it
    const temperature = await sunhwan('generate', modelPath, '--seed', 'a', '--temperature', '0');
    expect(temperature.code).toBe(2);
    expect(temperature.stderr).toContain('expected a number > 0');
  });
});
