// Conv1D's work split across 2 threads in groups (samples, taps, row chunks; see
// runGroups in src/threads/index.ts) ends training with the same weights, bit for bit, as on one
// thread: the Embedding-fused path (gather by samples, scatter by taps) and the direct path
// (forward and dX by samples, dW by taps). Sizes are large enough to pass the policy's splitMinWork.
import { afterAll, describe, expect, it } from 'vitest';
import { engine } from '../../src/engine.ts';
import { layers, Sequential, setSeed, tensor, type Layer } from '../../src/index.ts';
import { closeThreads, poolFor, runGroups, setThreads } from '../../src/threads/index.ts';

afterAll(() => {
  setThreads(2);
  closeThreads();
});

const T = 200;
const N = 96;

interface Case {
  name: string;
  make: () => Layer[];
  x: () => ReturnType<typeof tensor>;
}

const cases: Case[] = [
  {
    name: 'Embedding → Conv1D (fused) → MaxPooling1D → Conv1D → GlobalMaxPooling1D → Dense',
    make: () => [
      layers.embedding({ inputDim: 300, outputDim: 16, inputLength: T }),
      // the fused backward's table blocks: 5 of them here (vocabulary 300), taken by 2 threads
      layers.conv1d({ filters: 32, kernelSize: 7, activation: 'relu', tableBlockRows: 64 }),
      layers.maxPooling1d({ poolSize: 5 }),
      layers.conv1d({ filters: 32, kernelSize: 7, activation: 'relu' }),
      layers.globalMaxPooling1d({}),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
    x: () =>
      tensor(
        new Int32Array(N * T).map((_, i) => (i * 7919) % 300),
        [N, T],
      ),
  },
  {
    name: "float input → Conv1D ('same', dilation 2, strides 1) → Conv1D (causal) → GlobalAveragePooling1D → Dense",
    make: () => [
      layers.conv1d({ filters: 24, kernelSize: 5, padding: 'same', dilationRate: 2, activation: 'tanh', inputShape: [T, 12] }),
      layers.conv1d({ filters: 16, kernelSize: 3, padding: 'causal', activation: 'relu' }),
      layers.globalAveragePooling1d({}),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
    x: () =>
      tensor(
        new Float32Array(N * T * 12).map((_, i) => Math.sin(i * 0.37)),
        [N, T, 12],
      ),
  },
];

async function train(c: Case, threads: number): Promise<Float32Array[]> {
  setThreads(threads);
  setSeed(11);
  const model = new Sequential({ layers: c.make() });
  model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy' });
  const y = tensor(
    new Float32Array(N).map((_, i) => i % 2),
    [N, 1],
  );
  const x = c.x();
  await model.fit(x, y, { epochs: 2, batchSize: 48, verbose: 0, shuffle: false, seed: 5 });
  const predictions = (await model.predict(x, { batchSize: 48 })) as { dataSync(): Float32Array };
  return [...model.getWeights().map((w) => w.dataSync() as Float32Array), predictions.dataSync()];
}

describe('group-split Conv1D', () => {
  for (const c of cases) {
    it(`${c.name}: 2 threads give the same weights and predictions as 1, bit for bit`, async () => {
      const one = await train(c, 1);
      const two = await train(c, 2);
      expect(two.length).toBe(one.length);
      one.forEach((w, i) => expect(Array.from(two[i]!)).toEqual(Array.from(w)));
    });
  }

  it('the groups really ran on the pool (when the kernels are WebAssembly)', async () => {
    if (engine().name === 'reference') return; // threads are off with the reference kernels
    setThreads(2);
    const pool = poolFor(engine());
    expect(pool).not.toBeNull();
    const before = pool!.runs;
    await train(cases[0]!, 2);
    expect(pool!.runs).toBeGreaterThan(before);
  });

  it('names a call that cannot be deferred to a worker (a kernel written in TypeScript)', () => {
    if (engine().name === 'reference') return;
    setThreads(2);
    const k = engine();
    expect(() => runGroups(k, 2, 1e9, (calls) => calls.call('avgPool1dGrad', 0, 1, 1, 1, 1, 1, 1, 0, 0))).toThrow(
      'threads: avgPool1dGrad cannot run inside a split group (no wasm export taking its arguments)',
    );
  });
});
