// Recurrent layers trained with their time loops batch-split across 2 threads end with the
// same weights, bit for bit, as on one thread (masking, dropout, GRU variants, Bidirectional,
// ragged batches included).
import { afterAll, describe, expect, it } from 'vitest';
import { engine } from '../../src/engine.ts';
import { layers, Sequential, setSeed, tensor, type Layer } from '../../src/index.ts';
import { closeThreads, DEFAULT_POLICY, poolFor, setThreads } from '../../src/threads/index.ts';

/** Small layers split too (the default policy keeps loops this small on one thread). */
const threadPolicy = { ...DEFAULT_POLICY, rowLoopMinWork: 0, nativeRowLoopMinWork: 0 };

afterAll(() => {
  setThreads(2);
  closeThreads();
});

interface Case {
  name: string;
  make: () => Layer[];
  loss: string;
  outputs: number;
}

const T = 12;
const cases: Case[] = [
  {
    name: 'Embedding(maskZero) → LSTM(dropout, recurrentDropout) → Dense(sigmoid)',
    make: () => [
      layers.embedding({ inputDim: 50, outputDim: 8, maskZero: true, inputLength: T }),
      layers.lstm({ units: 10, threadPolicy, dropout: 0.2, recurrentDropout: 0.3 }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
    loss: 'binary_crossentropy',
    outputs: 1,
  },
  {
    name: 'Embedding → GRU (reset after) → Dense',
    make: () => [
      layers.embedding({ inputDim: 50, outputDim: 8, inputLength: T }),
      layers.gru({ units: 12, threadPolicy }),
      layers.dense({ units: 1 }),
    ],
    loss: 'mae',
    outputs: 1,
  },
  {
    name: 'Embedding → GRU (reset before, recurrentDropout) → Dense',
    make: () => [
      layers.embedding({ inputDim: 50, outputDim: 8, inputLength: T }),
      layers.gru({ units: 8, threadPolicy, resetAfter: false, recurrentDropout: 0.2 } as never),
      layers.dense({ units: 1 }),
    ],
    loss: 'mse',
    outputs: 1,
  },
  {
    name: 'Embedding → SimpleRNN(returnSequences) → SimpleRNN → Dense(softmax)',
    make: () => [
      layers.embedding({ inputDim: 50, outputDim: 6, inputLength: T }),
      layers.simpleRNN({ units: 9, threadPolicy, returnSequences: true }),
      layers.simpleRNN({ units: 7, threadPolicy }),
      layers.dense({ units: 4, activation: 'softmax' }),
    ],
    loss: 'categorical_crossentropy',
    outputs: 4,
  },
  {
    name: 'Embedding(maskZero) → Bidirectional(LSTM) → Dense(sigmoid)',
    make: () => [
      layers.embedding({ inputDim: 50, outputDim: 8, maskZero: true, inputLength: T }),
      layers.bidirectional({ layer: layers.lstm({ units: 6, threadPolicy }) }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
    loss: 'binary_crossentropy',
    outputs: 1,
  },
];

function data(n: number, outputs: number): [ReturnType<typeof tensor>, ReturnType<typeof tensor>] {
  const ids = new Int32Array(n * T).map((_, i) => ((i * 7919) % 53) % 50);
  for (let r = 0; r < n; r += 3) ids.fill(0, r * T, r * T + (r % T)); // leading padding on some rows
  const y = new Float32Array(n * outputs);
  for (let r = 0; r < n; r++) y[r * outputs + (r % outputs)] = outputs === 1 ? r % 2 : 1;
  return [tensor(ids, [n, T]), tensor(y, [n, outputs])];
}

async function train(c: Case, threads: number, batchSize: number): Promise<Float32Array[]> {
  setThreads(threads);
  setSeed(7);
  const model = new Sequential({ layers: c.make() });
  model.compile({ optimizer: 'rmsprop', loss: c.loss });
  const [x, y] = data(70, c.outputs);
  await model.fit(x, y, { epochs: 2, batchSize, verbose: 0, shuffle: false, seed: 3 });
  const predictions = (await model.predict(x, { batchSize })) as { dataSync(): Float32Array };
  return [...model.getWeights().map((w) => w.dataSync() as Float32Array), predictions.dataSync()];
}

describe('batch-split recurrent layers', () => {
  for (const c of cases) {
    it(`${c.name}: 2 threads give the same weights and predictions as 1, bit for bit`, async () => {
      const one = await train(c, 1, 30); // batches of 30, 30 and 10 rows: ragged splits
      const two = await train(c, 2, 30);
      expect(two.length).toBe(one.length);
      one.forEach((w, i) => expect(Array.from(two[i]!)).toEqual(Array.from(w)));
    });
  }

  it('the time loops really ran on the pool (when the kernels are WebAssembly)', async () => {
    const pool = poolFor(engine());
    if (engine().name === 'reference') return; // threads are off with the reference kernels
    expect(pool).not.toBeNull();
    const before = pool!.runs;
    await train(cases[0]!, 2, 30);
    expect(pool!.runs).toBeGreaterThan(before);
  });
});
