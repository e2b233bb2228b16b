// Seed 002 (시작하세요! 텐서플로 2.0 프로그래밍, 7장 "긍정, 부정 감성 분석"): NSMC movie reviews,
// clean_str, words cut to 5 characters and sentences to 25 words, Tokenizer(num_words=20000),
// Embedding(20000, 300) + LSTM(50) + Dense(2, softmax).
//
//   train_text_X = [clean_str(sentence) for sentence in train_text_X]
//   sentences = [sentence.split(' ') for sentence in train_text_X]
//   sentences = [[word[:5] for word in sentence][:25] for sentence in sentences]
//   tokenizer = Tokenizer(num_words=20000); tokenizer.fit_on_texts(sentences)
//   train_X = pad_sequences(tokenizer.texts_to_sequences(sentences), padding='post')
//   model = tf.keras.Sequential([
//       tf.keras.layers.Embedding(20000, 300, input_length=25),
//       tf.keras.layers.LSTM(units=50),
//       tf.keras.layers.Dense(2, activation='softmax')])
//   model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
//   history = model.fit(train_X, train_Y, epochs=5, batch_size=128, validation_split=0.2)
//   model.evaluate(test_X, test_Y, verbose=0)            # same cleaning, same tokenizer
//
// Book: 6,070,302 parameters; 938 steps per epoch; val_accuracy 0.8229, 0.8185, 0.8180, 0.8148,
// 0.8111 over the 5 epochs (overfitting: val_loss 0.3790 -> 0.5461); test [loss, accuracy] =
// [0.5657506585121155, 0.801360011100769] (about 80 %).
// DATA: the shared NSMC is a reconstruction from the raw crawl (same size, balance and format as
// e9t/nsmc, a different sample; see /work/shared/data/nsmc/README.md), so figures can differ a little.
//
// Run: npx tsx recipes/nsmc-lstm.ts [--quick] [--epochs N] [--tokenizer space|morph] [--train N --test N]
// --tokenizer morph splits into morphemes with KoreanMorphTokenizer (mecab-ko-dic, the optional
// lindera-wasm package) instead of the book's split(' ') + word[:5], as the books do with Okt.
import { Sequential, layers, setSeed } from 'sunhwan';
import { KoreanMorphTokenizer, Tokenizer, cleanKorean, cleanStr, padSequences, truncateWords } from 'sunhwan/preprocessing';
import { nsmc } from 'sunhwan/datasets';
import {
  accuracyMetrics,
  banner,
  defaultVerbose,
  fmt,
  head,
  main,
  report,
  type RecipeMeta,
  type RecipeOptions,
  type RecipeResult,
} from './common.ts';

const bySpace = (docs: string[]): string[][] => docs.map((d) => truncateWords(cleanStr(d).split(' '), 5).slice(0, 25));
const byMorpheme =
  (morph: KoreanMorphTokenizer) =>
  (docs: string[]): string[][] =>
    docs.map((d) => morph.morphs(cleanKorean(d, { replaceWith: ' ' })).slice(0, 25));

export const meta: RecipeMeta = {
  name: 'nsmc-lstm',
  source: 'seed 002 (7장)',
  description: 'Naver movie review sentiment (Korean): Embedding + LSTM(50)',
};

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const quick = options.quick ?? false;
  const epochs = options.epochs ?? (quick ? 1 : 5);
  banner(
    'nsmc-lstm: clean_str, word[:5], 25 words, Embedding(20000, 300) + LSTM(50) + Dense(2, softmax)',
    ['seed 002 (7장), book: val_accuracy 0.8229 (epoch 1) … 0.8111 (epoch 5); test accuracy 0.8014'],
    options,
  );
  setSeed(options.seed ?? 1234);

  let [[trainDocs, trainY], [testDocs, testY]] = await nsmc.loadData();
  const trainRows = Number(options.extra?.train ?? (quick ? 2000 : trainDocs.length));
  const testRows = Number(options.extra?.test ?? (quick ? 1000 : testDocs.length));
  if (trainRows < trainDocs.length || testRows < testDocs.length) {
    trainDocs = trainDocs.slice(0, trainRows);
    trainY = head(trainY, trainRows);
    testDocs = testDocs.slice(0, testRows);
    testY = head(testY, testRows);
  }
  const split = options.extra?.tokenizer ?? 'space';
  if (split !== 'space' && split !== 'morph') throw new Error(`--tokenizer must be 'space' (the book) or 'morph', got '${split}'`);
  const prepare = split === 'morph' ? byMorpheme(await KoreanMorphTokenizer.load()) : bySpace;
  console.log(`tokens: ${split === 'morph' ? 'morphemes (mecab-ko-dic)' : "split(' ') + word[:5] (the book)"}`);
  console.log(`train ${trainDocs.length}, test ${testDocs.length}`);
  const sentences = prepare(trainDocs);
  for (const s of sentences.slice(0, 5)) console.log(s);

  const tokenizer = new Tokenizer({ numWords: 20000 });
  tokenizer.fitOnTexts(sentences);
  const trainX = padSequences(tokenizer.textsToSequences(sentences), { padding: 'post' });
  console.log(`train_X: [${trainX.shape.join(', ')}]`);

  const model = new Sequential();
  model.add(layers.embedding({ inputDim: 20000, outputDim: 300, inputLength: 25 }));
  model.add(layers.lstm({ units: 50 }));
  model.add(layers.dense({ units: 2, activation: 'softmax' }));
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  model.summary();
  const history = await model.fit(trainX, trainY, { epochs, batchSize: 128, validationSplit: 0.2, verbose: defaultVerbose(options) });

  const testX = padSequences(tokenizer.textsToSequences(prepare(testDocs)), { padding: 'post', maxlen: 25 });
  const [testLoss, testAcc] = (await model.evaluate(testX, testY, { verbose: 0 })) as number[];
  console.log(`[${testLoss}, ${testAcc}]  (book: [0.5657506585121155, 0.801360011100769])`);

  const { metrics, bestVal } = accuracyMetrics(history, 'val_accuracy', testLoss!, testAcc!);
  console.log(
    `val accuracy ${fmt(metrics.val_accuracy!)} (best ${fmt(bestVal.value)} at epoch ${bestVal.epoch}); test acc: ${fmt(testAcc!)} (book 0.8014)`,
  );
  report(metrics);
  // the CLI's predict applies the same padding; prepare()'s cleaning is the caller's
  return { metrics, history: history.history, model, text: { tokenizer, maxlen: 25, padding: 'post' } };
}

main(meta, import.meta.url, run);
