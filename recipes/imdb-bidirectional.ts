// Seed 003 (Deep Learning with Python, 6.3.8 "양방향 RNN 사용하기"), code 6-43: the IMDB LSTM of
// 6.2.3 wrapped in a Bidirectional layer (10,000 words, maxlen 500).
//
//   model = Sequential()
//   model.add(layers.Embedding(max_features, 32))
//   model.add(layers.Bidirectional(layers.LSTM(32)))
//   model.add(layers.Dense(1, activation='sigmoid'))
//   model.compile(optimizer='rmsprop', loss='binary_crossentropy', metrics=['acc'])
//   history = model.fit(x_train, y_train, epochs=10, batch_size=128, validation_split=0.2)
//
// Book: "검증 정확도는 88% 정도" (about 88 % validation accuracy), a little above the plain LSTM,
// overfitting a little earlier. Also evaluated on the test reviews here.
//
// Run: npx tsx recipes/imdb-bidirectional.ts [--quick] [--epochs N]
import { Sequential, layers, setSeed } from 'sunhwan';
import { padSequences } from 'sunhwan/preprocessing';
import { imdb } from 'sunhwan/datasets';
import { banner, best, defaultVerbose, fmt, head, last, main, report, type RecipeOptions, type RecipeResult } from './common.ts';

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const quick = options.quick ?? false;
  const maxFeatures = 10000;
  const maxlen = quick ? 100 : 500;
  const epochs = options.epochs ?? (quick ? 2 : 10);
  banner('imdb-bidirectional: Embedding(10000, 32) + Bidirectional(LSTM(32)) + Dense(1, sigmoid), maxlen 500', [
    'seed 003 §6.3.8 code 6-43, book: about 88 % validation accuracy after 10 epochs',
  ], options);
  setSeed(options.seed ?? 1234);

  console.log('데이터 로딩 ...');
  let [[inputTrain, yTrain], [inputTest, yTest]] = await imdb.loadData({ numWords: maxFeatures });
  if (quick) {
    inputTrain = inputTrain.slice(0, 640);
    inputTest = inputTest.slice(0, 500);
    yTrain = head(yTrain, 640);
    yTest = head(yTest, 500);
  }
  console.log(inputTrain.length, '훈련 시퀀스');
  console.log(inputTest.length, '테스트 시퀀스');
  const xTrain = padSequences(inputTrain, { maxlen });
  const xTest = padSequences(inputTest, { maxlen });
  console.log(`input_train 크기: [${xTrain.shape.join(', ')}]`);
  console.log(`input_test 크기: [${xTest.shape.join(', ')}]`);

  const model = new Sequential();
  model.add(layers.embedding({ inputDim: maxFeatures, outputDim: 32 }));
  model.add(layers.bidirectional(layers.lstm({ units: 32 })));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });

  const history = await model.fit(xTrain, yTrain, { epochs, batchSize: 128, validationSplit: 0.2, verbose: defaultVerbose(options) });
  const [testLoss, testAcc] = (await model.evaluate(xTest, yTest, { batchSize: 128, verbose: 0 })) as number[];

  const bestVal = best(history.history, 'val_acc', 'max');
  const metrics = {
    loss: last(history.history, 'loss'),
    first_loss: history.history.loss?.[0] ?? Number.NaN,
    val_acc: last(history.history, 'val_acc'),
    best_val_acc: bestVal.value,
    best_epoch: bestVal.epoch,
    test_loss: testLoss!,
    test_acc: testAcc!,
  };
  console.log(`val acc ${fmt(metrics.val_acc)} (best ${fmt(bestVal.value)} at epoch ${bestVal.epoch}; book ≈ 0.88), test acc: ${fmt(metrics.test_acc)}`);
  report(metrics);
  return { metrics, history: history.history };
}

main(import.meta.url, run);
