// Seed 003 (Deep Learning with Python, 6.3 "순환 신경망의 고급 사용법" and 6.4.4): temperature
// forecasting 24 hours ahead from the last 10 days, with the book's generator, its common-sense
// baseline and its models. One recipe, one model per run: --model <name>.
//
//   mean = float_data[:200000].mean(axis=0); float_data -= mean          # code 6-32: training rows only
//   std = float_data[:200000].std(axis=0); float_data /= std
//   lookback = 1440; step = 6; delay = 144; batch_size = 128             # code 6-34
//   train_gen = generator(float_data, lookback, delay, 0, 200000, shuffle=True, step=step)
//   val_gen = generator(float_data, lookback, delay, 200001, 300000, step=step)
//   test_gen = generator(float_data, lookback, delay, 300001, None, step=step)
//   val_steps = (300000 - 200001 - lookback) // batch_size
//   baseline (6-35): preds = samples[:, -1, 1]; mean of per-batch MAE over val_steps batches
//   model.compile(optimizer=RMSprop(), loss='mae')
//   model.fit_generator(train_gen, steps_per_epoch=500, epochs=20|40, validation_data=val_gen,
//                       validation_steps=val_steps)
//
// --model       book code  architecture                                              epochs  book's figure (Jena)
//   baseline    6-35       samples[:, -1, T] (no training)                               -     MAE 0.29 = 2.57 °C
//   dense       6-37       Flatten + Dense(32, relu) + Dense(1)                          20    val MAE near/above the baseline, unstable
//   gru         6-39       GRU(32) + Dense(1)                                            20    val MAE ≈ 0.265 = 2.35 °C (then overfits)
//   gru-reversed 6.3.8    GRU(32) + Dense(1) on time-reversed windows (samples[:, ::-1, :])   20    worse than the common-sense baseline
//   gru-dropout 6-40       GRU(32, dropout=0.2, recurrent_dropout=0.2) + Dense(1)        40    no overfitting until epoch 30, no better than gru
//   stacked-gru 6-41       GRU(32, d=0.1, rd=0.5, return_sequences) + GRU(64, relu, d=0.1, rd=0.5) + Dense(1)   40   a little better
//   bidirectional-gru 6-44 Bidirectional(GRU(32)) + Dense(1)                             40    about the same as gru
//   conv1d      6-47       Conv1D(32,5)+MaxPool(3)+Conv1D(32,5)+MaxPool(3)+Conv1D(32,5)+GlobalMaxPool+Dense(1)   20   val MAE in the 0.40s (worse than baseline)
//   conv1d-gru  6-49       Conv1D(32,5)+MaxPool(3)+Conv1D(32,5)+GRU(32, d=0.1, rd=0.5)+Dense(1) (step 3)       20   not as good as gru-dropout, faster
//   conv1d-gru-nopool      (not in the book) conv1d-gru without its MaxPool: on Melbourne conv1d-gru loses to the baseline
//                          (+6.9 %) and this one beats it (−9.5 %): the pooling blurs the last days, which carry most of the signal
//
// DATA: the Jena CSV is download-only and not in the shared data, so by default this runs on
// ETTh1 (/work/shared/data/ett_small: hourly, 17,420 rows, 7 features, target OT = oil temperature
// in °C) with the same window in hours: lookback 240 h (10 days), step 1 (hourly: the same 240
// timesteps per sample as the book), delay 24 h, batch 128; train rows [0, 10000), validation
// [10001, 14000), test [14001, end); normalisation on the training rows only. Figures on ETTh1 are
// not comparable with the book's Jena figures; compare each model with the baseline printed here.
//
// WHY THE GRU LOSES TO THE BASELINE ON ETTh1 (0.394 after 5 epochs against 0.202): the data, not
// a defect. The validation and test rows (autumn 2017 to June 2018) are a calmer regime than the
// training rows: in training-normalised units the target's mean is −1.12 and its sd 0.56 on the
// validation rows (test: −1.11, 0.39) against 0 and 1 in training, and the baseline's own error
// falls from 0.290 on the training rows to 0.202 on validation (`--model baseline` prints these).
// Any model fitted to the training rows' dynamics is scored where "no change" became much better:
// even a least-squares linear model of the whole 240-hour window (ridge, fitted on the training
// rows, fixtures-src/recipes/jena_series_check.py) scores 0.228 on validation, also worse than the
// baseline, and Keras 3 trains the same GRU on the same arrays to the same place (best validation
// MAE in 5 × 100 steps 0.301, sunhwan 0.340; fixtures-src/recipes/jena_keras_check.py and
// recipes/results/jena/etth1-why.md). The 10,000 training rows (the book has 200,000) make
// overfitting come early as well.
// `--series melbourne` (Melbourne's daily minimum temperature: tomorrow from the last 90 days) has
// no such shift (validation mean −0.07, sd 0.89) and a baseline a model can beat, and shows the
// chapter's ordering: `--model all --series melbourne` runs every model, prints them side by side and
// records each as its own variant (model-gru_series-melbourne.json, the baseline's figure in each).
// `--jena path/to/jena_climate_2009_2016.csv` runs the book's exact setting on the real file;
// `--jena download` fetches it (the book's URL, https://s3.amazonaws.com/keras-datasets/
// jena_climate_2009_2016.csv.zip, into the data folder's jena_climate/; --jena-url and
// --jena-sha256 to pin another copy; src/datasets/jena.ts records the zip's sha256 at the first
// download and checks it afterwards).
//
// Run: npx tsx recipes/jena.ts --model gru [--quick] [--epochs N] [--steps-per-epoch N] [--jena file|download] [--series ETTh1|ETTh2|melbourne] [--model all] [--checkpoint FILE]
import { Sequential, Tensor, layers, optimizers, setSeed } from 'sunhwan';
import { naiveBatchMae, timeseriesGenerator } from 'sunhwan/preprocessing';
import { jena, timeSeries } from 'sunhwan/datasets';
import { loadavg } from 'node:os';
import {
  banner,
  defaultVerbose,
  fmt,
  last,
  main,
  report,
  type RecipeMeta,
  type RecipeOptions,
  type RecipePart,
  type RecipeResult,
  type RecipeSeries,
} from './common.ts';
import { fitInParts } from './fit-in-parts.ts';

