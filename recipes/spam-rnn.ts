// Seed 001 (순환 신경망 강의 슬라이드, "스팸 메일 분류", notebook 11_Spam Mail 분류-RNN): Kaggle's
// spam.csv, duplicates removed, Tokenizer over all 5,169 messages, the first 80 % for training.
//
//   data = pd.read_csv('spam.csv', encoding='latin1')
//   data['v1'] = data['v1'].replace(['ham', 'spam'], [0, 1])
//   data.drop_duplicates(subset=['v2'], inplace=True)                  # 5,169 messages
//   tokenizer = Tokenizer(); tokenizer.fit_on_texts(X_data)
//   sequences = tokenizer.texts_to_sequences(X_data)
//   vocab_size = len(tokenizer.word_index) + 1                          # 8,921
//   n_of_train = int(len(sequences) * 0.8)
//   data = pad_sequences(sequences, maxlen=189)                         # the longest message
//   X_train, X_test = data[:n_of_train], data[n_of_train:]
//   model = Sequential()
//   model.add(Embedding(vocab_size, 32)); model.add(SimpleRNN(32)); model.add(Dense(1, activation='sigmoid'))
//   model.compile(optimizer='rmsprop', loss='binary_crossentropy', metrics=['acc'])
//   history = model.fit(X_train, y_train, epochs=4, batch_size=64, validation_split=0.2)
//   print("\n 테스트 정확도: %.4f" % (model.evaluate(X_test, y_test)[1]))
//
// Book: 5,169 unique messages (ham 4,516, spam 653), 8,920 unique words, longest message 189 words;
// parameters embedding 285,472, simple_rnn 2,080, dense 33; "테스트 정확도는 98.16%".
//
// Run: npx tsx recipes/spam-rnn.ts [--quick] [--epochs N]
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Sequential, layers, setSeed, tensor } from 'sunhwan';
import { Tokenizer, padSequences } from 'sunhwan/preprocessing';
import { dataFiles, locateDataFile, smsSpam } from 'sunhwan/datasets';
import { banner, defaultVerbose, fmt, last, main, report, type RecipeMeta, type RecipeOptions, type RecipeResult } from './common.ts';

export const meta: RecipeMeta = {
  name: 'spam-rnn',
  source: 'seed 001 (notebook 11)',
  description: 'SMS spam classification: Tokenizer + SimpleRNN(32)',
};

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const quick = options.quick ?? false;
  const epochs = options.epochs ?? (quick ? 2 : 4);
  banner(
    'spam-rnn: Embedding(vocab, 32) + SimpleRNN(32) + Dense(1, sigmoid) on SMS spam',
    ['seed 001 (slides, notebook 11), book: 5,169 messages, 8,920 words, max 189 words; test accuracy 98.16 %'],
    options,
  );
  setSeed(options.seed ?? 1234);

  // pd.read_csv('spam.csv', encoding='latin1') and `del data['Unnamed: 2']` … : only the v1 and v2
  // columns. (smsSpam.loadData() re-joins the 50 messages Kaggle's export split into the unnamed
  // columns; the seed drops those fragments, which is what gives its 8,920 words.)
  const bytes = readFileSync(await locateDataFile(dataFiles.smsSpamCsv));
  const csv = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('latin1');
  const rows = smsSpam.parseCsv(csv).slice(1);
  // data['v1'] = data['v1'].replace(['ham', 'spam'], [0, 1]); data.drop_duplicates(subset=['v2'])
  const seen = new Set<string>();
  const xData: string[] = [];
  const yData: number[] = [];
  for (const [v1, v2] of rows) {
    if (seen.has(v2!)) continue;
    seen.add(v2!);
    xData.push(v2!);
    yData.push(v1 === 'spam' ? 1 : 0);
  }
  const spam = yData.reduce((a, b) => a + b, 0);
  console.log(`총 샘플의 수 : ${xData.length} (ham ${xData.length - spam}, spam ${spam}; book 5,169 = 4,516 + 653)`);
  const n = quick ? 1000 : xData.length;
  const X = xData.slice(0, n);
  const Y = yData.slice(0, n);

  const tokenizer = new Tokenizer();
  tokenizer.fitOnTexts(X);
  const sequences = tokenizer.textsToSequences(X);
  const vocabSize = tokenizer.wordIndex.size + 1;
  const maxLen = Math.max(...sequences.map((s) => s.length));
  console.log(`단어 집합의 크기: ${vocabSize} (book 8,921); 메일의 최대 길이 : ${maxLen} (book 189)`);
  const nOfTrain = Math.floor(sequences.length * 0.8);
  const data = padSequences(sequences, { maxlen: maxLen });
  const xTrain = data.slice(0, nOfTrain);
  const xTest = data.slice(nOfTrain);
  const yTrain = tensor(Y.slice(0, nOfTrain));
  const yTest = tensor(Y.slice(nOfTrain));

  const model = new Sequential();
  model.add(layers.embedding({ inputDim: vocabSize, outputDim: 32 }));
  model.add(layers.simpleRNN({ units: 32 }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.summary();
  model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });
  const history = await model.fit(xTrain, yTrain, { epochs, batchSize: 64, validationSplit: 0.2, verbose: defaultVerbose(options) });
  const [testLoss, testAcc] = (await model.evaluate(xTest, yTest)) as number[];
  console.log(`\n 테스트 정확도: ${testAcc!.toFixed(4)}  (book: 0.9816)`);

  const metrics = {
    loss: last(history.history, 'loss'),
    first_loss: history.history.loss?.[0] ?? Number.NaN,
    val_acc: last(history.history, 'val_acc'),
    test_loss: testLoss!,
    test_acc: testAcc!,
  };
  console.log(`test acc: ${fmt(metrics.test_acc)}`);
  report(metrics);
  return { metrics, history: history.history, model, text: { tokenizer, maxlen: maxLen } };
}

main(meta, import.meta.url, run);
