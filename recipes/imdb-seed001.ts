// Seed 001 (순환 신경망 강의 슬라이드, "IMDB 영화 리뷰 감성 분류", notebooks 31_…-LSTM and 32_…-GRU):
// the 5,000 most frequent words, reviews cut to 500 words, a 120-d embedding and one recurrent
// layer of 120 units (--cell lstm, default, or gru).
//
//   Layer (type)              Output Shape          Param #
//   embedding (Embedding)     (None, None, 120)     600000       Embedding(5000, 120)
//   lstm (LSTM)               (None, 120)           115680       LSTM(120)
//   dense (Dense)             (None, 1)             121          Dense(1, activation='sigmoid')
//   optimizer='adam', loss='binary_crossentropy'
//
// The slides give the table and the optimizer only (accuracy curves are images). Chosen here as in
// the notebooks' source (wikidocs "딥 러닝을 이용한 자연어 처리 입문"): metrics ['acc'], 15 epochs,
// batch 64, validation_split 0.2, EarlyStopping(val_loss, patience 4) and ModelCheckpoint on
// val_acc, test accuracy of the best checkpoint. No book figure to compare with.
//
// Run: npx tsx recipes/imdb-seed001.ts [--quick] [--epochs N] [--cell lstm|gru]
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EarlyStopping, ModelCheckpoint, Sequential, layers, loadModel, setSeed } from 'sunhwan';
import { padSequences } from 'sunhwan/preprocessing';
import { imdb } from 'sunhwan/datasets';
import { banner, best, defaultVerbose, fmt, head, last, main, report, type RecipeOptions, type RecipeResult } from './common.ts';

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const quick = options.quick ?? false;
  const cell = options.extra?.cell === 'gru' ? 'gru' : 'lstm';
  const maxLen = quick ? 100 : 500;
  const epochs = options.epochs ?? (quick ? 2 : 15);
  banner(`imdb-seed001: Embedding(5000, 120) + ${cell.toUpperCase()}(120) + Dense(1, sigmoid), maxlen 500, adam`, [
    'seed 001 (slides, notebooks 31/32), book: parameter table (600,000 + 115,680 + 121 for LSTM); curves only',
  ], options);
  setSeed(options.seed ?? 1234);

  let [[xTrainRaw, yTrain], [xTestRaw, yTest]] = await imdb.loadData({ numWords: 5000 });
  if (quick) {
    xTrainRaw = xTrainRaw.slice(0, 640);
    yTrain = head(yTrain, 640);
    xTestRaw = xTestRaw.slice(0, 500);
    yTest = head(yTest, 500);
  }
  const xTrain = padSequences(xTrainRaw, { maxlen: maxLen });
  const xTest = padSequences(xTestRaw, { maxlen: maxLen });

  const model = new Sequential();
  model.add(layers.embedding({ inputDim: 5000, outputDim: 120 }));
  model.add(cell === 'gru' ? layers.gru({ units: 120 }) : layers.lstm({ units: 120 }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.summary();
  const bestModelPath = join(tmpdir(), `imdb-seed001-best_model-${process.pid}.sunhwan`);
  const es = new EarlyStopping({ monitor: 'val_loss', mode: 'min', verbose: 1, patience: 4 });
  const mc = new ModelCheckpoint({ filepath: bestModelPath, monitor: 'val_acc', mode: 'max', verbose: 1, saveBestOnly: true });
  model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['acc'] });
  const history = await model.fit(xTrain, yTrain, { epochs, callbacks: [es, mc], batchSize: 64, validationSplit: 0.2, verbose: defaultVerbose(options) });

  const loaded = await loadModel(bestModelPath);
  rmSync(bestModelPath, { force: true });
  const [testLoss, testAcc] = (await loaded.evaluate(xTest, yTest, { batchSize: 128, verbose: 0 })) as number[];
  console.log(`\n 테스트 정확도: ${testAcc!.toFixed(4)}`);

  const bestVal = best(history.history, 'val_acc', 'max');
  const metrics = {
    epochs_run: history.history.loss?.length ?? 0,
    loss: last(history.history, 'loss'),
    first_loss: history.history.loss?.[0] ?? Number.NaN,
    best_val_acc: bestVal.value,
    test_loss: testLoss!,
    test_acc: testAcc!,
  };
  console.log(`best val acc ${fmt(bestVal.value)} at epoch ${bestVal.epoch}; test acc of that checkpoint: ${fmt(metrics.test_acc)}`);
  report(metrics);
  return { metrics, history: history.history };
}

main(import.meta.url, run);