interface Series {
  name: string;
  data: Float32Array;
  rows: number;
  features: number;
  columns: string[];
  target: number;
  lookback: number;
  step: number;
  delay: number;
  trainEnd: number;
  valStart: number;
  valEnd: number;
  testStart: number;
  /** Training batches per epoch (the book: 500). */
  stepsPerEpoch?: number;
}

async function loadSeries(options: RecipeOptions): Promise<Series> {
  const jenaPath = options.extra?.jena;
  if (jenaPath) {
    // --jena download: the data folder's jena_climate/ copy, else the book's URL (or --jena-url),
    // checked against --jena-sha256 when given, else against the hash recorded at the first download
    const j =
      jenaPath === 'download'
        ? await jena.loadData({ url: options.extra?.['jena-url'], sha256: options.extra?.['jena-sha256'] })
        : await jena.parseJenaCsv(jenaPath);
    const [rows, features] = j.data.shape as [number, number];
    const step = options.extra?.model === 'conv1d-gru' ? 3 : 6;
    // the book's row boundaries for the real file (420,551 rows); the same proportions for another length
    const at = (bookRow: number) => (rows === 420551 ? bookRow : Math.round((bookRow / 420551) * rows));
    return {
      name: `Jena climate (${rows} rows)`,
      data: Float32Array.from(j.data.dataSync()),
      rows,
      features,
      columns: j.columns,
      target: 1,
      lookback: 1440,
      step,
      delay: 144,
      trainEnd: at(200000),
      valStart: at(200001),
      valEnd: at(300000),
      testStart: at(300001),
    };
  }
  const series = (options.extra?.series ?? options.extra?.ett ?? 'ETTh1').toLowerCase();
  if (series === 'melbourne') {
    // Melbourne daily minimum temperature (3,650 days, one column): tomorrow's minimum from the last
    // 90 days. The last value is a weaker guess here than on ETTh1 (see the ETTh1 note above), so the
    // book's ordering (models below the baseline) can show. 90 days: conv1d's 3 convolutions and 2
    // poolings need at least 61 steps.
    const m = await timeSeries.classic('daily-min-temperatures');
    const [rows] = m.data.shape as [number, number];
    return {
      name: 'Melbourne daily minimum temperature (1981-1990)',
      data: Float32Array.from(m.data.dataSync()),
      rows,
      features: 1,
      columns: m.columns,
      target: 0,
      lookback: 90,
      step: 1,
      delay: 0,
      trainEnd: 2000,
      valStart: 2001,
      valEnd: 2800,
      testStart: 2801,
      stepsPerEpoch: 100,
    };
  }
  if (series !== 'etth1' && series !== 'etth2') throw new Error(`--series ${series}: expected ETTh1, ETTh2 or melbourne`);
  const which = series === 'etth1' ? 'ETTh1' : 'ETTh2';
  const e = await timeSeries.ett(which);
  const [rows] = e.data.shape as [number, number];
  return {
    name: `${which} (stand-in for Jena)`,
    data: Float32Array.from(e.data.dataSync()),
    rows,
    features: e.columns.length,
    columns: e.columns,
    target: e.columns.indexOf('OT'),
    lookback: 240,
    step: 1,
    delay: 24,
    trainEnd: 10000,
    valStart: 10001,
    valEnd: 14000,
    testStart: 14001,
  };
}

