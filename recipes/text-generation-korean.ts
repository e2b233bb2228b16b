// Korean text generation at the jamo (자소) level, seed 002's approach (시작하세요! 텐서플로 2.0
// 프로그래밍, 7장 "자연어 생성"): cut the token stream into chunks of seq_length + 1, the first
// seq_length tokens predict the last one; a stacked LSTM with dropout; after every epoch a callback
// continues a fixed sentence, feeding each prediction back.
//
//   char_dataset = tf.data.Dataset.from_tensor_slices(text_as_int)
//   char_dataset = char_dataset.batch(seq_length + 1, drop_remainder=True)
//   def split_input_target(chunk): return [chunk[:-1], chunk[-1]]
//   train_dataset = char_dataset.map(split_input_target).shuffle(10000).batch(128)
//   model = tf.keras.Sequential([
//       tf.keras.layers.Embedding(total_words, 100, input_length=seq_length),
//       tf.keras.layers.LSTM(units=100, return_sequences=True),
//       tf.keras.layers.Dropout(0.1),
//       tf.keras.layers.LSTM(units=100),
//       tf.keras.layers.Dense(total_words, activation='softmax')])
//   model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
//   def testmodel(epoch, logs): … output_idx = np.argmax(model.predict(padded)) … (greedy, 100 tokens)
//   model.fit(train_dataset.repeat(), epochs=50, steps_per_epoch=train_dataset_temp.cardinality(),
//             callbacks=[LambdaCallback(on_epoch_end=testmodel)])
//
// Book (word level on 조선왕조실록, 332,640 words, seq_length 25): epoch 1 loss 8.3514, accuracy 0.0738
// (generates "그 그 그 …"); epoch 50 loss 0.1695, accuracy 0.9788. The book's jamo variant is not
// in the seed; this recipe applies the same pipeline to jamo tokens (JamoTokenizer: Hangul split
// into conjoining jamo, other characters as is) with seq_length 80 jamo (about 30 syllables).
// DATA: 조선왕조실록 is not available; /work/shared/data/korean_novels (50 modern novels, 707,152
// characters) stands in for it. Figures are not comparable with the book's word-level ones.
//
// --level word runs the seed's own word-level pipeline instead (seq_length 25, vocab = sorted
// words + 'UNK', '\n' kept as a word); on the full corpus its Dense(V) output is large.
//
// "아 아 아 …" AFTER 3 EPOCHS IS NOT A PIPELINE DEFECT: decode(encode(text)) gives the whole
// corpus back exactly (707,152 characters, 1,415,514 jamo, 113 distinct); the seed sentence is 79
// jamo (one pre-padding id in the 80-jamo window, as pad_sequences); temperature sampling is
// src/preprocessing/sampling.ts's (tested). The book's pipeline gives one target per 81 jamo, so 3
// epochs are about 52,000 targets, ~410 updates: the model then knows little more than which
// jamo are frequent (held-out perplexity per jamo, for scale: unigram 29.7, bigram 9.2), and
// greedy decoding (the book's argmax) follows the single most likely continuation, which after
// a few hundred updates is a space or 아 again and again. Temperature sampling does not loop.
//
// MEASURES (not in the book): the last 5 % of the tokens are held out of training; after every
// epoch the perplexity on 2,000 held-out windows (per jamo, and per character = per jamo to the
// power of jamo per character), and greedy plus temperature 0.2/0.5/1.0/1.2 samples with the share
// of their 어절 found in the training text. --samples FILE and --checkpoint FILE as in
// text-generation-nietzsche.ts (the checkpoint resumes a run in parts).
//
// Run: npx tsx recipes/text-generation-korean.ts [--quick] [--epochs N] [--steps-per-epoch N] [--length N] [--level jamo|word] [--samples FILE] [--checkpoint FILE]
import { Random, Sequential, Tensor, addSample, layers, setSeed, type LayersModel } from 'sunhwan';
import { JamoTokenizer, generateSequence } from 'sunhwan/preprocessing';
import { writeFileAtomic } from 'sunhwan/node';
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

