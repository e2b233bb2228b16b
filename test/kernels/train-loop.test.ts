// The native set's training time loops (native/train.c, kernels/train-loop.ts) against the
// same native set stepping from JavaScript (the loop members removed, so RNNBase calls
// forwardStep / backwardStep per step): the same C kernels in the same order, so whole
// training runs end with the same weights bit for bit — every cell, every input path, masks,
// goBackwards, initial and stateful states, returnSequences, on 1 and 2 threads. The
// reference bounds hold through the recurrent layer tests, which run on every kernel set.

import { afterAll, describe, expect, it } from 'vitest';
import { engine, setKernels } from '../../src/engine.ts';
import { Heap } from '../../src/heap.ts';
import { layers, Sequential, setSeed, Tensor, type Layer } from '../../src/index.ts';
import { Act, type Kernels } from '../../src/kernels/index.ts';
import { nativeKernels, nativeSupported } from '../../src/kernels/native/index.ts';
import type { TrainLoopKernels } from '../../src/kernels/train-loop.ts';
import type { LayersModel } from '../../src/models/model.ts';
import { input, Model, type SymbolicTensor } from '../../src/models/functional.ts';
import { closeThreads, DEFAULT_POLICY, poolFor, setThreads } from '../../src/threads/index.ts';

const LOOP_MEMBERS: Array<keyof TrainLoopKernels> = [
  'trainLoopCovers',
  'lstmTrainForward',
  'gruTrainForward',
  'simpleRnnTrainForward',
  'lstmTrainBackward',
  'gruTrainBackward',
  'simpleRnnTrainBackward',
];

/** The set without its training loops: the layers step from JavaScript. */
function stepping(kernels: Kernels): Kernels {
  const out = { ...kernels };
  for (const m of LOOP_MEMBERS) delete out[m];
  return out;
}

/** The set with its loop kernels counted (calls from this thread). */
function counted(kernels: Kernels, counts: Map<string, number>): Kernels {
  const out = { ...kernels } as Record<string, unknown>;
  for (const m of LOOP_MEMBERS.slice(1)) {
    const f = kernels[m] as (...args: number[]) => void;
    out[m] = (...args: number[]) => {
      counts.set(m, (counts.get(m) ?? 0) + 1);
      f(...args);
    };
  }
  return out as unknown as Kernels;
}

/** Loops split even this small, by 2 threads. */
const threadPolicy = { ...DEFAULT_POLICY, rowLoopMinBatch: 8, rowLoopMinWork: 0, nativeRowLoopMinWork: 0, nativeLoopKernelMinWork: 0 };

const B = 24,
  T = 9;

/** Deterministic pseudo-random numbers in [0, 1). */
function noise(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  });
}

const ids = (n: number, vocab: number, padded: boolean): Tensor => {
  const v = Int32Array.from(noise(n * T, 5), (x) => 1 + Math.floor(x * (vocab - 1)));
  if (padded) for (let r = 0; r < n; r += 2) v.fill(0, r * T, r * T + (r % T)); // leading padding on every other row
  return new Tensor(v, [n, T]);
};
const floats = (n: number, features: number, seed = 3): Tensor => new Tensor(noise(n * T * features, seed), [n, T, features]);
const oneHot = (n: number, features: number): Tensor => {
  const v = new Float32Array(n * T * features);
  noise(n * T, 9).forEach((x, i) => (v[i * features + Math.floor(x * features)] = 1));
  return new Tensor(v, [n, T, features]);
};
const target = (n: number, width: number): Tensor => new Tensor(noise(n * width, 11), [n, width]);

interface Case {
  name: string;
  /** Cells whose loop kernels the case runs (with 1 thread, each must be called). */
  loops: string[];
  model: () => LayersModel;
  x: (n: number) => Tensor[];
  y: (n: number) => Tensor;
  batchSize?: number;
  shuffle?: boolean;
}

const sequential = (make: () => Layer[]) => () => new Sequential({ layers: make() });

