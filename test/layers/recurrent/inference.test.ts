// The inference path (training false: one sequence kernel call per row range, nothing kept
// for backward; src/layers/recurrent/inference.ts) gives the training forward's outputs, up to
// float32 rounding: per layer and option, Embedding-fused, one-hot, float and masked inputs,
// Bidirectional's concurrent directions, on every kernel set, on 1 and 2 threads.
import { afterAll, expect, it } from 'vitest';
import { engine } from '../../../src/engine.ts';
import { layers, Sequential, setSeed, tensor, type Layer } from '../../../src/index.ts';
import { RNNBase } from '../../../src/layers/recurrent/base.ts';
import type { InferencePath } from '../../../src/layers/recurrent/options.ts';
import { Bidirectional } from '../../../src/layers/wrappers/bidirectional.ts';
import { closeThreads, setThreads } from '../../../src/threads/index.ts';
import { describeKernels, expectClose } from '../layer-test.ts';
import { put, randomArray, read, Random } from './helpers.ts';

afterAll(() => {
  setThreads(2);
  closeThreads();
});

const T = 11;
const N = 37; // ragged against the 4-row split
const V = 30;

type Input = 'ids' | 'ids-masked' | 'floats' | 'one-hot';
const cases: Array<[string, Input, () => Layer[]]> = [
  ['Embedding → LSTM', 'ids', () => [layers.embedding({ inputDim: V, outputDim: 6, inputLength: T }), layers.lstm({ units: 9 })]],
  [
    'Embedding(maskZero) → GRU(returnSequences, goBackwards)',
    'ids-masked',
    () => [
      layers.embedding({ inputDim: V, outputDim: 6, maskZero: true, inputLength: T }),
      layers.gru({ units: 8, returnSequences: true, goBackwards: true }),
    ],
  ],
  ['SimpleRNN(relu) on floats', 'floats', () => [layers.simpleRNN({ units: 7, activation: 'relu', inputShape: [T, 5] })]],
  [
    'GRU(reset after) → GRU(reset before), stacked',
    'floats',
    () => [layers.gru({ units: 6, returnSequences: true, inputShape: [T, 5] }), layers.gru({ units: 5, resetAfter: false } as never)],
  ],
  [
    'one-hot → LSTM(returnSequences) → Dense',
    'one-hot',
    () => [layers.lstm({ units: 12, returnSequences: true, inputShape: [T, 5] }), layers.dense({ units: 3 })],
  ],
  [
    'Embedding → Bidirectional(LSTM, concat, returnSequences)',
    'ids',
    () => [
      layers.embedding({ inputDim: V, outputDim: 6, inputLength: T }),
      layers.bidirectional({ layer: layers.lstm({ units: 5, returnSequences: true }) }),
    ],
  ],
  [
    'Embedding(maskZero) → Bidirectional(GRU, sum)',
    'ids-masked',
    () => [
      layers.embedding({ inputDim: V, outputDim: 6, maskZero: true, inputLength: T }),
      layers.bidirectional({ layer: layers.gru({ units: 7 }), mergeMode: 'sum' }),
    ],
  ],
  [
    'Bidirectional(SimpleRNN) on floats',
    'floats',
    () => [layers.bidirectional({ layer: layers.simpleRNN({ units: 4 }), inputShape: [T, 5] })],
  ],
];

function inputs(kind: Input): ReturnType<typeof tensor> {
  const rng = new Random(3);
  if (kind === 'ids' || kind === 'ids-masked') {
    // masked rows: trailing padding of varying length, one row all padding
    const ids = Array.from({ length: N * T }, (_, i) => {
      const [row, t] = [Math.floor(i / T), i % T];
      if (kind === 'ids-masked' && (row === 3 || t >= T - (row % 5))) return 0;
      return 1 + Math.floor(rng.next() * (V - 1));
    });
    return tensor(ids, [N, T]);
  }
  if (kind === 'one-hot') {
    const x = new Float32Array(N * T * 5);
    for (let i = 0; i < N * T; i++) x[i * 5 + Math.floor(rng.next() * 5)] = 1;
    return tensor(x, [N, T, 5]);
  }
  return tensor(randomArray(N * T * 5, rng, 2), [N, T, 5]);
}

/** Sets the inferencePath option of every recurrent layer in `list`, Bidirectional's two included. */
function withPath(list: Layer[], path: InferencePath): Layer[] {
  for (const layer of list) {
    if (layer instanceof RNNBase) layer.inferencePath = path;
    if (layer instanceof Bidirectional) withPath([layer.forwardLayer, layer.backwardLayer], path);
  }
  return list;
}

async function predict(make: () => Layer[], kind: Input, path: InferencePath): Promise<Float32Array> {
  setSeed(11);
  const model = new Sequential({ layers: withPath(make(), path) });
  const out = (await model.predict(inputs(kind), { batchSize: 32 })) as { dataSync(): Float32Array };
  return out.dataSync();
}

describeKernels('recurrent inference path', (set) => {
  for (const threads of [1, 2]) {
    for (const [name, kind, make] of cases) {
      it(`${name}: predict equals the training forward (${threads} thread${threads > 1 ? 's' : ''})`, async () => {
        setThreads(threads);
        const want = await predict(make, kind, 'never');
        const got = await predict(make, kind, 'auto');
        expectClose(got, want, set.name === 'reference' ? 1e-6 : 2e-6, name);
      });
    }
  }

  it('returnState: the final h and c; a backward after an inference call recomputes what it needs', () => {
    const k = engine();
    const rng = new Random(5);
    const x = randomArray(6 * T * 5, rng);
    const mask = Array.from({ length: 6 * T }, (_, i) => (i % 7 === 3 ? 0 : 1));
    const run = (path: InferencePath): Float32Array[] => {
      setSeed(2);
      const layer = layers.lstm({ units: 6, returnState: true, inferencePath: path });
      const outs = layer.forward([put(k, x, [6, T, 5], mask)], { training: false, rng: new Random(1) });
      const values = outs.map((o) => read(k, o));
      const dOut = k.heap.alloc(6 * 6);
      k.heap.view(dOut).fill(1);
      const [dx] = layer.backward([dOut, null, null], { needInputGrads: [true] });
      return [...values, read(k, dx!), ...layer.weights.map((w) => k.heap.view(w.grad).slice())];
    };
    const want = run('never');
    const got = run('auto');
    expect(got.length).toBe(4 + 3);
    for (const [i, w] of want.entries()) expectClose(got[i]!, w, 2e-6, `output ${i}`);
  });
});