/** Endless shuffled batches of (chunk[:-1], chunk[-1]) over non-overlapping chunks of seqLength + 1. */
function* chunkBatches(ids: Int32Array, seqLength: number, batchSize: number, rng: Random): Generator<[Tensor, Tensor]> {
  const chunks = Math.floor(ids.length / (seqLength + 1));
  const order = new Int32Array(chunks).map((_, i) => i);
  for (;;) {
    rng.shuffle(order);
    for (let b = 0; b < chunks; b += batchSize) {
      const n = Math.min(batchSize, chunks - b);
      const x = new Int32Array(n * seqLength);
      const y = new Int32Array(n);
      for (let j = 0; j < n; j++) {
        const start = order[b + j]! * (seqLength + 1);
        x.set(ids.subarray(start, start + seqLength), j * seqLength);
        y[j] = ids[start + seqLength]!;
      }
      yield [new Tensor(x, [n, seqLength]), new Tensor(y, [n])];
    }
  }
}

/**
 * Seed 002's word level: clean every line, split on spaces, keep '\n' as a token;
 * vocab = sorted(set(words)) + ['UNK'] (so '\n' is 0 and UNK the last id); decode joins with spaces.
 * The seed drops Hanja and the brackets around them; here anything but Hangul, Latin letters,
 * digits and , ! ? becomes a space, and , ! ? are split off as words (the seed shows ',' as a word).
 */
class WordTokenizer {
  private readonly index: Map<string, number>;
  constructor(readonly vocabulary: string[]) {
    this.index = new Map(vocabulary.map((w, i) => [w, i]));
  }
  static words(text: string): string[] {
    const out: string[] = [];
    for (const line of text.split('\n')) {
      const clean = line.replace(/[^가-힣A-Za-z0-9,!?]/g, ' ').replace(/([,!?])/g, ' $1 ');
      for (const w of clean.split(' ')) if (w !== '') out.push(w);
      out.push('\n');
    }
    return out;
  }
  static fit(text: string): WordTokenizer {
    const vocab = [...new Set(WordTokenizer.words(text))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return new WordTokenizer([...vocab, 'UNK']);
  }
  get vocabularySize(): number {
    return this.vocabulary.length;
  }
  encode(text: string): number[] {
    const words = WordTokenizer.words(text);
    if (!text.endsWith('\n')) words.pop(); // no newline token after an unterminated last line
    return words.map((w) => this.index.get(w) ?? this.vocabulary.length - 1);
  }
  decode(ids: ArrayLike<number>): string {
    return Array.from(ids, (i) => this.vocabulary[i] ?? 'UNK').join(' ');
  }
}

export const meta: RecipeMeta = {
  name: 'text-generation-korean',
  source: 'seed 002 (7장)',
  description: 'Korean text generation at the jamo (자소) level: stacked LSTM',
};

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const quick = options.quick ?? false;
  const level = options.extra?.level === 'word' ? 'word' : 'jamo';
  const seqLength = level === 'word' ? 25 : 80;
  const epochs = options.epochs ?? (quick ? 2 : 50);
  const genLength = Number(options.extra?.length ?? (quick ? 30 : 200));
  banner(
    `text-generation-korean: ${level} tokens, Embedding(V, 100) + LSTM(100, seq) + Dropout(0.1) + LSTM(100) + Dense(V, softmax)`,
    [
      'seed 002 (7장) word-level pipeline on jamo; book (word level, 조선왕조실록): epoch 1 loss 8.3514 acc 0.0738, epoch 50 loss 0.1695 acc 0.9788',
    ],
    options,
  );
  setSeed(options.seed ?? 1234);
  const rng = new Random(options.seed ?? 1234);

