// The demo page: trains the sine-wave forecaster and a character-level LSTM in the page on the
// WebAssembly kernels (threads when the page is cross-origin isolated), draws the loss per batch
// live with uPlot, and samples text at a chosen temperature. Bundled by serve.ts with esbuild.

import uPlot from 'uplot';
import {
  getThreads,
  layers,
  optimizers,
  Sequential,
  setBackendAsync,
  setSeed,
  setThreads,
  startThreads,
  tensor,
  type Tensor,
} from '../../src/index.browser.ts';
import { sample } from '../../src/preprocessing/index.ts';
import { CORPUS } from './corpus.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** What the page did, for people (the status lines) and for the browser test (window.demo). */
const state = {
  ready: false,
  kernels: '',
  threads: 1,
  sine: { losses: [] as number[], done: false },
  text: { losses: [] as number[], done: false },
  generated: '',
};
(window as unknown as { demo: typeof state }).demo = state;

/** A live loss-per-batch chart; add() appends a point, redrawn at most every 200 ms. */
function lossChart(target: HTMLElement, title: string) {
  const xs: number[] = [];
  const ys: number[] = [];
  const plot = new uPlot(
    {
      title,
      width: Math.min(900, target.clientWidth || 900),
      height: 220,
      scales: { x: { time: false } },
      series: [{ label: 'batch' }, { label: 'loss', stroke: '#1f77b4', width: 1.5 }],
      axes: [{ label: 'batch' }, { label: 'loss' }],
    },
    [xs, ys],
    target,
  );
  let last = 0;
  return {
    add(loss: number) {
      xs.push(xs.length + 1);
      ys.push(loss);
      const now = performance.now();
      if (now - last > 200) {
        last = now;
        plot.setData([xs, ys]);
      }
    },
    flush: () => plot.setData([xs, ys]),
  };
}

/** fit() runs its batches back to back; a turn of the event loop every 50 ms lets the page paint. */
function liveCallback(onLoss: (loss: number) => void) {
  let lastTurn = performance.now();
  return {
    onBatchEnd(_batch: number, logs: Record<string, number>) {
      onLoss(logs.loss!);
      if (performance.now() - lastTurn < 50) return;
      lastTurn = performance.now();
      return new Promise<void>((resolve) => setTimeout(resolve, 0));
    },
  };
}

async function trainSine(): Promise<void> {
  $<HTMLButtonElement>('train-sine').disabled = true;
  setSeed(15);
  const wave = Array.from({ length: 1000 }, (_, i) => Math.sin(Math.PI * i * 0.01));
  const n = wave.length - 10;
  const x = new Float32Array(n * 10);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 10; j++) x[i * 10 + j] = wave[i + j]!;
    y[i] = wave[i + 10]!;
  }
  const model = new Sequential([layers.simpleRNN({ units: 10, inputShape: [10, 1] }), layers.dense({ units: 1, activation: 'tanh' })]);
  model.compile({ optimizer: 'adam', loss: 'mse' });
  const chart = lossChart($('sine-chart'), 'sine forecaster: loss per batch');
  const epochs = 20;
  const started = performance.now();
  await model.fit(tensor(x, [n, 10, 1]), tensor(y, [n, 1]), {
    epochs,
    batchSize: 32,
    verbose: 0,
    callbacks: [
      liveCallback((loss) => {
        state.sine.losses.push(loss);
        chart.add(loss);
      }),
      {
        onEpochEnd: (epoch: number, logs: Record<string, number>) =>
          void ($('sine-status').textContent = `epoch ${epoch + 1}/${epochs}, loss ${logs.loss!.toExponential(3)}`),
      },
    ],
  });
  chart.flush();
  const predicted = ((await model.predict(tensor(x, [n, 10, 1]), { verbose: 0 })) as Tensor).dataSync();
  new uPlot(
    {
      title: 'forecast vs truth',
      width: Math.min(900, $('sine-forecast').clientWidth || 900),
      height: 200,
      scales: { x: { time: false } },
      series: [{}, { label: 'truth', stroke: '#1f77b4' }, { label: 'forecast', stroke: '#ff7f0e', dash: [6, 4] }],
    },
    [Array.from({ length: n }, (_, i) => i), Array.from(y), Array.from(predicted)],
    $('sine-forecast'),
  );
  $('sine-status').textContent += ` — ${((performance.now() - started) / 1000).toFixed(1)} s`;
  state.sine.done = true;
  $<HTMLButtonElement>('train-sine').disabled = false;
}

