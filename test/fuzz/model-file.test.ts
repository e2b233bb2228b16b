// Fuzz: the model file. Byte-level mutations (the checksums reject nearly all of them early) and
// header-level ones (mutated JSON re-encoded with valid checksums, so the manifest and
// architecture checks and the layer constructors meet damaged configs). Every input must load
// (and predict) or fail with an error naming the input; the heap must return to its baseline.
import { describe, it } from 'vitest';
import {
  engine,
  layers,
  model as functionalModel,
  input,
  modelFromBytes,
  modelToBytes,
  Sequential,
  setLogSink,
  setSeed,
  tensor,
  type LayersModel,
  type Tensor,
} from '../../src/index.ts';
import { decode, encode } from '../../src/io/format.ts';
import { expectNoCrashes, FUZZ_TIMEOUT_MS } from './driver.ts';

setLogSink({ dynamic: false, write: () => {} });
const heap = engine().heap;

async function seedModels(): Promise<Uint8Array[]> {
  setSeed(11);
  const ids = tensor(new Int32Array([1, 2, 3, 4, 0, 4, 3, 2]), [2, 4]);
  const y = tensor([[1], [0]]);
  const seq = new Sequential([
    layers.embedding({ inputDim: 5, outputDim: 3, inputLength: 4, maskZero: true }),
    layers.lstm({ units: 2 }),
    layers.dense({ units: 1, activation: 'sigmoid' }),
  ]);
  seq.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });
  await seq.fit(ids, y, { verbose: 0 });
  const x = input({ shape: [4, 2] });
  const branch = layers.conv1d({ filters: 2, kernelSize: 2 }).apply(x) as never;
  const pooled = layers.globalMaxPooling1d().apply(branch) as never;
  const fn = functionalModel({ inputs: x, outputs: layers.dense({ units: 2, activation: 'softmax' }).apply(pooled) as never });
  fn.compile({ optimizer: 'adam', loss: 'categorical_crossentropy' });
  await fn.fit(
    tensor(
      new Float32Array(16).map((_, i) => i / 16),
      [2, 4, 2],
    ),
    tensor([
      [1, 0],
      [0, 1],
    ]),
    { verbose: 0 },
  );
  const seeds = [modelToBytes(seq), modelToBytes(fn)];
  seq.dispose();
  fn.dispose();
  return seeds;
}

/** Loads and, when it loads, predicts on a zero batch of the model's input shape. */
function loadAndUse(bytes: Uint8Array): void {
  const m: LayersModel = modelFromBytes(bytes, 'fuzz input');
  try {
    const shapes = m.inputShapes ?? [];
    const xs = shapes.map((s) =>
      tensor(new Float32Array(s.slice(1).reduce<number>((a, d) => a * (d ?? 1), 1)), [1, ...s.slice(1).map((d) => d ?? 1)]),
    );
    if (xs.length > 0 && xs.every((t) => t.size < 1e6)) m.predictOnBatch(xs.length === 1 ? xs[0]! : xs) as Tensor;
  } finally {
    m.dispose();
  }
}

const errors = /fuzz input|sunhwan|the model|layer|Embedding|unknown|must|expects|shape|weight/i;

describe('fuzz: model file', () => {
  it(
    'byte mutations: no crash, hang or leak',
    async () => {
      const seeds = await seedModels();
      const baseline = heap.allocatedElements;
      await expectNoCrashes({
        name: 'model bytes',
        seeds,
        run: loadAndUse,
        errors,
        iterations: 400,
        afterRun: () => (heap.allocatedElements === baseline ? null : `heap grew by ${heap.allocatedElements - baseline} floats`),
      });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'header mutations with valid checksums: no crash, hang or leak',
    async () => {
      const seeds = await seedModels();
      const baseline = heap.allocatedElements;
      const decoded = seeds.map((s) => decode(s, 'seed'));
      const enc = new TextEncoder();
      await expectNoCrashes({
        name: 'model header',
        seeds: decoded.map((d) => enc.encode(JSON.stringify(d.header))),
        run: (json) => {
          let header: Record<string, unknown>;
          try {
            header = JSON.parse(new TextDecoder().decode(json)) as Record<string, unknown>;
          } catch {
            return; // not JSON: the checksum-less path is covered by the byte test
          }
          const data = decoded.find((d) => d.data.length === header.dataLength)?.data ?? decoded[0]!.data;
          const { format: _f, version: _v, dataLength: _d, ...rest } = header;
          loadAndUse(encode(rest as never, [data]));
        },
        errors,
        iterations: 600,
        afterRun: () => (heap.allocatedElements === baseline ? null : `heap grew by ${heap.allocatedElements - baseline} floats`),
      });
    },
    FUZZ_TIMEOUT_MS,
  );
});
