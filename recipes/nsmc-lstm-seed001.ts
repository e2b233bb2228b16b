// Seed 001 (순환 신경망 강의 슬라이드, "네이버 영화 리뷰 감성 분류", notebook 41_…-LSTM): keep Hangul
// only, tokenise, drop stop words, Embedding(35000, 100) + LSTM(128) + Dense(1, sigmoid).
//
//   train_data['document'] = train_data['document'].str.replace("[^ㄱ-ㅎㅏ-ㅣ가-힣 ]", "")
//   # 토큰화, 불용어 제거
//   Layer (type)              Output Shape          Param #
//   embedding (Embedding)     (None, None, 100)     3500000
//   lstm (LSTM)               (None, 128)           117248
//   dense (Dense)             (None, 1)             129
//
// The slide shows the regex, the steps and the table (no accuracy figure). Chosen here as in the
// notebook's source (wikidocs "딥 러닝을 이용한 자연어 처리 입문", NSMC): duplicates and empty reviews
// dropped, the common stop-word list, max_len 30, rmsprop, 15 epochs, batch 64, validation_split
// 0.2, EarlyStopping(val_loss, patience 4) + ModelCheckpoint(val_acc). DIFFERENCE: the notebook
// tokenises with KoNLPy's Okt morphological analyser (stem=True); sunhwan has no Korean morphological
// analyser, so words are split on spaces. The vocabulary is capped at 35,000 ids to match the
// slide's 3,500,000 embedding parameters. The shared NSMC is a reconstruction (see its README).
//
// Run: npx tsx recipes/nsmc-lstm-seed001.ts [--quick] [--epochs N]
import { Sequential, layers, setSeed, tensor } from 'sunhwan';
import { Tokenizer, cleanKorean, padSequences, removeStopwords } from 'sunhwan/preprocessing';
import { nsmc } from 'sunhwan/datasets';
import { banner, defaultVerbose, fitWithBestCheckpoint, main, type RecipeMeta, type RecipeOptions, type RecipeResult } from './common.ts';

/** drop_duplicates, Hangul only, strip, drop empty, split, stop words. */
function prepare(docs: string[], labels: ArrayLike<number>, dedupe: boolean): { tokens: string[][]; y: number[] } {
  const seen = new Set<string>();
  const tokens: string[][] = [];
  const y: number[] = [];
  docs.forEach((d, i) => {
    if (dedupe) {
      if (seen.has(d)) return;
      seen.add(d);
    }
    const clean = cleanKorean(d).replace(/^ +/, '');
    if (clean === '') return;
    tokens.push(removeStopwords(clean.split(' ').filter((w) => w !== '')));
    y.push(labels[i]!);
  });
  return { tokens, y };
}

export const meta: RecipeMeta = {
  name: 'nsmc-lstm-seed001',
  source: 'seed 001 (notebook 41)',
  description: 'Naver movie reviews: Hangul only, stop words, LSTM(128)',
};

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const quick = options.quick ?? false;
  const epochs = options.epochs ?? (quick ? 2 : 15);
  banner(
    'nsmc-lstm-seed001: Hangul only, stop words, Embedding(35000, 100) + LSTM(128) + Dense(1, sigmoid)',
    ['seed 001 (slides, notebook 41), book: parameter table 3,500,000 + 117,248 + 129; no accuracy figure'],
    options,
  );
  setSeed(options.seed ?? 1234);

  let [[trainDocs, trainLabels], [testDocs, testLabels]] = await nsmc.loadData();
  let ytr: ArrayLike<number> = trainLabels.dataSync();
  let yte: ArrayLike<number> = testLabels.dataSync();
  if (quick) {
    trainDocs = trainDocs.slice(0, 2000);
    testDocs = testDocs.slice(0, 1000);
    ytr = Array.from(ytr).slice(0, 2000);
    yte = Array.from(yte).slice(0, 1000);
  }
  const train = prepare(trainDocs, ytr, true);
  const test = prepare(testDocs, yte, false);
  console.log(`훈련용 리뷰 개수 : ${train.tokens.length}, 테스트용 리뷰 개수 : ${test.tokens.length}`);

  const vocabSize = 35000;
  const tokenizer = new Tokenizer({ numWords: vocabSize });
  tokenizer.fitOnTexts(train.tokens);
  console.log(`단어 집합(vocabulary)의 크기 : ${tokenizer.wordIndex.size} (capped at ${vocabSize - 1} ids)`);
  const maxLen = 30;
  const xTrain = padSequences(tokenizer.textsToSequences(train.tokens), { maxlen: maxLen });
  const xTest = padSequences(tokenizer.textsToSequences(test.tokens), { maxlen: maxLen });
  const yTrain = tensor(train.y);
  const yTest = tensor(test.y);

  const model = new Sequential();
  model.add(layers.embedding({ inputDim: vocabSize, outputDim: 100 }));
  model.add(layers.lstm({ units: 128 }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.summary();
  model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });
  return fitWithBestCheckpoint(model, 'nsmc-seed001', { xTrain, yTrain, xTest, yTest }, { epochs, verbose: defaultVerbose(options) });
}

main(meta, import.meta.url, run);
