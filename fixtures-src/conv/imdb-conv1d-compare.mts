// sunhwan side of the imdb-conv1d quick-run check (see imdb_conv1d_keras.py for the steps):
// --slice DIR writes the quick slice's first 128 training rows; --compare DIR loads Keras'
// initial weights into the recipe's model (the Conv1D fuses with the Embedding, as in the
// recipe), runs the same three RMSprop steps and prints both sides' losses.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Sequential, layers, optimizers, tensor } from '../../src/index.ts';
import { loadImdbPadded } from '../../recipes/common.ts';

const [mode, folder] = process.argv.slice(2);
if ((mode !== '--slice' && mode !== '--compare') || !folder) throw new Error('usage: imdb-conv1d-compare.mts --slice|--compare DIR');
const rows = 128;
const maxLen = 200;

if (mode === '--slice') {
  const data = await loadImdbPadded({ numWords: 10000, maxlen: maxLen, quick: true });
  mkdirSync(folder, { recursive: true });
  const x = Array.from(data.xTrain.dataSync()).slice(0, rows * maxLen);
  const y = Array.from(data.yTrain.dataSync()).slice(0, rows);
  writeFileSync(`${folder}/slice.json`, JSON.stringify({ x, y, shape: [rows, maxLen] }));
} else {
  const slice = JSON.parse(readFileSync(`${folder}/slice.json`, 'utf8')) as { x: number[]; y: number[]; shape: [number, number] };
  const keras = JSON.parse(readFileSync(`${folder}/keras.json`, 'utf8')) as Record<
    string,
    { weights: unknown[]; p0: number[]; losses: number[]; p1: number[] }
  >;
  const x = tensor(Int32Array.from(slice.x), slice.shape);
  const y = tensor(Float32Array.from(slice.y), [rows, 1]);
  const flat = (a: unknown): number[] => (Array.isArray(a) ? a.flatMap(flat) : [a as number]);
  const maxDiff = (a: Float32Array, b: number[]): number => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)));
  for (const [name, k] of Object.entries(keras)) {
    const model = new Sequential([
      layers.embedding({ inputDim: 10000, outputDim: 128, inputLength: maxLen }),
      layers.conv1d({ filters: 32, kernelSize: 7, activation: 'relu' }),
      layers.maxPooling1d({ poolSize: 5 }),
      layers.conv1d({ filters: 32, kernelSize: 7, activation: 'relu' }),
      layers.globalMaxPooling1d(),
      layers.dense({ units: 1 }),
    ]);
    const shapes = model.getWeights().map((w) => w.shape);
    model.setWeights(k.weights.map((w, i) => tensor(Float32Array.from(flat(w)), shapes[i]!)));
    model.compile({ optimizer: optimizers.rmsprop({ learningRate: 1e-4 }), loss: 'binary_crossentropy', kerasVersion: 3 });
    const p0 = ((await model.predict(x)) as { dataSync(): Float32Array }).dataSync();
    const history = await model.fit(x, y, { epochs: 3, batchSize: rows, shuffle: false, verbose: 0 });
    const p1 = ((await model.predict(x)) as { dataSync(): Float32Array }).dataSync();
    const fmt = (v: number[]): string => v.map((l) => l.toFixed(5)).join(' ');
    console.log(
      `${name.padEnd(8)} outputs before: max |sunhwan − Keras| ${maxDiff(p0, k.p0).toExponential(1)}; losses ${fmt(history.history.loss!)} (Keras ${fmt(k.losses)}); outputs after: max diff ${maxDiff(p1, k.p1).toExponential(1)}`,
    );
  }
}
