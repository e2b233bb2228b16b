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
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EarlyStopping, ModelCheckpoint, Sequential, layers, loadModel, setSeed, tensor } from 'sunhwan';
import { Tokenizer, cleanKorean, padSequences, removeStopwords } from 'sunhwan/preprocessing';
import { nsmc } from 'sunhwan/datasets';
import { banner, best, defaultVerbose, fmt, last, main, report, type RecipeOptions, type RecipeResult } from './common.ts';

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

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const quick = options.quick ?? false;
  const epochs = options.epochs ?? (quick ? 2 : 15);
  banner('nsmc-lstm-seed001: Hangul only, stop words, Embedding(35000, 100) + LSTM(128) + Dense(1, sigmoid)', [
    'seed 001 (slides, notebook 41), book: parameter table 3,500,000 + 117,248 + 129; no accuracy figure',
  ], options);
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
  const bestModelPath = join(tmpdir(), `nsmc-seed001-best_model-${process.pid}.sunhwan`);
  const es = new EarlyStopping({ monitor: 'val_loss', mode: 'min', verbose: 1, patience: 4 });
  const mc = new ModelCheckpoint({ filepath: bestModelPath, monitor: 'val_acc', mode: 'max', verbose: 1, saveBestOnly: true });
  model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });
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
