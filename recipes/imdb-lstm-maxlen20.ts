// Seed 000 (12. 순환신경망, 12.8 "RNN 실습"): IMDB with every word, reviews cut to their last 20
// words, an 8-d embedding and a single LSTM unit with a sigmoid activation (12.8.3), or four LSTM
// units whose whole output sequence is flattened into a Dense layer (12.8.5, --variant flatten).
//
//   (x_train, y_train), (x_test, y_test) = imdb.load_data()
//   MAXLEN = 20
//   x_train_seq = pad_sequences(x_train, MAXLEN); x_test_seq = pad_sequences(x_test, MAXLEN)
//   NUM_WORDS = x_train_seq.max() + 1
//   rnn = Sequential()
//   rnn.add(Embedding(input_dim=NUM_WORDS, output_dim=8, input_length=MAXLEN))
//   rnn.add(LSTM(1, activation='sigmoid', return_sequences=False))
//   # 12.8.5: rnn3.add(LSTM(4, activation='tanh', return_sequences=True)); rnn3.add(Flatten());
//   #         rnn3.add(Dense(1, activation='sigmoid'))
//   rnn.compile(optimizer=RMSprop(), loss='binary_crossentropy', metrics=['accuracy'])
//   rnn.fit(x_train_seq, y_train, epochs=30, batch_size=128, validation_split=0.2,
//           callbacks=[EarlyStopping(monitor='val_acc')])
//
// Book (Keras 2.2 log, "Train on 20000 samples, validate on 5000 samples"): summary 708,672
// parameters (embedding 708,632, lstm 40); epoch 14/30: loss 0.4532 - acc 0.8149 - val_loss 0.5778 -
// val_acc 0.7268 (the log is cut at epoch 16). Variant rnn3: 708,921 parameters; epoch 3/30:
// loss 0.4497 - acc 0.7915 - val_loss 0.5350 - val_acc 0.7258 (cut at epoch 4).
//
// Run: npx tsx recipes/imdb-lstm-maxlen20.ts [--quick] [--epochs N] [--variant lstm1|flatten]
import { EarlyStopping, Sequential, layers, setSeed } from 'sunhwan';
import { padSequences } from 'sunhwan/preprocessing';
import { imdb } from 'sunhwan/datasets';
import {
  banner,
  best,
  defaultVerbose,
  fmt,
  head,
  last,
  main,
  report,
  type RecipeMeta,
  type RecipeOptions,
  type RecipeResult,
} from './common.ts';

export const meta: RecipeMeta = {
  name: 'imdb-lstm-maxlen20',
  source: 'seed 000 §12.8',
  description: 'IMDB, last 20 words: LSTM(1) (--variant flatten: LSTM(4) + Flatten)',
};

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const quick = options.quick ?? false;
  const variant = options.extra?.variant ?? 'lstm1';
  const MAXLEN = 20;
  const epochs = options.epochs ?? (quick ? 2 : 30);
  banner(
    `imdb-lstm-maxlen20 (${variant}): Embedding(NUM_WORDS, 8) + ${variant === 'flatten' ? 'LSTM(4, return_sequences) + Flatten + Dense(1)' : 'LSTM(1, sigmoid)'}, last 20 words`,
    [
      variant === 'flatten'
        ? 'seed 000 §12.8.5, book: 708,921 params; epoch 3: acc 0.7915, val_acc 0.7258'
        : 'seed 000 §12.8.3, book: 708,672 params; epoch 14: acc 0.8149, val_acc 0.7268 (EarlyStopping on val_acc)',
    ],
    options,
  );
  setSeed(options.seed ?? 1234);

  let [[xTrain, yTrain], [xTest, yTest]] = await imdb.loadData();
  if (quick) {
    xTrain = xTrain.slice(0, 2000);
    yTrain = head(yTrain, 2000);
    xTest = xTest.slice(0, 1000);
    yTest = head(yTest, 1000);
  }
  const xTrainSeq = padSequences(xTrain, { maxlen: MAXLEN });
  const xTestSeq = padSequences(xTest, { maxlen: MAXLEN });
  let NUM_WORDS = 0;
  for (const v of xTrainSeq.dataSync()) NUM_WORDS = Math.max(NUM_WORDS, v + 1);
  let maxTest = 0;
  for (const v of xTestSeq.dataSync()) maxTest = Math.max(maxTest, v);
  console.log(`NUM_WORDS = ${NUM_WORDS} (book: 88,579 from its 708,632 embedding parameters)`);
  if (maxTest >= NUM_WORDS)
    console.log(
      `note: the test set has word ids up to ${maxTest}; Keras' embedding lookup would fail on them the same way, so they are clipped to 0 here`,
    );
  const testIds = xTestSeq.dataSync();
  for (let i = 0; i < testIds.length; i++) if (testIds[i]! >= NUM_WORDS) testIds[i] = 0;

  const rnn = new Sequential();
  rnn.add(layers.embedding({ inputDim: NUM_WORDS, outputDim: 8, inputLength: MAXLEN }));
  if (variant === 'flatten') {
    rnn.add(layers.lstm({ units: 4, activation: 'tanh', returnSequences: true }));
    rnn.add(layers.flatten());
    rnn.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  } else {
    rnn.add(layers.lstm({ units: 1, activation: 'sigmoid', returnSequences: false }));
  }
  rnn.summary();
  // Keras 2.2 named the metric 'acc' when asked for 'accuracy'; the book's EarlyStopping watches 'val_acc'
  rnn.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });
  const stopper = new EarlyStopping({ monitor: 'val_acc', verbose: 1 });
  const history = await rnn.fit(xTrainSeq, yTrain, {
    epochs,
    batchSize: 128,
    validationSplit: 0.2,
    callbacks: [stopper],
    progressUnit: 'samples',
    verbose: defaultVerbose(options),
  });
  const [testLoss, testAcc] = (await rnn.evaluate(xTestSeq, yTest, { batchSize: 128, verbose: 0 })) as number[];

  const bestVal = best(history.history, 'val_acc', 'max');
  const metrics = {
    epochs_run: history.history.loss?.length ?? 0,
    loss: last(history.history, 'loss'),
    first_loss: history.history.loss?.[0] ?? Number.NaN,
    acc: last(history.history, 'acc'),
    val_acc: last(history.history, 'val_acc'),
    best_val_acc: bestVal.value,
    test_acc: testAcc!,
    test_loss: testLoss!,
  };
  console.log(
    `stopped after ${metrics.epochs_run} epochs; val_acc ${fmt(metrics.val_acc)} (best ${fmt(bestVal.value)}; book ${variant === 'flatten' ? '0.7258 at epoch 3' : '0.7268 at epoch 14'}); test acc: ${fmt(metrics.test_acc)}`,
  );
  report(metrics);
  return { metrics, history: history.history, model: rnn };
}

main(meta, import.meta.url, run);
