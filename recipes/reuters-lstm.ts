// Seed 001 (순환 신경망 강의 슬라이드, "로이터 뉴스 분류", notebook 21_로이터 뉴스 카테고리 분류-LSTM):
// the 1,000 most frequent words, newswires cut to 100 words, a 120-d embedding, LSTM(120) and a
// 46-way softmax.
//
//   (X_train, y_train), (X_test, y_test) = reuters.load_data(num_words=1000, test_split=0.2)
//   X_train = pad_sequences(X_train, maxlen=100); X_test = pad_sequences(X_test, maxlen=100)
//   y_train = to_categorical(y_train); y_test = to_categorical(y_test)
//   model = Sequential()
//   model.add(Embedding(1000, 120))
//   model.add(LSTM(120))
//   model.add(Dense(46, activation='softmax'))
//   es = EarlyStopping(monitor='val_loss', mode='min', verbose=1, patience=4)
//   mc = ModelCheckpoint('best_model.h5', monitor='val_acc', mode='max', verbose=1, save_best_only=True)
//   model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['acc'])
//   history = model.fit(X_train, y_train, batch_size=128, epochs=30, callbacks=[es, mc], validation_split=0.2)
//   loaded_model = load_model('best_model.h5')
//   print("\n 테스트 정확도: %.4f" % (loaded_model.evaluate(X_test, y_test)[1]))
//
// Book: parameters embedding 120,000, lstm 115,680, dense 5,566; "정확도 : 71.33%" (test accuracy).
// The slide says 20 % of the training data is used for validation (as above). The checkpoint is
// written to the system temp folder in sunhwan's model format and reloaded with loadModel.
//
// Run: npx tsx recipes/reuters-lstm.ts [--quick] [--epochs N] [--source keras|text]
// --source keras: Keras' own reuters.npz (downloaded once; word ids equal Keras'); the default is the
// data folder's newswire text when it has it, else Keras' file.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EarlyStopping, ModelCheckpoint, Sequential, layers, setSeed } from 'sunhwan';
import { loadModel } from 'sunhwan/node';
import { padSequences, toCategorical } from 'sunhwan/preprocessing';
import { reuters } from 'sunhwan/datasets';
import { banner, defaultVerbose, fmt, head, last, main, report, type RecipeMeta, type RecipeOptions, type RecipeResult } from './common.ts';

export const meta: RecipeMeta = {
  name: 'reuters-lstm',
  source: 'seed 001 (notebook 21)',
  description: 'Reuters newswires, 46 topics: Embedding + LSTM(120)',
};

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const quick = options.quick ?? false;
  const epochs = options.epochs ?? (quick ? 2 : 30);
  banner(
    'reuters-lstm: Embedding(1000, 120) + LSTM(120) + Dense(46, softmax), maxlen 100',
    ['seed 001 (slides, notebook 21), book: test accuracy 71.33 %'],
    options,
  );
  setSeed(options.seed ?? 1234);

  let [[xTrainRaw, yTrainRaw], [xTestRaw, yTestRaw]] = await reuters.loadData({
    numWords: 1000,
    testSplit: 0.2,
    source: reutersSource(options.extra?.source),
  });
  console.log(`훈련용 뉴스 기사 : ${xTrainRaw.length}, 테스트용 뉴스 기사 : ${xTestRaw.length}`);
  if (quick) {
    xTrainRaw = xTrainRaw.slice(0, 640);
    yTrainRaw = head(yTrainRaw, 640);
    xTestRaw = xTestRaw.slice(0, 256);
    yTestRaw = head(yTestRaw, 256);
  }
  const xTrain = padSequences(xTrainRaw, { maxlen: 100 });
  const xTest = padSequences(xTestRaw, { maxlen: 100 });
  const yTrain = toCategorical(yTrainRaw, 46);
  const yTest = toCategorical(yTestRaw, 46);

  const model = new Sequential();
  model.add(layers.embedding({ inputDim: 1000, outputDim: 120 }));
  model.add(layers.lstm({ units: 120 }));
  model.add(layers.dense({ units: 46, activation: 'softmax' }));
  model.summary();
  const bestModelPath = join(tmpdir(), `reuters-lstm-best_model-${process.pid}.sunhwan`);
  const es = new EarlyStopping({ monitor: 'val_loss', mode: 'min', verbose: 1, patience: 4 });
  const mc = new ModelCheckpoint({ filepath: bestModelPath, monitor: 'val_acc', mode: 'max', verbose: 1, saveBestOnly: true });
  model.compile({ loss: 'categorical_crossentropy', optimizer: 'adam', metrics: ['acc'] });
  const history = await model.fit(xTrain, yTrain, {
    batchSize: 128,
    epochs,
    callbacks: [es, mc],
    validationSplit: 0.2,
    verbose: defaultVerbose(options),
  });

  const loadedModel = await loadModel(bestModelPath);
  rmSync(bestModelPath, { force: true });
  const [testLoss, testAcc] = (await loadedModel.evaluate(xTest, yTest, { verbose: 0 })) as number[];
  console.log(`\n 테스트 정확도: ${testAcc!.toFixed(4)}  (book: 71.33 %)`);
  const metrics = {
    epochs_run: history.history.loss?.length ?? 0,
    loss: last(history.history, 'loss'),
    first_loss: history.history.loss?.[0] ?? Number.NaN,
    val_acc: last(history.history, 'val_acc'),
    test_loss: testLoss!,
    test_acc: testAcc!,
  };
  console.log(`test acc: ${fmt(metrics.test_acc)} with the best val_acc checkpoint (${metrics.epochs_run} epochs run)`);
  report(metrics);
  return { metrics, history: history.history, model };
}

function reutersSource(value: string | undefined): 'keras' | 'text' | undefined {
  if (value === undefined || value === 'keras' || value === 'text') return value;
  throw new Error(`--source must be 'keras' or 'text', got '${value}'`);
}

main(meta, import.meta.url, run);
