// Character-level text generation with an LSTM (Deep Learning with Python 8.1, pinned down in
// /work/shared/reference/keras-semantics.md §3.6): Nietzsche's text, 60-character windows every
// 3 characters, one-hot input, LSTM(128) + Dense(chars, softmax), RMSprop(lr=0.01), and after
// each epoch 400 characters sampled at temperatures 0.2, 0.5, 1.0 and 1.2.
//
//   text = open(path).read().lower()                        # 600,893 characters
//   maxlen = 60; step = 3
//   sentences = [text[i: i + maxlen] for i in range(0, len(text) - maxlen, step)]   # 200,278
//   next_chars = [text[i + maxlen] for i in …]
//   chars = sorted(list(set(text)))                         # 57 unique characters
//   x = np.zeros((len(sentences), maxlen, len(chars)), dtype=np.bool); y = … one-hot
//   model = keras.models.Sequential()
//   model.add(layers.LSTM(128, input_shape=(maxlen, len(chars))))
//   model.add(layers.Dense(len(chars), activation='softmax'))
//   model.compile(loss='categorical_crossentropy', optimizer=keras.optimizers.RMSprop(lr=0.01))
//   for epoch in range(1, 60):
//       model.fit(x, y, batch_size=128, epochs=1)
//       generated_text = text[start_index: start_index + maxlen]
//       for temperature in [0.2, 0.5, 1.0, 1.2]:
//           for i in range(400): preds = model.predict(one_hot(generated_text[-60:]));
//               next_char = chars[sample(preds, temperature)]; generated_text += next_char
//
// Book: 200,278 sequences, 57 characters; the figures are the generated samples (no accuracy).
// Here (checked with --epochs 0): 600,893 characters and 200,278 sequences as the book, but 58
// distinct characters: the shared text (repaired from three copies, see its README) has ä, æ, é, ë.
// DIFFERENCE: the whole one-hot x would be 200,278 × 60 × 57 float32 = 2.7 GB (sunhwan tensors are
// float32 or int32, there is no bool dtype), so the batches are built on the fly from the text by
// a generator (the same samples, shuffled every epoch) and fit() takes the generator with
// stepsPerEpoch. The sampling runs in a callback at the end of every epoch.
//
// MEASURES (not in the book): the last 5 % of the text is held out of training; after every
// epoch the per-character perplexity on 2,000 held-out windows, and for each sample the share of
// its words found in the training text's vocabulary. --samples FILE writes every epoch's samples
// and measures as Markdown; --checkpoint FILE saves the model and the records after every epoch
// and, when FILE exists, resumes from it (a 60-epoch run takes hours: run it in parts).
//
// Run: npx tsx recipes/text-generation-nietzsche.ts [--quick] [--epochs N] [--chars N] [--steps-per-epoch N] [--samples FILE] [--checkpoint FILE]
import { Sequential, Random, Tensor, addSample, optimizers, layers, setSeed, type LayersModel } from 'sunhwan';
import { writeFileAtomic } from 'sunhwan/node';
import { CharTokenizer, generateText } from 'sunhwan/preprocessing';
import { textCorpora } from 'sunhwan/datasets';
import { banner, defaultVerbose, fmt, last, main, report, type RecipeMeta, type RecipeOptions, type RecipeResult } from './common.ts';
import {
  GenerationCheckpoint,
  heldOutPerplexity,
  realWordShare,
  samplesMarkdown,
  vocabularyOf,
  wordSplitter,
  type EpochRecord,
} from './text-generation-measures.ts';

/** Endless [x, y] one-hot batches of the sentences starting at `starts`, reshuffled every pass. */
function* batches(
  ids: Int32Array,
  starts: Int32Array,
  maxlen: number,
  vocab: number,
  batchSize: number,
  rng: Random,
): Generator<[Tensor, Tensor]> {
  for (;;) {
    rng.shuffle(starts);
    for (let b = 0; b < starts.length; b += batchSize) {
      const n = Math.min(batchSize, starts.length - b);
      const x = new Float32Array(n * maxlen * vocab);
      const y = new Float32Array(n * vocab);
      for (let j = 0; j < n; j++) {
        const s = starts[b + j]!;
        for (let t = 0; t < maxlen; t++) x[(j * maxlen + t) * vocab + ids[s + t]!] = 1;
        y[j * vocab + ids[s + maxlen]!] = 1;
      }
      yield [new Tensor(x, [n, maxlen, vocab]), new Tensor(y, [n, vocab])];
    }
  }
}

