// Seed 001 (순환 신경망 강의 슬라이드, "IMDB 영화 리뷰 감성 분류 – LSTM + CNN", notebook
// 33_IMDB 영화리뷰 감성 분류-LSTM-CNN.ipynb): the 5,000 most frequent words, reviews cut to 500
// words, a 120-d embedding, dropout, a Conv1D feature extractor and an LSTM on top.
//
//   Layer (type)                   Output Shape          Param #
//   embedding (Embedding)          (None, None, 120)     600000      Embedding(5000, 120)
//   dropout (Dropout)              (None, None, 120)     0
//   conv1d (Conv1D)                (None, None, 64)      38464       Conv1D(64, 5, activation='relu')
//   max_pooling1d (MaxPooling1D)   (None, None, 64)      0           MaxPooling1D(4)
//   lstm (LSTM)                    (None, 55)            26400       LSTM(55)
//   dense (Dense)                  (None, 1)             56          Dense(1, activation='sigmoid')
//
// The slide gives the table only (kernel size 5 follows from 38,464 = (120·5 + 1)·64). Not in the
// slide, chosen here like the seed's IMDB-LSTM notebook: adam, binary_crossentropy, dropout 0.5,
// pool size 4, batch 64, 5 epochs, 20 % of the training set for validation. The slide shows the
// accuracy as a plot only (no figure to compare with).
//
// Run: npx tsx recipes/imdb-cnn-lstm.ts [--quick] [--epochs N]
import { Sequential, layers, setSeed } from 'sunhwan';
import {
  accuracyMetrics,
  banner,
  defaultVerbose,
  fmt,
  loadImdbPadded,
  main,
  report,
  type RecipeMeta,
  type RecipeOptions,
  type RecipeResult,
} from './common.ts';

export const meta: RecipeMeta = {
  name: 'imdb-cnn-lstm',
  source: 'seed 001 (notebook 33)',
  description: 'IMDB sentiment: Conv1D + MaxPooling1D + LSTM(55)',
};

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const quick = options.quick ?? false;
  const vocabSize = 5000;
  const maxLen = quick ? 200 : 500;
  const epochs = options.epochs ?? (quick ? 2 : 5);
  banner(
    'imdb-cnn-lstm: Embedding(5000, 120) + Dropout + Conv1D(64, 5) + MaxPooling1D(4) + LSTM(55) + Dense(1)',
    ['seed 001 (slides, notebook 33), book: parameter table 664,920 in total; accuracy shown as a plot only'],
    options,
  );
  setSeed(options.seed ?? 1234);

  const { xTrain, yTrain, xTest, yTest } = await loadImdbPadded({ numWords: vocabSize, maxlen: maxLen, quick });

  const model = new Sequential();
  model.add(layers.embedding({ inputDim: vocabSize, outputDim: 120 }));
  model.add(layers.dropout({ rate: 0.5 }));
  model.add(layers.conv1d({ filters: 64, kernelSize: 5, padding: 'valid', activation: 'relu', strides: 1 }));
  model.add(layers.maxPooling1d({ poolSize: 4 }));
  model.add(layers.lstm({ units: 55 }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.summary();
  model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] });

  const history = await model.fit(xTrain, yTrain, { epochs, batchSize: 64, validationSplit: 0.2, verbose: defaultVerbose(options) });
  const [testLoss, testAcc] = (await model.evaluate(xTest, yTest, { batchSize: 128, verbose: 0 })) as number[];
  console.log(`\n 테스트 정확도: ${(testAcc! * 100).toFixed(2)} %`);

  const { metrics } = accuracyMetrics(history, 'val_accuracy', testLoss!, testAcc!);
  console.log(`val accuracy ${fmt(metrics.val_accuracy!)}; test acc: ${fmt(testAcc!)} (the slide shows a plot only)`);
  report(metrics);
  return { metrics, history: history.history, model };
}

main(meta, import.meta.url, run);
