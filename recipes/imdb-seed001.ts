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
import { Sequential, layers, setSeed } from 'sunhwan';
import {
  banner,
  defaultVerbose,
  fitWithBestCheckpoint,
  loadImdbPadded,
  main,
  type RecipeMeta,
  type RecipeOptions,
  type RecipeResult,
} from './common.ts';

export const meta: RecipeMeta = {
  name: 'imdb-seed001',
  source: 'seed 001 (notebooks 31/32)',
  description: 'IMDB sentiment: LSTM(120) (--cell gru: GRU), best checkpoint',
};

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const quick = options.quick ?? false;
  const cell = options.extra?.cell === 'gru' ? 'gru' : 'lstm';
  const maxLen = quick ? 100 : 500;
  const epochs = options.epochs ?? (quick ? 2 : 15);
  banner(
    `imdb-seed001: Embedding(5000, 120) + ${cell.toUpperCase()}(120) + Dense(1, sigmoid), maxlen 500, adam`,
    ['seed 001 (slides, notebooks 31/32), book: parameter table (600,000 + 115,680 + 121 for LSTM); curves only'],
    options,
  );
  setSeed(options.seed ?? 1234);

  const { xTrain, yTrain, xTest, yTest } = await loadImdbPadded({ numWords: 5000, maxlen: maxLen, quick });

  const model = new Sequential();
  model.add(layers.embedding({ inputDim: 5000, outputDim: 120 }));
  model.add(cell === 'gru' ? layers.gru({ units: 120 }) : layers.lstm({ units: 120 }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.summary();
  model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['acc'] });
  return fitWithBestCheckpoint(model, 'imdb-seed001', { xTrain, yTrain, xTest, yTest }, { epochs, verbose: defaultVerbose(options) });
}

main(meta, import.meta.url, run);
