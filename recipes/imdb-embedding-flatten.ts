// Seed 003 (Deep Learning with Python, 6.1.2 "Embedding 층을 사용하여 단어 임베딩 학습하기"),
// codes 6-6 and 6-7: learn an 8-d embedding of the 10,000 most frequent words, keep the last 20
// words of each review, flatten, one sigmoid unit.
//
//   max_features = 10000; maxlen = 20
//   (x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=max_features)
//   x_train = preprocessing.sequence.pad_sequences(x_train, maxlen=maxlen)
//   model = Sequential()
//   model.add(Embedding(10000, 8, input_length=maxlen))
//   model.add(Flatten())
//   model.add(Dense(1, activation='sigmoid'))
//   model.compile(optimizer='rmsprop', loss='binary_crossentropy', metrics=['acc'])
//   history = model.fit(x_train, y_train, epochs=10, batch_size=32, validation_split=0.2)
//
// Book: "약 75% 정도의 검증 정확도" (about 75 % validation accuracy). Also evaluated on the test set here.
//
// Run: npx tsx recipes/imdb-embedding-flatten.ts [--quick] [--epochs N]
import { Sequential, layers, setSeed } from 'sunhwan';
import {
  banner,
  defaultVerbose,
  loadImdbPadded,
  main,
  reportBinaryAccuracy,
  type RecipeMeta,
  type RecipeOptions,
  type RecipeResult,
} from './common.ts';

export const meta: RecipeMeta = {
  name: 'imdb-embedding-flatten',
  source: 'seed 003 §6.1.2',
  description: 'IMDB sentiment: learned 8-d embedding of the last 20 words + Flatten + Dense',
};

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const quick = options.quick ?? false;
  const maxFeatures = 10000;
  const maxlen = 20;
  const epochs = options.epochs ?? (quick ? 2 : 10);
  banner(
    'imdb-embedding-flatten: Embedding(10000, 8, input_length=20) + Flatten + Dense(1, sigmoid)',
    ['seed 003 §6.1.2 codes 6-6/6-7, book: about 75 % validation accuracy after 10 epochs'],
    options,
  );
  setSeed(options.seed ?? 1234);

  const data = await loadImdbPadded({ numWords: maxFeatures, maxlen, quick, quickRows: [2000, 1000] });

  const model = new Sequential();
  model.add(layers.embedding({ inputDim: 10000, outputDim: 8, inputLength: maxlen }));
  model.add(layers.flatten());
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });
  model.summary();

  const history = await model.fit(data.xTrain, data.yTrain, {
    epochs,
    batchSize: 32,
    validationSplit: 0.2,
    verbose: defaultVerbose(options),
  });
  return reportBinaryAccuracy(model, history, data, '≈ 0.75', 32);
}

main(meta, import.meta.url, run);
