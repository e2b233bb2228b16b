// A user's program, written only with sunhwan: English reviews in a CSV (quoted text with commas,
// quotes and HTML breaks) with a sentiment and a fold column → 5-fold cross-validation of a
// bag-of-words model → accuracy, F1 and AUC per fold. Data: test/fixtures/tables/reviews_folds.csv
// (400 short IMDB train reviews, see the README there).
import { beforeEach, describe, expect, it } from 'vitest';
import { layers, metrics, Sequential, setLogSink, setSeed, Tokenizer, type Tensor } from '../../src/index.ts';
import { readTable, trainTestSplit } from '../../src/preprocessing/index.ts';

const FILE = new URL('../fixtures/tables/reviews_folds.csv', import.meta.url).pathname;

beforeEach(() => {
  setSeed(3);
  setLogSink({ dynamic: false, write: () => {} });
});

describe('user program: fold-split English reviews', () => {
  it('cross-validates over the fold column', async () => {
    const table = readTable(FILE, { columns: { sentiment: 'category' } });
    expect(table.rows).toBe(400);
    expect(table.category('sentiment').labels).toEqual(['neg', 'pos']);
    const folds = [...new Set(table.strings('fold'))].sort() as string[];
    expect(folds).toEqual(['0', '1', '2', '3', '4']);

    const scores: { accuracy: number; f1: number; auc: number }[] = [];
    for (const fold of folds) {
      const [train, test] = trainTestSplit(table, { foldColumn: 'fold', testFold: fold });
      const reviews = (part: typeof table): string[] => part.strings('review').map((r) => (r ?? '').replaceAll('<br />', ' '));
      const tokenizer = new Tokenizer({ numWords: 2000 }).fitOnTexts(reviews(train));
      const x = (part: typeof table): Tensor => tokenizer.textsToMatrix(reviews(part), 'binary');
      const y = (part: typeof table): Tensor => part.toTensor(['sentiment']); // category codes: neg 0, pos 1

      const model = new Sequential([
        layers.dense({ units: 8, activation: 'relu', inputShape: [2000] }),
        layers.dense({ units: 1, activation: 'sigmoid' }),
      ]);
      model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy', 'auc'] });
      await model.fit(x(train), y(train), { epochs: 8, batchSize: 32, verbose: 0 });

      const probabilities = (await model.predict(x(test))) as Tensor;
      const truth = y(test).dataSync();
      const predicted = metrics.predictClasses(probabilities);
      scores.push({
        accuracy: metrics.accuracyScore(Int32Array.from(truth), predicted),
        f1: metrics.f1Score(Int32Array.from(truth), predicted),
        auc: metrics.rocAucScore(Int32Array.from(truth), probabilities),
      });
      const [, accuracy] = (await model.evaluate(x(test), y(test), { verbose: 0 })) as number[];
      expect(accuracy).toBeCloseTo(scores.at(-1)!.accuracy, 6);
    }
    const mean = (k: 'accuracy' | 'f1' | 'auc'): number => scores.reduce((a, s) => a + s[k], 0) / scores.length;
    expect(scores.every((s) => s.accuracy > 0 && s.accuracy <= 1)).toBe(true);
    expect(mean('accuracy')).toBeGreaterThan(0.65);
    expect(mean('auc')).toBeGreaterThan(0.7);
    expect(mean('f1')).toBeGreaterThan(0.5);
  });
});