export const meta: RecipeMeta = {
  name: 'text-generation-nietzsche',
  source: 'DLwP §8.1',
  description: 'character-level text generation: one-hot LSTM(128) on Nietzsche',
};

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const quick = options.quick ?? false;
  const epochs = options.epochs ?? (quick ? 2 : 60);
  const generateChars = Number(options.extra?.chars ?? (quick ? 40 : 400));
  banner(
    'text-generation-nietzsche: one-hot (60, chars) -> LSTM(128) -> Dense(chars, softmax), RMSprop(lr=0.01)',
    ['DLwP 8.1 (keras-semantics §3.6), book: 200,278 sequences, 57 characters; samples at T = 0.2, 0.5, 1.0, 1.2 after each epoch'],
    options,
  );
  setSeed(options.seed ?? 1234);
  const rng = new Random(options.seed ?? 1234);

  let text = (await textCorpora.nietzsche()).toLowerCase();
  console.log(`말뭉치 크기: ${text.length}`);
  if (quick) text = text.slice(0, 20000);
  const maxlen = 60;
  const step = 3;
  const tokenizer = CharTokenizer.fit(text, { reserveZero: false }); // the book's char_indices: ids from 0
  const chars = tokenizer.vocabularySize;
  const ids = Int32Array.from(tokenizer.encode(text));
  // The last 5 % of the text is held out (not in the book) to measure perplexity on unseen text.
  const trainLength = Math.floor(ids.length * 0.95);
  const starts = new Int32Array(Math.ceil((trainLength - maxlen) / step)).map((_, k) => k * step);
  const heldOut = ids.subarray(trainLength);
  console.log(`시퀀스 개수: ${starts.length} (the last ${heldOut.length} characters held out)`);
  console.log(`고유한 글자: ${chars}`);
  const words = wordSplitter(/[a-zäæéë]{2,}/g);
  const vocabulary = vocabularyOf(text.slice(0, trainLength), words);

  const checkpoint = new GenerationCheckpoint(options.extra?.checkpoint);
  const resumed = await checkpoint.resume();
  let model: LayersModel;
  if (resumed) {
    model = resumed.model;
    console.log(`resumed from ${options.extra?.checkpoint} after ${resumed.records.length} epoch(s)`);
  } else {
    const sequential = new Sequential();
    sequential.add(layers.lstm({ units: 128, inputShape: [maxlen, chars] }));
    sequential.add(layers.dense({ units: chars, activation: 'softmax' }));
    sequential.compile({ loss: 'categorical_crossentropy', optimizer: optimizers.rmsprop({ learningRate: 0.01 }) });
    model = sequential;
  }
  model.summary();
  const records: EpochRecord[] = resumed?.records ?? [];
  const pastHistory = resumed?.history ?? {};
  const initialEpoch = records.length;
  const runStart = Date.now();
  // the earlier parts of a resumed run: a checkpoint from before epochs recorded their time knows it
  // only from --prior-seconds N (else unknown)
  const priorSeconds = initialEpoch === 0 ? 0 : (records.at(-1)?.seconds ?? Number(options.extra?.['prior-seconds'] ?? Number.NaN));
  const title = 'text-generation-nietzsche: samples per epoch';
  // the samples of a resumed run differ from an uninterrupted one: rng restarts from the seed
  for (let i = 0; i < initialEpoch; i++) rng.int(text.length - maxlen - 1);

  const predict = async (x: Tensor) => (await model.predict(x, { verbose: 0 })) as Tensor;
  const sampler = {
    onEpochEnd: async (epoch: number, logs?: Record<string, number>) => {
      const startIndex = rng.int(text.length - maxlen - 1);
      const seedText = text.slice(startIndex, startIndex + maxlen);
      const { perplexity } = await heldOutPerplexity(predict, heldOut, {
        window: maxlen,
        input: 'oneHot',
        vocabularySize: chars,
        windows: quick ? 100 : 2000,
      });
      console.log(`에포크 ${epoch + 1}: held-out perplexity ${perplexity.toFixed(3)} per character`);
      console.log(`--- 시드 텍스트: "${seedText}"`);
      const record: EpochRecord = { epoch: epoch + 1, loss: logs?.loss ?? Number.NaN, perplexity, seed: seedText, samples: [] };
      for (const temperature of [0.2, 0.5, 1.0, 1.2]) {
        const generated = await generateText({
          predict,
          tokenizer,
          seedText,
          length: generateChars,
          temperature,
          windowSize: maxlen,
          input: 'oneHot',
          vocabularySize: chars,
          rng,
        });
        const out = generated.slice(maxlen);
        const real = realWordShare(generated, maxlen, vocabulary, words);
        record.samples.push({ temperature, text: out, realWordShare: real.share, words: real.words, distinctWords: real.distinct });
        addSample(model, seedText + out, { title: `온도 ${temperature}` }); // shown by --report / --dashboard
        console.log(
          `------ 온도: ${temperature} (${(100 * real.share).toFixed(1)} % of ${real.words} words (${real.distinct} distinct) are corpus words)`,
        );
        console.log(seedText + out);
      }
      record.seconds = priorSeconds + (Date.now() - runStart) / 1000;
      records.push(record);
      if (options.extra?.samples) await writeFileAtomic(options.extra.samples, samplesMarkdown(title, records));
      await checkpoint.save(model, records, mergeHistory(pastHistory, { loss: records.map((r) => r.loss) }));
    },
  };

  const stepsPerEpoch = Number(options.extra?.['steps-per-epoch'] ?? (quick ? 4 : Math.ceil(starts.length / 128)));
  await model.fit(batches(ids, starts, maxlen, chars, 128, rng), {
    stepsPerEpoch,
    epochs,
    initialEpoch,
    callbacks: [sampler],
    verbose: defaultVerbose(options),
  });
  const history: Record<string, number[]> = { loss: records.map((r) => r.loss), heldout_perplexity: records.map((r) => r.perplexity) };
  for (const t of [0.2, 0.5, 1.0, 1.2])
    history[`real_words_t${t}`] = records.map((r) => r.samples.find((x) => x.temperature === t)!.realWordShare);

  const lastRecord = records[records.length - 1];
  const metrics: Record<string, number> = {
    loss: last(history, 'loss'),
    first_loss: history.loss![0] ?? Number.NaN,
    heldout_perplexity: lastRecord?.perplexity ?? Number.NaN,
    best_heldout_perplexity: Math.min(...history.heldout_perplexity!),
    sequences: starts.length,
    characters: chars,
    generated_chars: records.reduce((a, r) => a + r.samples.reduce((b, x) => b + [...x.text].length, 0), 0),
  };
  for (const sample of lastRecord?.samples ?? []) metrics[`real_words_t${sample.temperature}`] = sample.realWordShare;
  console.log(
    `final loss ${fmt(metrics.loss!)}, held-out perplexity ${fmt(metrics.heldout_perplexity!)} after ${records.length} epoch(s) of ${stepsPerEpoch} steps; corpus words at T 0.2/0.5/1.0/1.2: ${[0.2, 0.5, 1.0, 1.2].map((t) => fmt(metrics[`real_words_t${t}`]!)).join(' / ')}`,
  );
  report(metrics);
  return {
    metrics,
    history,
    model,
    text: { tokenizer, window: maxlen, input: 'oneHot' },
    samplesMarkdown: samplesMarkdown(title, records),
    priorSeconds,
    settings: {
      epochsDone: records.length,
      resumedAfterEpoch: initialEpoch,
      stepsPerEpoch,
      batchSize: 128,
      maxlen,
      step,
      charsPerSample: generateChars,
      temperatures: [0.2, 0.5, 1.0, 1.2],
      heldOutCharacters: heldOut.length,
      optimizer: 'rmsprop(0.01)',
    },
  };
}

function mergeHistory(past: Record<string, number[]>, now: Record<string, number[]>): Record<string, number[]> {
  return { ...past, ...now };
}

main(meta, import.meta.url, run);
