// Seed 002 (시작하세요! 텐서플로 2.0 프로그래밍, 7장 "LSTM 레이어"): the multiplication problem of the
// LSTM paper. Each sample is 100 random numbers with two of them marked; the target is the product
// of the two marked numbers.
//
//   for i in range(3000):
//       lst = np.random.rand(100)
//       idx = np.random.choice(100, 2, replace=False)
//       zeros = np.zeros(100); zeros[idx] = 1
//       X.append(np.array(list(zip(zeros, lst))))        # (100, 2): [marker, number]
//       Y.append(np.prod(lst[idx]))
//   model = tf.keras.Sequential([
//       tf.keras.layers.LSTM(units=30, return_sequences=True, input_shape=[100, 2]),
//       tf.keras.layers.LSTM(units=30),
//       tf.keras.layers.Dense(1)])
//   model.compile(optimizer='adam', loss='mse')
//   history = model.fit(X[:2560], Y[:2560], epochs=100, validation_split=0.2)
//   model.evaluate(X[2560:], Y[2560:])
//   # correct when |prediction - Y| <= 0.04, over the 440 test samples
//
// Book: 11,311 parameters (lstm 3,960, lstm_1 7,320, dense 31); epoch 100/100 loss 7.9022e-04,
// val_loss 0.0010; test loss 0.0011; "correctness: 83.86363636363636 %". With SimpleRNN instead,
// the book reports loss ≈ 0.025, val_loss ≈ 0.075 and ≈ 9 % correctness (use --cell simple_rnn).
//
// Run: npx tsx recipes/multiplication.ts [--quick] [--epochs N] [--cell lstm|simple_rnn|gru]
import { Random, Sequential, Tensor, layers, setSeed, tensor } from 'sunhwan';
import { banner, defaultVerbose, fmt, last, main, report, type RecipeMeta, type RecipeOptions, type RecipeResult } from './common.ts';

export function makeData(n: number, rng: Random): { X: Float32Array; Y: Float32Array } {
  const X = new Float32Array(n * 100 * 2);
  const Y = new Float32Array(n);
  for (let s = 0; s < n; s++) {
    const a = rng.int(100);
    let b = rng.int(99);
    if (b >= a) b++; // two distinct marked positions
    for (let t = 0; t < 100; t++) {
      const v = rng.next();
      X[(s * 100 + t) * 2] = t === a || t === b ? 1 : 0;
      X[(s * 100 + t) * 2 + 1] = v;
    }
    Y[s] = X[(s * 100 + a) * 2 + 1]! * X[(s * 100 + b) * 2 + 1]!;
  }
  return { X, Y };
}

export const meta: RecipeMeta = {
  name: 'multiplication',
  source: 'seed 002 (7장)',
  description: 'stacked LSTM on the multiplication problem of the LSTM paper',
};

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const quick = options.quick ?? false;
  const epochs = options.epochs ?? (quick ? 2 : 100);
  const cell = options.extra?.cell ?? 'lstm';
  const nTrain = quick ? 256 : 2560;
  const nTest = quick ? 64 : 440;
  banner(
    `multiplication: ${cell}(30, return_sequences) -> ${cell}(30) -> Dense(1), inputs (100, 2)`,
    ['seed 002 (7장), book (LSTM, 100 epochs): loss 7.9022e-04, val_loss 0.0010, test loss 0.0011, correctness 83.86 % (|err| <= 0.04)'],
    options,
  );
  setSeed(options.seed ?? 1234);

  const { X, Y } = makeData(nTrain + nTest, new Random(options.seed ?? 1234));
  const x = tensor(X, [nTrain + nTest, 100, 2]);
  const y = tensor(Y, [nTrain + nTest]);
  const xTrain = x.slice(0, nTrain);
  const yTrain = y.slice(0, nTrain);
  const xTest = x.slice(nTrain);
  const yTest = y.slice(nTrain);

  const rnn = (args: { units: number; returnSequences?: boolean; inputShape?: number[] }) =>
    cell === 'simple_rnn' ? layers.simpleRNN(args) : cell === 'gru' ? layers.gru(args) : layers.lstm(args);
  const model = new Sequential();
  model.add(rnn({ units: 30, returnSequences: true, inputShape: [100, 2] }));
  model.add(rnn({ units: 30 }));
  model.add(layers.dense({ units: 1 }));
  model.compile({ optimizer: 'adam', loss: 'mse' });
  model.summary();

  const history = await model.fit(xTrain, yTrain, { epochs, validationSplit: 0.2, verbose: defaultVerbose(options) });
  const testLoss = await model.evaluate(xTest, yTest);

  const pred = ((await model.predict(xTest)) as Tensor).dataSync();
  const truth = yTest.dataSync();
  for (let i = 0; i < 5; i++) console.log(`${truth[i]}\t ${pred[i]}\tdiff: ${Math.abs(pred[i]! - truth[i]!)}`);
  let fail = 0;
  for (let i = 0; i < nTest; i++) if (Math.abs(pred[i]! - truth[i]!) > 0.04) fail++;
  const correctness = ((nTest - fail) / nTest) * 100;
  console.log(`correctness: ${correctness} %  (book: 83.86363636363636 %)`);

  const metrics = {
    loss: last(history.history, 'loss'),
    first_loss: history.history.loss?.[0] ?? Number.NaN,
    val_loss: last(history.history, 'val_loss'),
    test_loss: Array.isArray(testLoss) ? (testLoss[0] as number) : (testLoss as number),
    correctness_pct: correctness,
  };
  console.log(`test loss ${fmt(metrics.test_loss)} (book 0.0011)`);
  report(metrics);
  return { metrics, history: history.history, model };
}

main(meta, import.meta.url, run);
