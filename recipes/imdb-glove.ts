// Seed 003 (Deep Learning with Python, 6.1.3 "모든 내용을 적용하기: 원본 텍스트에서 단어 임베딩까지"),
// codes 6-8 … 6-18: raw IMDB text -> Tokenizer -> 200 training samples -> a frozen GloVe embedding.
//
//   maxlen = 100; training_samples = 200; validation_samples = 10000; max_words = 10000
//   tokenizer = Tokenizer(num_words=max_words); tokenizer.fit_on_texts(texts)
//   data = pad_sequences(tokenizer.texts_to_sequences(texts), maxlen=maxlen)
//   indices = np.arange(data.shape[0]); np.random.shuffle(indices)          # texts are neg then pos
//   x_train = data[:200]; x_val = data[200:10200]
//   embedding_matrix[i] = embeddings_index.get(word)  for word, i in word_index if i < max_words
//   model = Sequential()
//   model.add(Embedding(max_words, embedding_dim, input_length=maxlen))
//   model.add(Flatten())
//   model.add(Dense(32, activation='relu'))
//   model.add(Dense(1, activation='sigmoid'))
//   model.layers[0].set_weights([embedding_matrix]); model.layers[0].trainable = False
//   model.compile(optimizer='rmsprop', loss='binary_crossentropy', metrics=['acc'])
//   model.fit(x_train, y_train, epochs=10, batch_size=32, validation_data=(x_val, y_val))
//   model.evaluate(x_test, y_test)                                          # test texts, same tokenizer
//
// Book (glove.6B.100d): validation accuracy "50% 후반" (high 50s), test accuracy "겨우 50% 정도"
// (about 50 %); without the pretrained embedding (code 6-16, --embedding learned) "50% 초반".
// DIFFERENCE: the shared data has only a 50-d GloVe subset (top 5,000 words + 50 demo words), so
// embedding_dim is 50 here and words outside the subset keep a zero vector. Pass
// `--glove glove.6B.100d` (or a file path) to use the full vectors if you have them.
//
// Run: npx tsx recipes/imdb-glove.ts [--quick] [--epochs N] [--embedding glove|learned] [--glove name|path]
import { Random, Sequential, Tensor, layers, setSeed } from 'sunhwan';
import { Tokenizer, padSequences } from 'sunhwan/preprocessing';
import { imdb } from 'sunhwan/datasets';
import { glove } from 'sunhwan/datasets';
import {
  accuracyMetrics,
  banner,
  defaultVerbose,
  fmt,
  main,
  report,
  takeRows,
  type RecipeMeta,
  type RecipeOptions,
  type RecipeResult,
} from './common.ts';

export const meta: RecipeMeta = {
  name: 'imdb-glove',
  source: 'seed 003 §6.1.3',
  description: 'raw IMDB text, Tokenizer, frozen GloVe embedding, 200 training samples',
};

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const quick = options.quick ?? false;
  const maxlen = 100;
  const trainingSamples = 200;
  const validationSamples = quick ? 1000 : 10000;
  const maxWords = 10000;
  const epochs = options.epochs ?? (quick ? 2 : 10);
  const pretrained = (options.extra?.embedding ?? 'glove') !== 'learned';
  const gloveName = options.extra?.glove ?? 'glove.6B.50d.subset5k';
  banner(
    `imdb-glove: Tokenizer on raw texts, 200 samples, ${pretrained ? 'frozen GloVe' : 'learned'} Embedding + Flatten + Dense(32) + Dense(1)`,
    [
      'seed 003 §6.1.3 codes 6-8..6-18, book (100-d GloVe): val acc in the high 50s %, test acc about 50 %; learned embedding: low 50s %',
      `here: ${gloveName}${gloveName.includes('subset') ? ' (50-d, 5,050 words: the only GloVe in the shared data)' : ''}`,
    ],
    options,
  );
  setSeed(options.seed ?? 1234);
  const rng = new Random(options.seed ?? 1234);

  let [[texts, labels], [testTexts, testLabels]] = await imdb.loadTexts();
  if (quick) {
    // the file lists negatives then positives: take a random slice of each split
    const pick = (n: number, total: number) => rng.shuffle(Array.from({ length: total }, (_, i) => i)).slice(0, n);
    const tr = pick(validationSamples + trainingSamples, texts.length);
    const te = pick(1000, testTexts.length);
    texts = tr.map((i) => texts[i]!);
    labels = takeRows(labels, tr);
    testTexts = te.map((i) => testTexts[i]!);
    testLabels = takeRows(testLabels, te);
  }

  const tokenizer = new Tokenizer({ numWords: maxWords });
  tokenizer.fitOnTexts(texts);
  const sequences = tokenizer.textsToSequences(texts);
  const wordIndex = tokenizer.wordIndex;
  console.log(`${wordIndex.size}개의 고유한 토큰을 찾았습니다.`);
  const data = padSequences(sequences, { maxlen });
  console.log(`데이터 텐서의 크기: [${data.shape.join(', ')}]`);
  console.log(`레이블 텐서의 크기: [${labels.shape.join(', ')}]`);

  const indices = rng.shuffle(Array.from({ length: data.shape[0]! }, (_, i) => i));
  const xTrain = takeRows(data, indices.slice(0, trainingSamples));
  const yTrain = takeRows(labels, indices.slice(0, trainingSamples));
  const xVal = takeRows(data, indices.slice(trainingSamples, trainingSamples + validationSamples));
  const yVal = takeRows(labels, indices.slice(trainingSamples, trainingSamples + validationSamples));

  const embeddings = await glove.load(gloveName);
  console.log(`${embeddings.size}개의 단어 벡터를 찾았습니다.`);
  const embeddingDim = embeddings.dim;
  const embeddingMatrix = embeddings.embeddingMatrix(wordIndex, { numWords: maxWords });
  let covered = 0;
  for (const [word, i] of wordIndex) if (i < maxWords && embeddings.has(word)) covered++;
  console.log(`GloVe covers ${covered} of the ${Math.min(maxWords - 1, wordIndex.size)} words of the matrix`);

  const model = new Sequential();
  model.add(layers.embedding({ inputDim: maxWords, outputDim: embeddingDim, inputLength: maxlen }));
  model.add(layers.flatten());
  model.add(layers.dense({ units: 32, activation: 'relu' }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.summary();
  if (pretrained) {
    model.layers[0]!.setWeights([embeddingMatrix]);
    model.layers[0]!.trainable = false;
  }
  model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });
  const history = await model.fit(xTrain, yTrain, {
    epochs,
    batchSize: 32,
    validationData: [xVal, yVal],
    verbose: defaultVerbose(options),
  });

  // code 6-17/6-18: the test texts through the same tokenizer
  const xTest = padSequences(tokenizer.textsToSequences(testTexts), { maxlen });
  const [testLoss, testAcc] = (await model.evaluate(xTest, testLabels as Tensor, { verbose: 0 })) as number[];

  const { metrics, bestVal } = accuracyMetrics(history, 'val_acc', testLoss!, testAcc!);
  console.log(`val acc ${fmt(metrics.val_acc!)} (best ${fmt(bestVal.value)}; book: high 50s %), test acc: ${fmt(testAcc!)} (book ≈ 0.50)`);
  report(metrics);
  return { metrics, history: history.history, model, text: { tokenizer, maxlen } };
}

main(meta, import.meta.url, run);