const cases: Case[] = [
  {
    name: 'Embedding (fused) → LSTM → Dense',
    loops: ['lstm'],
    model: sequential(() => [
      layers.embedding({ inputDim: 40, outputDim: 6, inputLength: T }),
      layers.lstm({ units: 12, threadPolicy }),
      layers.dense({ units: 1 }),
    ]),
    x: (n) => [ids(n, 40, false)],
    y: (n) => target(n, 1),
  },
  {
    name: 'Embedding(maskZero) → LSTM(returnSequences, goBackwards) → GRU → Dense',
    loops: ['lstm', 'gru'],
    model: sequential(() => [
      layers.embedding({ inputDim: 30, outputDim: 5, maskZero: true, inputLength: T }),
      layers.lstm({ units: 8, threadPolicy, returnSequences: true, goBackwards: true }),
      layers.gru({ units: 7, threadPolicy }),
      layers.dense({ units: 2 }),
    ]),
    x: (n) => [ids(n, 30, true)],
    y: (n) => target(n, 2),
  },
  {
    name: 'one-hot floats → GRU(returnSequences, no bias) → SimpleRNN → Dense',
    loops: ['gru', 'simpleRnn'],
    model: sequential(() => [
      layers.gru({ units: 10, threadPolicy, returnSequences: true, useBias: false, inputShape: [T, 7] }),
      layers.simpleRNN({ units: 6, threadPolicy }),
      layers.dense({ units: 1 }),
    ]),
    x: (n) => [oneHot(n, 7)],
    y: (n) => target(n, 1),
  },
  {
    name: 'float inputs, blocks of 2 steps → SimpleRNN(returnSequences, goBackwards) → LSTM(dropout) → Dense; ragged batches',
    loops: ['simpleRnn', 'lstm'],
    model: sequential(() => [
      layers.simpleRNN({ units: 9, threadPolicy, returnSequences: true, goBackwards: true, blockRows: 2 * B, inputShape: [T, 4] }),
      layers.lstm({ units: 5, threadPolicy, dropout: 0.25, blockRows: 3 * B }),
      layers.dense({ units: 1 }),
    ]),
    x: (n) => [floats(n, 4)],
    y: (n) => target(n, 1),
    batchSize: 20,
    shuffle: true,
  },
  {
    name: 'LSTM and GRU from given initial states (their gradients flow back), masked float inputs',
    loops: ['lstm', 'gru'],
    model: () => {
      const x = input({ shape: [T, 3] });
      const h0 = input({ shape: [6] });
      const c0 = input({ shape: [6] });
      const masked = layers.masking({ maskValue: 0 }).apply(x) as SymbolicTensor;
      const [seq, h, c] = layers.lstm({ units: 6, threadPolicy, returnSequences: true, returnState: true }).apply(masked, {
        initialState: [h0, c0],
      }) as SymbolicTensor[];
      const g = layers.gru({ units: 6, threadPolicy }).apply(seq!, { initialState: [h!] }) as SymbolicTensor;
      const out = layers.dense({ units: 1 }).apply(layers.concatenate({}).apply([g, c!]) as SymbolicTensor) as SymbolicTensor;
      return new Model({ inputs: [x, h0, c0], outputs: out });
    },
    x: (n) => {
      const x = floats(n, 3);
      const v = x.dataSync() as Float32Array;
      for (let r = 1; r < n; r += 3) v.fill(0, (r * T + 2) * 3, (r * T + 5) * 3); // masked steps inside rows
      return [x, new Tensor(noise(n * 6, 21), [n, 6]), new Tensor(noise(n * 6, 22), [n, 6])];
    },
    y: (n) => target(n, 1),
  },
];

async function train(c: Case, kernels: Kernels, threads: number): Promise<Float32Array[]> {
  setThreads(threads);
  setKernels(kernels);
  setSeed(7);
  const model = c.model();
  model.compile({ optimizer: 'rmsprop', loss: 'mse' });
  const n = 2 * B + 16;
  await model.fit(c.x(n), c.y(n), { epochs: 2, batchSize: c.batchSize ?? B, verbose: 0, shuffle: c.shuffle ?? false, seed: 3 });
  const predictions = (await model.predict(c.x(n), { batchSize: B })) as Tensor;
  return [...model.getWeights().map((w) => w.dataSync() as Float32Array), predictions.dataSync() as Float32Array];
}

const expectSameBits = (a: Float32Array[], b: Float32Array[]): void => {
  expect(b.length).toBe(a.length);
  a.forEach((w, i) =>
    expect(Array.from(new Uint32Array(b[i]!.buffer, b[i]!.byteOffset, b[i]!.length))).toEqual(
      Array.from(new Uint32Array(w.buffer, w.byteOffset, w.length)),
    ),
  );
};

