// `npm run demo`: two small models, about a minute on 2 cores, on data that ships with sunhwan.
//  1. The sine-wave forecaster of the textbook (chapter 11, seed 004): SimpleRNN vs LSTM, each
//     asked to continue the cosine wave it never saw.
//  2. A sentiment classifier on a bundled sample of Korean (NSMC) and English (IMDB) movie
//     reviews (examples/data/README.md), judged on held-out reviews and on sentences you can check.
// Each run writes an HTML report (summary, curves, metrics, epoch times) and PNG plots into
// ./sunhwan-demo/. SUNHWAN_DEMO_SCALE=0.3 shortens both (for tests).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { engine, layers, Sequential, setSeed, tensor, type Tensor } from '../src/index.ts';
import { padSequences, Tokenizer } from '../src/preprocessing/index.ts';
import { getThreads } from '../src/threads/index.ts';
import { confusionSpec, historySpec, reportCallback, savePlot, seriesSpec } from '../src/viz/index.ts';

const outDir = process.env.SUNHWAN_DEMO_DIR ?? 'sunhwan-demo';
const scale = Number(process.env.SUNHWAN_DEMO_SCALE ?? 1);
const epochsOf = (n: number) => Math.max(1, Math.round(n * scale));
const threads = getThreads();
console.log(`sunhwan demo — ${engine().name} kernels, ${threads} thread${threads === 1 ? '' : 's'}\n`);

// ---- 1. sine wave: SimpleRNN vs LSTM --------------------------------------------------------

/** Windows of `window` consecutive values and the value that follows each. */
function makeSample(data: number[], window: number): [Tensor, Tensor] {
  const count = data.length - window;
  const x = new Float32Array(count * window);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < window; j++) x[i * window + j] = data[i + j]!;
    y[i] = data[i + window]!;
  }
  return [tensor(x, [count, window, 1]), tensor(y, [count, 1])];
}
const wave = (f: (v: number) => number): number[] => Array.from({ length: 1000 }, (_, i) => f(Math.PI * i * 0.01));

console.log('━━ 1. Sine-wave forecaster: SimpleRNN vs LSTM (window 10, trained on sin, tested on cos) ━━\n');
setSeed(15);
const [x, y] = makeSample(wave(Math.sin), 10);
const [xCos, yCos] = makeSample(wave(Math.cos), 10);
const cosine = Array.from(yCos.dataSync());
const forecasts: Record<string, number[]> = {};
const sineHistories: Record<string, number[]> = {};
let sineReport = '';
for (const kind of ['SimpleRNN', 'LSTM'] as const) {
  const model = new Sequential({ name: `sine_${kind.toLowerCase()}` });
  model.add(kind === 'LSTM' ? layers.lstm({ units: 10, inputShape: [10, 1] }) : layers.simpleRNN({ units: 10, inputShape: [10, 1] }));
  model.add(layers.dense({ units: 1, activation: 'tanh' }));
  model.compile({ optimizer: 'adam', loss: 'mse' });
  model.summary();
  const report = reportCallback({ dir: outDir, name: `sine-${kind.toLowerCase()}` });
  const history = await model.fit(x, y, { epochs: epochsOf(30), batchSize: 32, verbose: 1, callbacks: [report] });
  const predicted = Array.from(((await model.predict(xCos, { verbose: 0 })) as Tensor).dataSync());
  forecasts[kind] = predicted;
  sineHistories[kind] = history.history.loss!;
  const mse = predicted.reduce((s, p, i) => s + (p - cosine[i]!) ** 2, 0) / predicted.length;
  console.log(
    `${kind}: final training loss ${history.history.loss!.at(-1)!.toExponential(3)}, cosine-wave test MSE ${mse.toExponential(3)}\n`,
  );
  if (kind === 'LSTM') {
    const comparison = seriesSpec({
      truth: cosine,
      predictions: forecasts,
      title: 'Cosine wave (never seen in training): truth vs forecasts',
      xTitle: 'window',
      yTitle: 'cos',
    });
    report.addPlot('SimpleRNN vs LSTM on the cosine wave', comparison);
    sineReport = await report.write();
    await savePlot(comparison, join(outDir, 'sine-forecasts.png'));
  }
}
console.log('cosine wave, a few windows (truth / SimpleRNN / LSTM):');
for (const i of [0, 245, 490, 735])
  console.log(
    `  #${String(i).padStart(3)}  ${cosine[i]!.toFixed(4)}  ${forecasts.SimpleRNN![i]!.toFixed(4)}  ${forecasts.LSTM![i]!.toFixed(4)}`,
  );

// ---- 2. sentiment on Korean and English reviews --------------------------------------------