  let text = await textCorpora.koreanNovels();
  console.log(`Length of text: ${text.length} characters`);
  if (quick) text = text.slice(0, 12000);
  const tokenizer = level === 'word' ? WordTokenizer.fit(text) : JamoTokenizer.fit(text, { reserveZero: false }); // the book's char2idx: ids from 0
  const ids = Int32Array.from(tokenizer.encode(text));
  // The last 5 % of the tokens are held out (not in the book) to measure perplexity on unseen text.
  const trainIds = ids.subarray(0, Math.floor(ids.length * 0.95));
  const heldOut = ids.subarray(trainIds.length);
  const totalWords = tokenizer.vocabularySize;
  const chunks = Math.floor(trainIds.length / (seqLength + 1));
  console.log(
    `${ids.length} ${level} tokens, ${totalWords} distinct; ${chunks} training chunks of ${seqLength}+1; the last ${heldOut.length} held out`,
  );
  // words for the real-word share: runs of Hangul syllables (어절 without punctuation and Latin)
  const words = wordSplitter(/[가-힣]+/g);
  const vocabulary = vocabularyOf(tokenizer.decode(Array.from(trainIds)), words);

  const checkpoint = new GenerationCheckpoint(options.extra?.checkpoint);
  const resumed = await checkpoint.resume();
  let model: LayersModel;
  if (resumed) {
    model = resumed.model;
    console.log(`resumed from ${options.extra?.checkpoint} after ${resumed.records.length} epoch(s)`);
  } else {
    const sequential = new Sequential();
    sequential.add(layers.embedding({ inputDim: totalWords, outputDim: 100, inputLength: seqLength }));
    sequential.add(layers.lstm({ units: 100, returnSequences: true }));
    sequential.add(layers.dropout({ rate: 0.1 }));
    sequential.add(layers.lstm({ units: 100 }));
    sequential.add(layers.dense({ units: totalWords, activation: 'softmax' }));
    sequential.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    model = sequential;
  }
  model.summary();
  const records: EpochRecord[] = resumed?.records ?? [];
  const initialEpoch = records.length;
  const runStart = Date.now();
  // the earlier parts of a resumed run: a checkpoint from before epochs recorded their time knows it
  // only from --prior-seconds N (else unknown)
  const priorSeconds = initialEpoch === 0 ? 0 : (records.at(-1)?.seconds ?? Number(options.extra?.['prior-seconds'] ?? Number.NaN));
  const title = `text-generation-korean (${level}): samples per epoch`;

  // testmodel: continue the first sentence of the corpus, greedily (argmax) as the book does, and
  // (not in the book) sampled at the temperatures of DLwP 8.1; measured after every epoch
  const firstLine = text.split('\n')[0]!;
  const testSentence = level === 'word' ? firstLine.split(' ').slice(0, 10).join(' ') : firstLine.slice(0, 40);
  const seedIds = tokenizer.encode(testSentence);
  const seedText = tokenizer.decode(seedIds);
  const predict = async (x: Tensor) => (await model.predict(x, { verbose: 0 })) as Tensor;
  const jamoPerCharacter = level === 'jamo' ? heldOut.length / [...tokenizer.decode(Array.from(heldOut))].length : 1;
  const testmodel = {
    onEpochEnd: async (epoch: number, logs?: Record<string, number>) => {
      const held = await heldOutPerplexity(predict, heldOut, {
        window: seqLength,
        input: 'ids',
        vocabularySize: totalWords,
        windows: quick ? 100 : 2000,
      });
      // per character: the jamo's mean −log p times jamo per character of the held-out text
      const perCharacter = Math.exp(held.meanNll * jamoPerCharacter);
      console.log(
        `epoch ${epoch + 1}: held-out perplexity ${held.perplexity.toFixed(3)} per ${level === 'jamo' ? `jamo, ${perCharacter.toFixed(2)} per character` : 'word'}`,
      );
      const record: EpochRecord = {
        epoch: epoch + 1,
        loss: logs?.loss ?? Number.NaN,
        accuracy: logs?.accuracy ?? Number.NaN,
        perplexity: held.perplexity,
        seed: seedText,
        samples: [],
      };
      for (const temperature of ['greedy', 0.2, 0.5, 1.0, 1.2] as const) {
        let ids: number[];
        if (temperature === 'greedy') {
          ids = [...seedIds];
          for (let i = 0; i < genLength; i++) {
            const window = new Int32Array(seqLength); // pad_sequences(…, maxlen=seq_length): pre-padding with 0
            const tail = ids.slice(-seqLength);
            window.set(tail, seqLength - tail.length);
            const p = (await predict(new Tensor(window, [1, seqLength]))).dataSync();
            let best = 0;
            for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
            ids.push(best);
          }
        } else {
          ids = [
            ...seedIds,
            ...(await generateSequence({ predict, seed: seedIds, length: genLength, temperature, windowSize: seqLength, rng })),
          ];
        }
        const out = tokenizer.decode(ids);
        const real = realWordShare(out, seedText.length, vocabulary, words);
        record.samples.push({
          temperature,
          text: out.slice(seedText.length),
          realWordShare: real.share,
          words: real.words,
          distinctWords: real.distinct,
        });
        addSample(model, out, { title: temperature === 'greedy' ? 'generated (greedy)' : `temperature ${temperature}` }); // shown by --report / --dashboard
        console.log(
          `--- ${temperature === 'greedy' ? 'greedy (the book)' : `temperature ${temperature}`}: ${(100 * real.share).toFixed(1)} % of ${real.words} words (${real.distinct} distinct) are corpus words`,
        );
        console.log(out);
      }
      record.seconds = priorSeconds + (Date.now() - runStart) / 1000;
      records.push(record);
      if (options.extra?.samples) await writeFileAtomic(options.extra.samples, samplesMarkdown(title, records));
      await checkpoint.save(model, records, {});
    },
  };

