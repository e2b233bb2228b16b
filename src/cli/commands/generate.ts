// `sunhwan generate <model> --seed "…" --length N --temperature T`: text from a next-token model
// (character, jamo or word level), through the tokenizer saved with it and generateText().
import type { Command } from 'commander';
import { generateText } from '../../preprocessing/sampling.ts';
import { Random } from '../../random.ts';
import { integerOption, positiveNumberOption } from '../errors.ts';
import { loadModelFile } from '../model-file.ts';
import { findTextPipeline } from '../text-pipeline.ts';

interface GenerateOptions {
  seed: string;
  length: number;
  temperature: number;
  tokenizer?: string;
  window?: number;
  randomSeed?: number;
}

export function register(program: Command): void {
  program
    .command('generate')
    .description('generate text with a saved next-token model (e.g. from `sunhwan recipe text-generation-nietzsche --out DIR`)')
    .argument('<model>', 'model file (.shw)')
    .requiredOption('--seed <text>', 'the text to continue')
    .option('--length <n>', 'tokens to generate (characters or jamo; words for word models)', integerOption(0), 200)
    .option('--temperature <t>', 'sampling temperature: low is safe and repetitive, high is inventive', positiveNumberOption, 1)
    .option('--tokenizer <file>', 'tokenizer JSON (default: <model>.tokenizer.json beside the model)')
    .option(
      '--window <n>',
      "trailing tokens the model reads (default: from the tokenizer file, else the model's input length)",
      integerOption(1),
    )
    .option('--random-seed <n>', 'seed of the sampler, for repeatable output', integerOption(0))
    .action(async (modelPath: string, options: GenerateOptions) => {
      const model = await loadModelFile(modelPath);
      const pipeline = findTextPipeline(modelPath, options.tokenizer);
      if (!pipeline)
        throw new Error(
          `${modelPath} has no tokenizer beside it (${modelPath.replace(/\.shw$/i, '')}.tokenizer.json); give --tokenizer FILE`,
        );
      const inputShape = model.inputShapes?.[0] ?? [];
      const oneHot = pipeline.input ? pipeline.input === 'oneHot' : inputShape.length === 3;
      const fixedLength = typeof inputShape[1] === 'number' ? inputShape[1] : undefined;
      const windowSize = options.window ?? pipeline.window ?? pipeline.maxlen ?? fixedLength;
      const { encode, decode, vocabularySize } =
        pipeline.kind === 'char'
          ? {
              encode: (t: string) => pipeline.tokenizer.encode(t),
              decode: (ids: number[]) => pipeline.tokenizer.decode(ids),
              vocabularySize: pipeline.tokenizer.vocabularySize,
            }
          : {
              encode: (t: string) => pipeline.tokenizer.textsToSequences([t])[0]!,
              decode: (ids: number[]) => ids.map((i) => pipeline.tokenizer.indexWord.get(i) ?? '?').join(' '),
              vocabularySize: pipeline.tokenizer.numWords ?? pipeline.tokenizer.wordIndex.size + 1,
            };
      if (encode(options.seed).length === 0 && windowSize === undefined)
        throw new Error('--seed encodes to no tokens; give a longer seed or --window');
      const text = await generateText({
        predict: (x) => model.predict(x, { verbose: 0 }),
        encode,
        decode,
        seedText: options.seed,
        length: options.length,
        temperature: options.temperature,
        windowSize,
        input: oneHot ? 'oneHot' : 'ids',
        vocabularySize,
        rng: options.randomSeed === undefined ? undefined : new Random(options.randomSeed),
      });
      console.log(text);
    });
}