/** Code 6-32: subtract the mean and divide by the (population) std of the training rows, per column. */
function normalize(s: Series): { mean: Float64Array; std: Float64Array } {
  const f = s.features;
  const mean = new Float64Array(f);
  const std = new Float64Array(f);
  for (let r = 0; r < s.trainEnd; r++) for (let k = 0; k < f; k++) mean[k] += s.data[r * f + k]!;
  for (let k = 0; k < f; k++) mean[k] /= s.trainEnd;
  for (let r = 0; r < s.trainEnd; r++) for (let k = 0; k < f; k++) std[k] += (s.data[r * f + k]! - mean[k]!) ** 2;
  for (let k = 0; k < f; k++) std[k] = Math.sqrt(std[k]! / s.trainEnd);
  for (let r = 0; r < s.rows; r++) for (let k = 0; k < f; k++) s.data[r * f + k] = (s.data[r * f + k]! - mean[k]!) / std[k]!;
  return { mean, std };
}

/** The normalised target's mean and sd over rows [from, to), and the baseline's MAE over every window ending there. */
function targetStats(s: Series, from: number, to: number): { mean: number; sd: number; baselineMae: number } {
  const at = (r: number) => s.data[r * s.features + s.target]!;
  let sum = 0;
  let sq = 0;
  for (let r = from; r < to; r++) sum += at(r);
  const mean = sum / (to - from);
  for (let r = from; r < to; r++) sq += (at(r) - mean) ** 2;
  let err = 0;
  let n = 0;
  for (let row = from + s.lookback; row + s.delay < to; row++, n++) err += Math.abs(at(row + s.delay) - at(row - 1));
  return { mean, sd: Math.sqrt(sq / (to - from)), baselineMae: err / n };
}

/** 6.3.8: the generator with `yield samples[:, ::-1, :], targets`. */
function* reversedTime(g: Iterable<[Tensor, Tensor]>): Generator<[Tensor, Tensor]> {
  for (const [samples, targets] of g) {
    const [n, T, F] = samples.shape as [number, number, number];
    const src = samples.dataSync();
    const out = new Float32Array(src.length);
    for (let j = 0; j < n; j++)
      for (let t = 0; t < T; t++) out.set(src.subarray((j * T + t) * F, (j * T + t + 1) * F), (j * T + (T - 1 - t)) * F);
    yield [new Tensor(out, [n, T, F]), targets];
  }
}