  const stepsPerEpoch = Number(options.extra?.['steps-per-epoch'] ?? (quick ? 2 : Math.ceil(chunks / 128)));
  await model.fit(chunkBatches(trainIds, seqLength, 128, rng), {
    epochs,
    stepsPerEpoch,
    initialEpoch,
    callbacks: [testmodel],
    verbose: defaultVerbose(options),
  });
  const history: Record<string, number[]> = {
    loss: records.map((r) => r.loss),
    accuracy: records.map((r) => r.accuracy ?? Number.NaN),
    heldout_perplexity: records.map((r) => r.perplexity),
  };
  for (const t of ['greedy', 0.2, 0.5, 1.0, 1.2])
    history[`real_words_${t === 'greedy' ? t : `t${t}`}`] = records.map((r) => r.samples.find((x) => x.temperature === t)!.realWordShare);

  const lastRecord = records[records.length - 1];
  const metrics: Record<string, number> = {
    loss: last(history, 'loss'),
    first_loss: history.loss![0] ?? Number.NaN,
    accuracy: last(history, 'accuracy'),
    heldout_perplexity: lastRecord?.perplexity ?? Number.NaN,
    heldout_perplexity_per_character: lastRecord ? Math.exp(Math.log(lastRecord.perplexity) * jamoPerCharacter) : Number.NaN,
    vocabulary: totalWords,
    chunks,
  };
  for (const sample of lastRecord?.samples ?? [])
    metrics[`real_words_${sample.temperature === 'greedy' ? 'greedy' : `t${sample.temperature}`}`] = sample.realWordShare;
  console.log(
    `final loss ${fmt(metrics.loss!)}, held-out perplexity ${fmt(metrics.heldout_perplexity!)} after ${records.length} epoch(s) of ${stepsPerEpoch} steps; corpus words greedy/0.2/0.5/1.0/1.2: ${['greedy', 't0.2', 't0.5', 't1', 't1.2'].map((t) => fmt(metrics[`real_words_${t}`]!)).join(' / ')}`,
  );
  report(metrics);
  const saved = level === 'jamo' ? { tokenizer: tokenizer as JamoTokenizer, window: seqLength, input: 'ids' as const } : undefined;
  return {
    metrics,
    history,
    model,
    text: saved,
    samplesMarkdown: samplesMarkdown(title, records),
    priorSeconds,
    settings: {
      level,
      epochsDone: records.length,
      resumedAfterEpoch: initialEpoch,
      stepsPerEpoch,
      batchSize: 128,
      seqLength,
      tokensPerSample: genLength,
      temperatures: ['greedy', 0.2, 0.5, 1.0, 1.2],
      heldOutTokens: heldOut.length,
      optimizer: 'adam',
    },
  };
}

main(meta, import.meta.url, run);