console.log('\n━━ 2. Sentiment classifier: Korean (NSMC) and English (IMDB) movie reviews ━━\n');
interface Review {
  lang: string;
  split: string;
  label: number;
  text: string;
}
const reviews: Review[] = gunzipSync(readFileSync(new URL('./data/reviews-sample.tsv.gz', import.meta.url)))
  .toString('utf8')
  .split('\n')
  .slice(1)
  .filter(Boolean)
  .map((line) => {
    const [lang, split, label, text] = line.split('\t');
    return { lang: lang!, split: split!, label: Number(label), text: text! };
  });
const train = shuffled(
  reviews.filter((r) => r.split === 'train'),
  7,
);
const test = reviews.filter((r) => r.split === 'test');

/** The rows in a seeded random order (the file holds them by language and label). */
function shuffled<T>(rows: T[], seed: number): T[] {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const out = [...rows];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// Latin words as they are; Hangul words as their syllable pairs: Korean glues endings onto
// stems (실망했다, 실망스럽다), so the pair '실망' is shared where whole words are not.
function analyzer(text: string): string[] {
  const tokens: string[] = [];
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (!/\p{Script=Hangul}/u.test(word) || word.length < 2) tokens.push(word);
    else for (let i = 0; i + 1 < word.length; i++) tokens.push(word.slice(i, i + 2));
  }
  return tokens;
}
const MAXLEN = 80;
const tokenizer = new Tokenizer({ numWords: 12000, analyzer, oovToken: '<unk>' });
tokenizer.fitOnTexts(train.map((r) => r.text));
const encode = (texts: string[]) => padSequences(tokenizer.textsToSequences(texts), { maxlen: MAXLEN });
const labels = (rs: Review[]) => tensor(Float32Array.from(rs.map((r) => r.label)), [rs.length, 1]);
console.log(
  `${train.length} training reviews (${train.filter((r) => r.lang === 'ko').length} Korean), ${test.length} held out; vocabulary ${Math.min(12000, tokenizer.wordIndex.size + 1)} tokens, ${MAXLEN} per review\n`,
);

setSeed(7);
const classifier = new Sequential({ name: 'sentiment' });
classifier.add(layers.embedding({ inputDim: 12000, outputDim: 32, inputShape: [MAXLEN] }));
classifier.add(layers.lstm({ units: 32 }));
classifier.add(layers.dense({ units: 1, activation: 'sigmoid' }));
classifier.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });
classifier.summary();
const sentimentReport = reportCallback({ dir: outDir, name: 'sentiment' });
const history = await classifier.fit(encode(train.map((r) => r.text)), labels(train), {
  epochs: epochsOf(4),
  batchSize: 64,
  validationSplit: 0.1,
  verbose: 1,
  callbacks: [sentimentReport],
});

const probabilities = Array.from(((await classifier.predict(encode(test.map((r) => r.text)), { verbose: 0 })) as Tensor).dataSync());
const predictedLabels = probabilities.map((p) => (p > 0.5 ? 1 : 0));
for (const lang of ['ko', 'en']) {
  const idx = test.map((r, i) => (r.lang === lang ? i : -1)).filter((i) => i >= 0);
  const right = idx.filter((i) => predictedLabels[i] === test[i]!.label).length;
  console.log(`held-out accuracy, ${lang === 'ko' ? 'Korean ' : 'English'}: ${(right / idx.length).toFixed(3)} (${right}/${idx.length})`);
}
const matrix = confusionSpec({
  yTrue: test.map((r) => r.label),
  yPred: predictedLabels,
  labels: ['부정 negative', '긍정 positive'],
  title: 'Held-out reviews',
});
sentimentReport.addPlot('Confusion matrix (held-out reviews)', matrix);
await savePlot(matrix, join(outDir, 'sentiment-confusion.png'));
await savePlot(historySpec(history, { title: 'Sentiment classifier' }), join(outDir, 'sentiment-history.png'));

const sentences = [
  '재미있을 줄 알았는데 완전 실망했다',
  '배우들 연기가 정말 좋았고 마지막 장면에서 울었다',
  '시간 아깝다 돈 아깝다',
  'One of the best films I have seen this year, wonderful acting.',
  'Boring, predictable and far too long. I want my money back.',
];
const sentenceScores = Array.from(((await classifier.predict(encode(sentences), { verbose: 0 })) as Tensor).dataSync());
console.log('\nsentences it never saw:');
sentences.forEach((s, i) =>
  console.log(`  ${sentenceScores[i]! > 0.5 ? 'positive' : 'negative'} (${sentenceScores[i]!.toFixed(2)})  ${s}`),
);
const sentimentPath = await sentimentReport.write();

console.log(`\nHTML reports (summary, curves, metrics, epoch times):\n  ${sineReport}\n  ${sentimentPath}`);
console.log(
  `plots: ${join(outDir, 'sine-forecasts.png')}, ${join(outDir, 'sentiment-history.png')}, ${join(outDir, 'sentiment-confusion.png')}`,
);