function buildModel(name: string, s: Series): { model: Sequential; epochs: number } {
  const F = s.features;
  const model = new Sequential();
  let epochs = 20;
  switch (name) {
    case 'dense':
      model.add(layers.flatten({ inputShape: [s.lookback / s.step, F] }));
      model.add(layers.dense({ units: 32, activation: 'relu' }));
      model.add(layers.dense({ units: 1 }));
      break;
    case 'gru':
    case 'gru-reversed':
      model.add(layers.gru({ units: 32, inputShape: [null, F] }));
      model.add(layers.dense({ units: 1 }));
      break;
    case 'gru-dropout':
      model.add(layers.gru({ units: 32, dropout: 0.2, recurrentDropout: 0.2, inputShape: [null, F] }));
      model.add(layers.dense({ units: 1 }));
      epochs = 40;
      break;
    case 'stacked-gru':
      model.add(layers.gru({ units: 32, dropout: 0.1, recurrentDropout: 0.5, returnSequences: true, inputShape: [null, F] }));
      model.add(layers.gru({ units: 64, activation: 'relu', dropout: 0.1, recurrentDropout: 0.5 }));
      model.add(layers.dense({ units: 1 }));
      epochs = 40;
      break;
    case 'bidirectional-gru':
      model.add(layers.bidirectional(layers.gru({ units: 32 }), { inputShape: [null, F] }));
      model.add(layers.dense({ units: 1 }));
      epochs = 40;
      break;
    case 'conv1d':
      model.add(layers.conv1d({ filters: 32, kernelSize: 5, activation: 'relu', inputShape: [null, F] }));
      model.add(layers.maxPooling1d({ poolSize: 3 }));
      model.add(layers.conv1d({ filters: 32, kernelSize: 5, activation: 'relu' }));
      model.add(layers.maxPooling1d({ poolSize: 3 }));
      model.add(layers.conv1d({ filters: 32, kernelSize: 5, activation: 'relu' }));
      model.add(layers.globalMaxPooling1d());
      model.add(layers.dense({ units: 1 }));
      break;
    case 'conv1d-gru':
    case 'conv1d-gru-nopool':
      model.add(layers.conv1d({ filters: 32, kernelSize: 5, activation: 'relu', inputShape: [null, F] }));
      if (name === 'conv1d-gru') model.add(layers.maxPooling1d({ poolSize: 3 }));
      model.add(layers.conv1d({ filters: 32, kernelSize: 5, activation: 'relu' }));
      model.add(layers.gru({ units: 32, dropout: 0.1, recurrentDropout: 0.5 }));
      model.add(layers.dense({ units: 1 }));
      break;
    default:
      throw new Error(
        `--model ${name}: expected baseline, dense, gru, gru-reversed, gru-dropout, stacked-gru, bidirectional-gru, conv1d, conv1d-gru or conv1d-gru-nopool`,
      );
  }
  return { model, epochs };
}

export const meta: RecipeMeta = {
  name: 'jena',
  source: 'seed 003 §6.3, §6.4.4',
  description: 'temperature forecasting: baseline, GRU, stacked, bidirectional, conv1d (--model NAME)',
};

/** Every model of the chapter, in the book's order; `--model all` runs them one after another. */
export const chapterModels = [
  'baseline',
  'dense',
  'gru',
  'gru-dropout',
  'stacked-gru',
  'bidirectional-gru',
  'conv1d',
  'conv1d-gru',
] as const;

/**
 * `--model all`: each of the chapter's models on the same series, then one table against the
 * baseline. Each model's run is also a part of the result: recorded as its own variant
 * (model-gru_series-melbourne.json, with the baseline's figure in it), as `--model NAME` would.
 */
async function runAll(options: RecipeOptions): Promise<RecipeResult> {
  const rows: { model: string; epochs: number; bestVal: number; bestEpoch: number; test: number }[] = [];
  const metrics: Record<string, number> = {};
  const parts: RecipePart[] = [];
  let baseline = Number.NaN;
  let baselineTest = Number.NaN;
  for (const model of chapterModels) {
    const startedAt = new Date();
    const loadAtStart = loadavg();
    const r = await run({ ...options, extra: { ...options.extra, model } });
    parts.push({ options: { model }, result: r, startedAt, loadAtStart, wallSeconds: (Date.now() - startedAt.getTime()) / 1000 });
    if (model === 'baseline') {
      baseline = r.metrics.baseline_val_mae!;
      baselineTest = r.metrics.baseline_test_mae!;
      continue;
    }
    const val = r.history?.val_loss ?? [];
    const bestVal = r.metrics.best_val_mae!;
    rows.push({ model, epochs: val.length, bestVal, bestEpoch: val.indexOf(bestVal) + 1, test: r.metrics.test_mae! });
    metrics[`${model}_best_val_mae`] = bestVal;
    metrics[`${model}_test_mae`] = r.metrics.test_mae!;
  }
  metrics.baseline_val_mae = baseline;
  metrics.baseline_test_mae = baselineTest;
  console.log(`\nthe chapter's models against the common-sense baseline (val MAE ${fmt(baseline)}, test MAE ${fmt(baselineTest)}):`);
  console.log('model              epochs  best val MAE (epoch)  vs baseline  test MAE');
  for (const r of rows) {
    const gain = (100 * (r.bestVal - baseline)) / baseline;
    console.log(
      `${r.model.padEnd(18)} ${String(r.epochs).padStart(6)}  ${fmt(r.bestVal).padStart(12)} (${String(r.bestEpoch).padStart(2)})  ${`${gain >= 0 ? '+' : ''}${gain.toFixed(1)} %`.padStart(11)}  ${fmt(r.test)}`,
    );
  }
  report(metrics);
  return { metrics, parts };
}