describe.skipIf(!nativeSupported(true))('native training loops', () => {
  const saved = engine();
  const heap = new Heap({ shared: true });
  const native = nativeKernels(heap);
  afterAll(() => {
    setKernels(saved);
    setThreads(2);
    closeThreads();
  });

  for (const c of cases) {
    it(`${c.name}: the C loops train bit for bit as the same kernels stepped from JavaScript, on 1 and 2 threads`, async () => {
      const counts = new Map<string, number>();
      const loops = await train(c, counted(native, counts), 1);
      for (const cell of c.loops) {
        expect(counts.get(`${cell}TrainForward`) ?? 0).toBeGreaterThan(0);
        expect(counts.get(`${cell}TrainBackward`) ?? 0).toBeGreaterThan(0);
      }
      const steps = await train(c, stepping(native), 1);
      expectSameBits(steps, loops);
      expectSameBits(steps, await train(c, native, 2));
      expectSameBits(steps, await train(c, stepping(native), 2));
    });
  }

  it('a stateful LSTM carries its states through the C loops as through the step loop', async () => {
    const run = async (kernels: Kernels): Promise<Float32Array[]> => {
      setThreads(1);
      setKernels(kernels);
      setSeed(5);
      const model = new Sequential({
        layers: [layers.lstm({ units: 8, stateful: true, batchInputShape: [B, T, 3] } as never), layers.dense({ units: 1 })],
      });
      model.compile({ optimizer: 'adam', loss: 'mse' });
      for (let i = 0; i < 3; i++) await model.trainOnBatch(floats(B, 3, 30 + i), target(B, 1));
      return model.getWeights().map((w) => w.dataSync() as Float32Array);
    };
    expectSameBits(await run(stepping(native)), await run(native));
  });

  it('the loops run on the pool: a worker runs its range in C', async () => {
    await train(cases[0]!, native, 2);
    const pool = poolFor(native)!;
    expect(pool).not.toBeNull();
    for (let tries = 0; tries < 50 && pool.claimed === pool.jobs; tries++) await train(cases[0]!, native, 2);
    expect(pool.jobs).toBeGreaterThan(pool.claimed);
  });

  it('a call reaching outside the heap, or an id outside the table, is an error naming it', () => {
    const [rows, units, steps, vocab] = [4, 8, 3, 5];
    const gu = 4 * units;
    const at = (n: number): number => heap.alloc(n).offset;
    const [table, z, h, c, packedU] = [
      at(vocab * gu),
      at(steps * rows * gu),
      at((steps + 1) * rows * units),
      at((steps + 1) * rows * units),
      at(8 * gu),
    ];
    const ids = at(steps * rows);
    heap.i32.fill(1, ids, ids + steps * rows);
    const forward = (idsAt: number, zAt: number) => () =>
      native.lstmTrainForward!(rows, units, Act.tanh, Act.sigmoid, rows, 0, steps, idsAt, table, vocab, zAt, h, c, -1, -1, packedU, -1, 1);
    forward(ids, z)();
    heap.i32[ids + 2 * rows + 3] = vocab;
    expect(forward(ids, z)).toThrow(/^native lstmTrainForward: id 5 of row 3, step 2 is outside \[0, 5\)$/);
    heap.i32[ids + 2 * rows + 3] = 1;
    const floats = heap.byteLength / 4;
    expect(forward(ids, floats - gu)).toThrow(/^native lstmTrainForward: z \(offset \d+, \d+ floats\) reaches past the heap's/);
    expect(() =>
      native.gruTrainBackward!(rows, units, Act.tanh, Act.sigmoid, rows, 0, steps, z, h, -1, z, -1, h, -1, z, -1, packedU, -1, 1),
    ).toThrow(/^native gruTrainBackward: h, rec and dzRec must be given$/);
    expect(() =>
      native.lstmTrainForward!(rows, units, Act.relu, Act.sigmoid, rows, 0, 1, ids, table, vocab, z, h, c, -1, -1, packedU, -1, 1),
    ).toThrow(/only Keras' default activations/);
    expect(native.trainLoopCovers!(Act.tanh, Act.sigmoid)).toBe(true);
    expect(native.trainLoopCovers!(Act.tanh, null)).toBe(true);
    expect(native.trainLoopCovers!(Act.relu, null)).toBe(false);
    expect(native.trainLoopCovers!(Act.tanh, Act.hardSigmoid)).toBe(false);
  });

  it('cells the loops do not cover keep the step loop (recurrent dropout, GRU reset-before, other activations)', async () => {
    const counts = new Map<string, number>();
    const c: Case = {
      name: 'uncovered',
      loops: [],
      model: sequential(() => [
        layers.lstm({ units: 6, recurrentDropout: 0.2, returnSequences: true, inputShape: [T, 3] }),
        layers.gru({ units: 5, resetAfter: false, returnSequences: true } as never),
        layers.simpleRNN({ units: 4, activation: 'relu' }),
        layers.dense({ units: 1 }),
      ]),
      x: (n) => [floats(n, 3)],
      y: (n) => target(n, 1),
    };
    const loops = await train(c, counted(native, counts), 1);
    expect(counts.size).toBe(0);
    expectSameBits(await train(c, stepping(native), 1), loops);
  });
});
