// The sine-wave forecaster of the textbook's chapter 11 (seed 004), with the public API.
// Keras original:
//   def make_sample(data, window):
//       train, target = [], []
//       for i in range(len(data)-window):
//           train.append(data[i:i+window]); target.append(data[i+window])
//       return np.array(train), np.array(target)
//   seq_data = [[np.sin(np.pi * i * 0.01)] for i in np.arange(0, 1000)]
//   X, y = make_sample(seq_data, 10)
//   model = Sequential()
//   model.add(SimpleRNN(10, activation='tanh', input_shape=(10, 1)))
//   model.add(Dense(1, activation='tanh'))
//   model.compile(optimizer='adam', loss='mse')
//   history = model.fit(X, y, epochs=100, verbose=1)
//   # then predict the cosine wave with the same model
//
// Run: npm run demo:sine   (SUNHWAN_EPOCHS=20 for a shorter run)

import { layers, makeSamples, plotHistory, Sequential, setSeed, type Tensor } from '../src/index.ts';

const wave = (f: (v: number) => number): number[] => Array.from({ length: 1000 }, (_, i) => f(Math.PI * i * 0.01));

setSeed(15);
const [x, y] = makeSamples(wave(Math.sin), 10);

const model = new Sequential();
model.add(layers.simpleRNN({ units: 10, activation: 'tanh', inputShape: [10, 1] }));
model.add(layers.dense({ units: 1, activation: 'tanh' }));
model.compile({ optimizer: 'adam', loss: 'mse' });
model.summary();

const epochs = Number(process.env.SUNHWAN_EPOCHS ?? 100);
const started = performance.now();
const history = await model.fit(x, y, { epochs, batchSize: 32, verbose: 1 });
const seconds = (performance.now() - started) / 1000;
const finalLoss = history.history.loss!.at(-1)!;
console.log(`\nfinal training loss: ${finalLoss.toExponential(4)} after ${epochs} epochs in ${seconds.toFixed(1)}s\n`);
// plt.plot(history.history['loss'], label="loss")
console.log(plotHistory(history, { keys: ['loss'], logScale: true, height: 8, colors: Boolean(process.stdout.isTTY) }));

// the cosine wave was never seen in training
const [xTest, yTest] = makeSamples(wave(Math.cos), 10);
const predicted = (await model.predict(xTest, { verbose: 0 })) as Tensor;
const p = predicted.dataSync();
const t = yTest.dataSync();
let mse = 0;
for (let i = 0; i < p.length; i++) mse += (p[i]! - t[i]!) ** 2;
mse /= p.length;
console.log(`\ncosine-wave test MSE: ${mse.toExponential(4)} over ${p.length} windows`);
for (const i of [0, 250, 500, 750])
  console.log(`  t=${(Math.PI * (i + 10) * 0.01).toFixed(2)}  true ${t[i]!.toFixed(4)}  predicted ${p[i]!.toFixed(4)}`);
