// The small training run every consumer program does (plain JavaScript, shared by the ESM,
// CommonJS and browser programs): a SimpleRNN learns the next value of a sine wave.
export async function trainSine({ layers, Sequential, setSeed, tensor }, epochs = 8) {
  setSeed(1);
  const wave = Array.from({ length: 200 }, (_, i) => Math.sin(Math.PI * i * 0.03));
  const n = wave.length - 10;
  const x = new Float32Array(n * 10);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 10; j++) x[i * 10 + j] = wave[i + j];
    y[i] = wave[i + 10];
  }
  const model = new Sequential([layers.simpleRNN({ units: 8, inputShape: [10, 1] }), layers.dense({ units: 1, activation: 'tanh' })]);
  model.compile({ optimizer: 'adam', loss: 'mse' });
  const history = await model.fit(tensor(x, [n, 10, 1]), tensor(y, [n, 1]), { epochs, batchSize: 32, verbose: 0 });
  const loss = history.history.loss;
  return { model, firstLoss: loss[0], lastLoss: loss[loss.length - 1] };
}