/** How many validation windows the predictions-against-truth plot shows. */
const PLOTTED_WINDOWS = 256;

/**
 * The first validation windows' targets, the baseline's guess (the last value) and, given a model,
 * its predictions, in the series' own units (°C): the plot beside each run's record.
 */
async function validationSeries(
  s: Series,
  windows: Iterable<[Tensor, Tensor]>,
  toUnits: (v: number) => number,
  predict?: (samples: Tensor) => Promise<Float32Array | Int32Array>,
  label?: string,
): Promise<RecipeSeries> {
  const truth: number[] = [];
  const lastValue: number[] = [];
  const predicted: number[] = [];
  for (const [samples, targets] of windows) {
    const [n, T, F] = samples.shape as [number, number, number];
    const x = samples.dataSync();
    const y = targets.dataSync();
    for (let j = 0; j < n; j++) {
      truth.push(toUnits(y[j]!));
      lastValue.push(toUnits(x[(j * T + T - 1) * F + s.target]!));
    }
    if (predict) for (const v of await predict(samples)) predicted.push(toUnits(v));
    if (truth.length >= PLOTTED_WINDOWS) break;
  }
  return {
    title: `${s.name}: '${s.columns[s.target]}' on the first ${truth.length} validation windows`,
    truth,
    predictions: predict ? { [label ?? 'model']: predicted, baseline: lastValue } : { baseline: lastValue },
    xTitle: 'validation window',
    yTitle: `${s.columns[s.target]} (°C)`, // every series here is a temperature
  };
}

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const quick = options.quick ?? false;
  const modelName = options.extra?.model ?? 'gru';
  if (modelName === 'all') {
    if (options.extra?.checkpoint) throw new Error('jena: --checkpoint saves one model; give it with --model NAME, not --model all');
    return runAll(options);
  }
  setSeed(options.seed ?? 1234);
  const s = await loadSeries(options);
  banner(
    `jena: ${modelName} on ${s.name}`,
    [
      'seed 003 §6.3/6.4.4, book (Jena): baseline MAE 0.29 (2.57 °C); GRU val MAE ≈ 0.265 (2.35 °C); conv1d 0.40s',
      `series: ${s.rows} rows × ${s.features} features (${s.columns.join(', ')}); target '${s.columns[s.target]}'; lookback ${s.lookback}, step ${s.step}, delay ${s.delay}`,
    ],
    options,
  );
  const { mean, std } = normalize(s);
  const batchSize = 128;
  const floatData = new Tensor(s.data, [s.rows, s.features]);
  const gen = (minIndex: number, maxIndex: number | null, shuffle: boolean) =>
    timeseriesGenerator(floatData, {
      lookback: s.lookback,
      delay: s.delay,
      minIndex,
      maxIndex,
      shuffle,
      step: s.step,
      batchSize,
      targetColumn: s.target,
    });
  const reverse = modelName === 'gru-reversed';
  const maybeReversed = (g: ReturnType<typeof gen>) => (reverse ? reversedTime(g) : g);
  const trainGen = maybeReversed(gen(0, s.trainEnd, true));
  const valGen = maybeReversed(gen(s.valStart, s.valEnd, false));
  const testGen = maybeReversed(gen(s.testStart, null, false));
  let valSteps = Math.floor((s.valEnd - s.valStart - s.lookback) / batchSize);
  let testSteps = Math.floor((s.rows - s.testStart - s.lookback) / batchSize);
  if (quick) {
    valSteps = Math.min(valSteps, 4);
    testSteps = Math.min(testSteps, 4);
  }

  // code 6-35: the common-sense baseline (tomorrow = now)
  const naive = (g: ReturnType<typeof gen>, steps: number): number => naiveBatchMae(g, { column: s.target, steps });
  const baselineVal = naive(gen(s.valStart, s.valEnd, false), valSteps);
  const celsius = (v: number) => v * std[s.target]!;
  const inUnits = (v: number) => v * std[s.target]! + mean[s.target]!;
  console.log(`common-sense baseline: val MAE ${fmt(baselineVal)} = ${celsius(baselineVal).toFixed(2)} °C  (book, Jena: 0.29 = 2.57 °C)`);
  if (modelName === 'baseline') {
    const baselineTest = naive(gen(s.testStart, null, false), testSteps);
    console.log(`common-sense baseline: test MAE ${fmt(baselineTest)} = ${celsius(baselineTest).toFixed(2)} °C`);
    // Why a model can lose to it: the target's level and spread, and the baseline's error, in each split
    const train = targetStats(s, 0, s.trainEnd);
    const valStats = targetStats(s, s.valStart, s.valEnd);
    const test = targetStats(s, s.testStart, s.rows);
    for (const [label, t] of [
      ['training', train],
      ['validation', valStats],
      ['test', test],
    ] as const)
      console.log(
        `  ${label.padEnd(10)} rows: target mean ${t.mean >= 0 ? '+' : ''}${t.mean.toFixed(2)}, sd ${t.sd.toFixed(2)} (normalised); baseline MAE over every window ${fmt(t.baselineMae)}`,
      );
    const metrics = {
      baseline_val_mae: baselineVal,
      baseline_val_mae_degC: celsius(baselineVal),
      baseline_test_mae: baselineTest,
      baseline_train_mae: train.baselineMae,
      val_target_mean: valStats.mean,
      val_target_sd: valStats.sd,
    };
    report(metrics);
    return { metrics, series: [await validationSeries(s, gen(s.valStart, s.valEnd, false), inUnits)], settings: settingsOf(s, batchSize) };
  }

  const built = buildModel(modelName, s);
  let model = built.model;
  const epochs = options.epochs ?? (quick ? 2 : built.epochs);
  const stepsPerEpoch = Number(options.extra?.['steps-per-epoch'] ?? (quick ? 5 : (s.stepsPerEpoch ?? 500)));
  model.compile({ optimizer: optimizers.rmsprop(), loss: 'mae' });
  model.summary();
  // --checkpoint FILE: the 40-epoch models take hours on a busy 2-core machine; run them in parts
  const parts = await fitInParts(
    model,
    trainGen,
    undefined,
    { stepsPerEpoch, epochs, validationData: valGen, validationSteps: valSteps, verbose: defaultVerbose(options) },
    options.extra?.checkpoint,
  );
  model = parts.model as Sequential;
  const history = { history: parts.history };
  const testMae = (await model.evaluate(testGen, { steps: testSteps, verbose: 0 })) as number;

  const val = history.history.val_loss ?? [];
  const bestVal = Math.min(...val);
  const metrics = {
    loss: last(history.history, 'loss'),
    first_loss: history.history.loss?.[0] ?? Number.NaN,
    val_mae: last(history.history, 'val_loss'),
    best_val_mae: bestVal,
    best_val_mae_degC: celsius(bestVal),
    baseline_val_mae: baselineVal,
    test_mae: Array.isArray(testMae) ? (testMae[0] as number) : testMae,
  };
  console.log(
    `${modelName}: best val MAE ${fmt(bestVal)} = ${celsius(bestVal).toFixed(2)} °C (epoch ${val.indexOf(bestVal) + 1}) vs baseline ${fmt(baselineVal)} = ${celsius(baselineVal).toFixed(2)} °C; test MAE ${fmt(metrics.test_mae)}`,
  );
  report(metrics);
  const predict = async (samples: Tensor) => {
    const input = reverse ? [...reversedTime([[samples, samples]])][0]![0] : samples;
    return ((await model.predict(input, { verbose: 0 })) as Tensor).dataSync();
  };
  const series = await validationSeries(s, gen(s.valStart, s.valEnd, false), inUnits, predict, modelName);
  return {
    metrics,
    history: history.history,
    model,
    series: [series],
    settings: { ...settingsOf(s, batchSize), epochs, stepsPerEpoch },
    priorSeconds: parts.priorSeconds,
  };
}

/** The series and window settings a run's record keeps. */
function settingsOf(s: Series, batchSize: number): Record<string, unknown> {
  return {
    series: s.name,
    target: s.columns[s.target],
    rows: s.rows,
    features: s.features,
    lookback: s.lookback,
    step: s.step,
    delay: s.delay,
    train: [0, s.trainEnd],
    validation: [s.valStart, s.valEnd],
    test: [s.testStart, s.rows],
    batchSize,
    optimizer: 'rmsprop',
    loss: 'mae',
  };
}

main(meta, import.meta.url, run);