const chars = [...new Set(CORPUS)].sort();
const index = new Map(chars.map((c, i) => [c, i]));
const WINDOW = 20;
let textModel: Sequential | null = null;

function oneHot(windows: string[]): Tensor {
  const x = new Float32Array(windows.length * WINDOW * chars.length);
  windows.forEach((w, s) => [...w].forEach((c, t) => (x[(s * WINDOW + t) * chars.length + index.get(c)!] = 1)));
  return tensor(x, [windows.length, WINDOW, chars.length]);
}

async function trainText(): Promise<void> {
  $<HTMLButtonElement>('train-text').disabled = true;
  setSeed(2);
  const windows: string[] = [];
  const next = new Float32Array(Math.ceil((CORPUS.length - WINDOW) / 3) * chars.length);
  for (let i = 0, s = 0; i + WINDOW < CORPUS.length; i += 3, s++) {
    windows.push(CORPUS.slice(i, i + WINDOW));
    next[s * chars.length + index.get(CORPUS[i + WINDOW]!)!] = 1;
  }
  const model = new Sequential([
    layers.lstm({ units: 64, inputShape: [WINDOW, chars.length] }),
    layers.dense({ units: chars.length, activation: 'softmax' }),
  ]);
  model.compile({ optimizer: optimizers.rmsprop({ learningRate: 0.01 }), loss: 'categorical_crossentropy' }); // as Keras' example
  const chart = lossChart($('text-chart'), 'character generator: loss per batch');
  const epochs = 20;
  const started = performance.now();
  await model.fit(oneHot(windows), tensor(next.subarray(0, windows.length * chars.length), [windows.length, chars.length]), {
    epochs,
    batchSize: 128,
    verbose: 0,
    callbacks: [
      liveCallback((loss) => {
        state.text.losses.push(loss);
        chart.add(loss);
      }),
      {
        onEpochEnd: (epoch: number, logs: Record<string, number>) =>
          void ($('text-status').textContent = `epoch ${epoch + 1}/${epochs}, loss ${logs.loss!.toFixed(4)}`),
      },
    ],
  });
  chart.flush();
  $('text-status').textContent += ` — ${((performance.now() - started) / 1000).toFixed(1)} s`;
  textModel = model;
  state.text.done = true;
  $<HTMLButtonElement>('train-text').disabled = false;
  $<HTMLButtonElement>('generate').disabled = false;
}

async function generate(): Promise<void> {
  if (!textModel) return;
  const temperature = Number($<HTMLInputElement>('temperature').value);
  const start = Math.floor(Math.random() * (CORPUS.length - WINDOW));
  let text = CORPUS.slice(start, start + WINDOW);
  for (let i = 0; i < 200; i++) {
    const p = ((await textModel.predict(oneHot([text.slice(-WINDOW)]), { verbose: 0 })) as Tensor).dataSync();
    text += chars[sample(p, temperature)];
  }
  state.generated = text;
  $('generated').textContent = `temperature ${temperature}: “${text.slice(0, WINDOW)}” → ${text.slice(WINDOW)}`;
}

$('temperature').addEventListener('input', () => ($('temperature-value').textContent = $<HTMLInputElement>('temperature').value));
$('train-sine').addEventListener('click', () => void trainSine());
$('train-text').addEventListener('click', () => void trainText());
$('generate').addEventListener('click', () => void generate());

const kernels = await setBackendAsync('auto');
if (self.crossOriginIsolated) {
  setThreads(Math.min(4, navigator.hardwareConcurrency || 1));
  await startThreads();
}
state.kernels = kernels.name;
state.threads = getThreads();
$('env').textContent =
  `kernels: ${kernels.name} (WebAssembly${kernels.name.includes('simd') ? ' SIMD' : ''}), ${state.threads} thread${state.threads === 1 ? '' : 's'}${self.crossOriginIsolated ? ' (cross-origin isolated: shared memory)' : ' (not cross-origin isolated: one thread)'}`;
for (const id of ['train-sine', 'train-text']) $<HTMLButtonElement>(id).disabled = false;
state.ready = true;
