// Seed 000 §12.6–12.7 ("셀레늄으로 트립어드바이저 스크랩"), then its reviews into a sentiment model:
// collect restaurant reviews with a real browser, clean the Korean text, tokenize, train, predict.
//
//   browser = Chrome(); browser.get(url)
//   for link in browser.find_elements_by_css_selector('.ulBlueLinks'):
//       try: link.click()
//       except: pass
//   reviews = browser.find_elements_by_css_selector('.review-container')
//   s = len('ui_bubble_rating bubble_')
//   for review in reviews:
//       cls = review.find_element_by_css_selector('.ui_bubble_rating').get_attribute('class')
//       score = int(cls[s:])
//       comment = review.find_element_by_css_selector('.partial_entry')
//       review_list.append((score, comment.text))
//   df = pandas.DataFrame(review_list, columns=['score', 'text']); df.to_csv('tripadvisor.csv')
//
// Book: one page of 10 reviews (scores 30–50), printed as a table; no model is trained on them.
// HERE: the site is recipes/review-site.ts on 127.0.0.1 (an imitation with generated Korean reviews,
// so no network is needed and every expected row is known), paged, with the book's selectors. The
// collected CSV then goes the book's NSMC way: Hangul-only cleaning, Tokenizer, Embedding + LSTM,
// labels positive (40–50) / negative (10–20), 30s and unparsable ratings left out of training, and
// predictions for every collected row. The texts come from a few phrases, so the accuracy only
// shows the pipeline works end to end; it says nothing about real reviews.
//
// Run: npx tsx recipes/collect-reviews.ts [--quick] [--pages N] [--csv reviews.csv] [--browser PATH]
// or `sunhwan recipe collect-reviews --quick --out DIR` (model and tokenizer for `sunhwan predict`).
// --csv keeps the collected file and resumes into it on the next run. Needs Chromium (apt-get install chromium).
import { rmSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random, Sequential, Tensor, layers, setSeed } from 'sunhwan';
import { collectReviews } from 'sunhwan/node';
import { Tokenizer, cleanKorean, padSequences, readCsv } from 'sunhwan/preprocessing';
import { banner, defaultVerbose, fmt, main, report, takeRows, type RecipeMeta, type RecipeOptions, type RecipeResult } from './common.ts';
import { REVIEW_SITE_SELECTORS, startReviewSite } from './review-site.ts';

export const meta: RecipeMeta = {
  name: 'collect-reviews',
  source: 'seed 000 §12.6–12.7',
  description:
    "collect reviews with headless Chromium (local imitation of the book's site) → cleanKorean → Tokenizer → LSTM sentiment → predict",
};

const MAXLEN = 20;

/** cleanKorean deletes line breaks along with punctuation; make them spaces first so words stay apart. */
const clean = (text: string): string => cleanKorean(text.replace(/\s+/g, ' ')).replace(/ +/g, ' ').trim();

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const quick = options.quick ?? false;
  const pages = Number(options.extra?.pages ?? (quick ? 4 : 8));
  const epochs = options.epochs ?? 40;
  banner(
    'collect-reviews: headless Chromium collects paged reviews → cleanKorean → Tokenizer → Embedding(V, 16) + LSTM(16) + Dense(1)',
    ['seed 000 §12.7 (Selenium scrape of TripAdvisor), here a local imitation site; book: 10 rows, no model'],
    options,
  );
  setSeed(options.seed ?? 1234);

  // 1. Collect (into a fresh temporary file unless --csv names one to keep and resume).
  const site = await startReviewSite({ pages });
  const scratch = options.extra?.csv ? null : mkdtempSync(join(tmpdir(), 'sunhwan-reviews-'));
  const out = options.extra?.csv ?? join(scratch!, 'reviews.csv');
  let csv: string;
  try {
    const collected = await collectReviews({
      url: site.url,
      ...REVIEW_SITE_SELECTORS,
      pages,
      delayMs: quick ? 0 : 300,
      out,
      browser: options.extra?.browser,
      verbose: options.verbose === 0 ? 0 : 1,
    });
    console.log(
      `collected ${collected.written} new rows (${collected.skipped} already there) from ${collected.pages} pages into ${out}; ${collected.warnings.length} warnings`,
    );
    csv = readFileSync(out, 'utf8');
  } finally {
    await site.close();
  }

  // 2. The CSV as the book's DataFrame: score and text.
  const table = readCsv(csv, { columns: ['score'], dateColumn: 'text', missing: NaN });
  const scores = Array.from(table.rows.dataSync());
  const texts = table.dates!.map(clean);
  console.log(`rows: ${scores.length}; first: score ${scores[0]}, text "${texts[0]}"`);

  // 3. Labels: 40–50 positive, 10–20 negative; 30 and unparsable scores are not trained on.
  const labelled = scores.map((s, i) => ({ s, i })).filter(({ s }) => !Number.isNaN(s) && s !== 30);
  new Random(options.seed ?? 1234).shuffle(labelled);
  const nTrain = Math.round(labelled.length * 0.75);
  const trainIdx = labelled.slice(0, nTrain).map((l) => l.i);
  const testIdx = labelled.slice(nTrain).map((l) => l.i);
  const label = (i: number): number => (scores[i]! >= 40 ? 1 : 0);

  // 4. Tokenizer fitted on the training texts only; every text padded to MAXLEN words.
  const tokenizer = new Tokenizer();
  tokenizer.fitOnTexts(trainIdx.map((i) => texts[i]!));
  const x = padSequences(tokenizer.textsToSequences(texts), { maxlen: MAXLEN });
  const vocab = tokenizer.wordIndex.size + 1;
  const y = new Tensor(Float32Array.from(scores.map((_, i) => label(i))), [scores.length, 1]);

  const model = new Sequential();
  model.add(layers.embedding({ inputDim: vocab, outputDim: 16 }));
  model.add(layers.lstm({ units: 16 }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['acc'] });
  const history = await model.fit(takeRows(x, trainIdx), takeRows(y, trainIdx), {
    epochs,
    batchSize: 16,
    verbose: defaultVerbose(options),
  });
  const [testLoss, testAcc] = (await model.evaluate(takeRows(x, testIdx), takeRows(y, testIdx), { verbose: 0 })) as number[];

  // 5. Predict every collected row (the unlabelled ones too) and show a few.
  const p = ((await model.predict(x, { verbose: 0 })) as Tensor).dataSync();
  for (let i = 0; i < Math.min(6, scores.length); i++)
    console.log(`  score ${Number.isNaN(scores[i]!) ? '?' : scores[i]}  positive ${fmt(p[i]!)}  ${texts[i]!.slice(0, 40)}`);
  const agree = labelled.filter(({ i }) => (p[i]! >= 0.5 ? 1 : 0) === label(i)).length / labelled.length;
  if (scratch) rmSync(scratch, { recursive: true, force: true });

  const metrics = {
    rows: scores.length,
    labelled: labelled.length,
    train: trainIdx.length,
    vocab,
    first_loss: history.history.loss?.[0] ?? Number.NaN,
    loss: history.history.loss?.at(-1) ?? Number.NaN,
    test_loss: testLoss!,
    test_acc: testAcc!,
    labelled_agreement: agree,
  };
  report(metrics);
  return { metrics, history: history.history, model, text: { tokenizer, maxlen: MAXLEN } };
}

main(meta, import.meta.url, run);
