// Seed 004 (11장 순환 신경망), "예제: 사인파 예측 프로그램".
//
//   seq_data = [[np.sin(np.pi * i * 0.01)] for i in range(1000)]
//   X, y = make_sample(seq_data, 10)                       # (990, 10, 1), (990, 1)
//   model = Sequential()
//   model.add(SimpleRNN(10, activation='tanh', input_shape=(10, 1)))
//   model.add(Dense(1, activation='tanh'))
//   model.compile(optimizer='adam', loss='mse')
//   history = model.fit(X, y, epochs=100, verbose=1)      # batch_size 32 -> 31 steps per epoch
//   # then the same model predicts the cosine wave (never seen in training)
//
// The book's log: "Epoch 100/100 31/31 - loss: 5.4923e-04" (epoch 99: 5.6981e-04); the cosine
// test is shown as a plot only (prediction on top of the true curve).
//
// Run: npx tsx recipes/sine-wave.ts [--quick] [--epochs N] [--plot /tmp/sine]   (npm run recipe:sine-wave)
// --plot P writes the book's figures as P-history.svg (loss) and P-cosine.svg.
import { Sequential, Tensor, layers, setSeed } from 'sunhwan';
import { makeSamples } from 'sunhwan/preprocessing';
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

function wave(fn: (x: number) => number): Float32Array {
  const seq = new Float32Array(1000);
  for (let i = 0; i < 1000; i++) seq[i] = fn(Math.PI * i * 0.01);
  return seq;
}

export const meta: RecipeMeta = {
  name: 'sine-wave',
  source: 'seed 004 (11장)',
  description: 'SimpleRNN learns a sine wave and predicts the cosine',
};

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const epochs = options.epochs ?? (options.quick ? 3 : 100);
  banner(
    'sine-wave: SimpleRNN(10) + Dense(1, tanh) on sin(πi/100), tested on the cosine',
    ['seed 004 (11장), book: epoch 100/100 loss 5.4923e-04; cosine test shown as a plot'],
    options,
  );
  setSeed(options.seed ?? 1234);

  const [X, y] = makeSamples(wave(Math.sin), 10);
  console.log(`X: [${X.shape.join(', ')}]  y: [${y.shape.join(', ')}]`);

  const model = new Sequential();
  model.add(layers.simpleRNN({ units: 10, activation: 'tanh', inputShape: [10, 1] }));
  model.add(layers.dense({ units: 1, activation: 'tanh' }));
  model.compile({ optimizer: 'adam', loss: 'mse' });
  model.summary();

  const history = await model.fit(X, y, { epochs, verbose: defaultVerbose(options) });

  // the cosine: same window, never seen in training
  const [Xc, yc] = makeSamples(wave(Math.cos), 10);
  const yPred = (await model.predict(Xc, { verbose: 0 })) as Tensor;
  const cos = errors(yPred, yc);
  const sin = errors((await model.predict(X, { verbose: 0 })) as Tensor, y);
  const p = yPred.dataSync();
  const t = yc.dataSync();
  console.log('cosine, first 5 (true -> predicted):', [0, 1, 2, 3, 4].map((i) => `${t[i]!.toFixed(3)}->${p[i]!.toFixed(3)}`).join('  '));

  // the book's two figures: the loss curve, and the prediction on the cosine against the truth
  const plot = options.extra?.plot;
  if (plot) {
    const xAxis = Array.from({ length: p.length }, (_, i) => Math.PI * i * 0.01);
    console.log(`plot: ${savePlot(`${plot}-cosine.svg`, 'cosine: prediction vs truth', { y_pred: p, y: t }, xAxis)}`);
  }

  const metrics = {
    loss: last(history.history, 'loss'),
    first_loss: history.history.loss?.[0] ?? Number.NaN,
    sine_mse: sin.mse,
    cosine_mse: cos.mse,
    cosine_mae: cos.mae,
  };
  console.log(`final training loss: ${fmt(metrics.loss)} (book: 5.4923e-04 after 100 epochs); cosine test mse: ${fmt(cos.mse)}`);
  report(metrics);
  const cosine = {
    title: 'cosine: prediction vs truth',
    xTitle: 'x = πi/100',
    truth: t,
    predictions: { y_pred: p },
    x: Array.from({ length: p.length }, (_, i) => Math.PI * i * 0.01),
  };
  return { metrics, history: history.history, model, series: [cosine], settings: { epochs, samples: X.shape[0], window: 10 } };
}

main(meta, import.meta.url, run);
