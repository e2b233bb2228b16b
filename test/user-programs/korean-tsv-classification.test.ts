// A user's program, written only with sunhwan: Korean sentences in a TSV with a 3-class label
// (which of three authors wrote it) → cleaned, tokenized, split with stratification → a small
// model → predicted classes → macro F1 and a per-class report. Data: test/fixtures/tables/
// korean_authors.tsv (600 sentences from KoCoNovel, see the README there).
import { beforeEach, describe, expect, it } from 'vitest';
import { layers, metrics, Sequential, setLogSink, setSeed, Tokenizer, type Tensor } from '../../src/index.ts';
import { cleanKorean, LabelEncoder, readTable, trainTestSplit } from '../../src/preprocessing/index.ts';

const FILE = new URL('../fixtures/tables/korean_authors.tsv', import.meta.url).pathname;

beforeEach(() => {
  setSeed(1);
  setLogSink({ dynamic: false, write: () => {} });
});

describe('user program: Korean TSV, 3 classes, F1', () => {
  it('reads, splits, trains and reports macro F1 well above chance', async () => {
    const table = readTable(FILE, { columns: { author: 'category' } });
    expect(table.rows).toBe(600);
    expect(table.category('author').labels).toEqual(['김동인', '김유정', '현진건']);

    const [train, test] = trainTestSplit(table, { testSize: 0.25, seed: 1, stratify: 'author' });
    const texts = (part: typeof table): string[] => part.strings('text').map((t) => cleanKorean(t ?? '', { replaceWith: ' ' }));
    const labels = new LabelEncoder().fit(train.strings('author') as string[]);
    const yTrain = labels.transform(train.strings('author') as string[]);
    const yTest = labels.transform(test.strings('author') as string[]);

    const tokenizer = new Tokenizer({ numWords: 3000 }).fitOnTexts(texts(train));
    const xTrain = tokenizer.textsToMatrix(texts(train), 'binary');
    const xTest = tokenizer.textsToMatrix(texts(test), 'binary');

    const model = new Sequential([
      layers.dense({ units: 16, activation: 'relu', inputShape: [3000] }),
      layers.dense({ units: 3, activation: 'softmax' }),
    ]);
    model.compile({
      optimizer: 'adam',
      loss: 'sparse_categorical_crossentropy',
      metrics: ['accuracy', 'sparse_top_k_categorical_accuracy'],
    });
    const history = await model.fit(xTrain, yTrain, { epochs: 10, batchSize: 32, verbose: 0 });
    expect(Object.keys(history.history)).toEqual(['loss', 'accuracy', 'sparse_top_k_categorical_accuracy']);

    const predicted = metrics.predictClasses((await model.predict(xTest)) as Tensor);
    const f1 = metrics.f1Score(yTest, predicted, { average: 'macro' });
    const perClass = metrics.perClassScores(yTest, predicted).f1;
    expect(test.rows).toBe(150);
    expect(f1).toBeGreaterThan(0.45); // chance is 0.33
    expect(f1).toBeCloseTo(perClass.reduce((a, b) => a + b, 0) / 3, 12);
    const report = metrics.classificationReport(yTest, predicted, { labels: labels.classes as string[] });
    expect(report).toContain('현진건');
    expect(
      labels.inverseTransform(predicted.dataSync().subarray(0, 3)).every((a) => ['김동인', '김유정', '현진건'].includes(a as string)),
    ).toBe(true);
  });
});
