// Seed 004 (11장 순환 신경망, "예제: Keras를 이용한 주가 예측"): Samsung Electronics (005930) opening
// prices from 2016, MinMaxScaler, 30-day windows, LSTM(16) + Dense(1), tested on the last 200 days.
//
//   samsung = fdr.DataReader('005930', '2016')
//   openValues = samsung[['Open']]
//   scaler = MinMaxScaler(feature_range=(0, 1)); scaled = scaler.fit_transform(openValues)
//   TEST_SIZE = 200
//   train_data = scaled[:-TEST_SIZE]; test_data = scaled[-TEST_SIZE:]
//   X_train, y_train = make_sample(train_data, 30)
//   model = Sequential()
//   model.add(LSTM(16, input_shape=(X_train.shape[1], 1), activation='tanh', return_sequences=False))
//   model.add(Dense(1))
//   model.compile(optimizer='adam', loss='mean_squared_error')
//   model.fit(X_train, y_train, epochs=100, batch_size=16)
//   X_test, y_test = make_sample(test_data, 30)
//   pred = model.predict(X_test)                     # plotted against y_test
//
// Book: the result is a plot only (predicted vs true opening price). This recipe prints the test
// MSE in scaled units and the RMSE/MAE in won. As in the book the scaler is fitted on all rows,
// test days included (the book's choice; it leaks the test range into the scaling).
// DATA: the shared CSV ends 2024-06-28 (FinanceDataReader's output, adjusted for the 2018 50:1
// split), so "from 2016" is 2016-01-04 … 2024-06-28 here.
//
// Run: npx tsx recipes/stock-lstm.ts [--quick] [--epochs N] [--plot /tmp/stock]  (P-test.svg: the book's figure)
import { Sequential, Tensor, layers, setSeed } from 'sunhwan';
import { MinMaxScaler, makeSamples } from 'sunhwan/preprocessing';
import { stocks } from 'sunhwan/datasets';
import {
  banner,
  defaultVerbose,
  errors,
  fmt,
  last,
  main,
  report,
  savePlot,
  type RecipeMeta,
  type RecipeOptions,
  type RecipeResult,
} from './common.ts';

export const meta: RecipeMeta = {
  name: 'stock-lstm',
  source: 'seed 004 (11장)',
  description: 'Samsung stock opening prices: 30-day windows, LSTM(16)',
};

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const quick = options.quick ?? false;
  const epochs = options.epochs ?? (quick ? 2 : 100);
  banner(
    'stock-lstm: Samsung 005930 Open from 2016, MinMaxScaler, window 30, LSTM(16) + Dense(1)',
    ['seed 004 (11장), book: a plot of predicted vs true prices on the last 200 days (no figure)'],
    options,
  );
  setSeed(options.seed ?? 1234);

  const samsung = await stocks.loadData('005930', { start: '2016' });
  console.log(`${samsung.dates.length} days, ${samsung.dates[0]} … ${samsung.dates[samsung.dates.length - 1]}`);
  const openValues = samsung.column('Open');
  const scaler = new MinMaxScaler({ featureRange: [0, 1] });
  const scaled = scaler.fitTransform(openValues);

  const TEST_SIZE = 200;
  const n = scaled.shape[0]!;
  const trainData = scaled.slice(quick ? n - TEST_SIZE - 300 : 0, n - TEST_SIZE);
  const testData = scaled.slice(n - TEST_SIZE);
  const [xTrain, yTrain] = makeSamples(trainData, 30);

  const model = new Sequential();
  model.add(layers.lstm({ units: 16, inputShape: [xTrain.shape[1]!, 1], activation: 'tanh', returnSequences: false }));
  model.add(layers.dense({ units: 1 }));
  model.compile({ optimizer: 'adam', loss: 'mean_squared_error' });
  model.summary();
  const history = await model.fit(xTrain, yTrain, { epochs, batchSize: 16, verbose: defaultVerbose(options) });

  const [xTest, yTest] = makeSamples(testData, 30);
  const pred = (await model.predict(xTest)) as Tensor;
  const scaledErr = errors(pred, yTest);
  const won = errors(scaler.inverseTransform(pred), scaler.inverseTransform(yTest));
  const p = scaler.inverseTransform(pred).dataSync();
  const t = scaler.inverseTransform(yTest).dataSync();
  console.log(
    'last 5 test days (true -> predicted, won):',
    [5, 4, 3, 2, 1].map((k) => `${Math.round(t[t.length - k]!)}->${Math.round(p[p.length - k]!)}`).join('  '),
  );

  if (options.extra?.plot)
    console.log(
      `plot: ${savePlot(`${options.extra.plot}-test.svg`, 'stock price vs predicted stock price (won)', { 'stock price': t, 'predicted stock price': p })}`,
    );

  const metrics = {
    loss: last(history.history, 'loss'),
    first_loss: history.history.loss?.[0] ?? Number.NaN,
    test_mse_scaled: scaledErr.mse,
    test_rmse_won: Math.sqrt(won.mse),
    test_mae_won: won.mae,
  };
  console.log(
    `test (${yTest.shape[0]} days): mse ${fmt(scaledErr.mse)} scaled; rmse ${(won.mse ** 0.5) | 0} won, mae ${won.mae | 0} won (book: plot only)`,
  );
  report(metrics);
  const test = {
    title: 'stock price vs predicted stock price (won)',
    truth: t,
    predictions: { 'predicted stock price': p },
    xTitle: 'test day',
    yTitle: 'won',
  };
  return {
    metrics,
    history: history.history,
    model,
    series: [test],
    settings: { epochs, batchSize: 16, window: 30, trainWindows: xTrain.shape[0], testDays: yTest.shape[0] },
  };
}

main(meta, import.meta.url, run);
