// A recurrent layer reading an Embedding's output can work from the ids and the table
// (P = E·W + b projected once, each step gathering its rows; backward scatters dZ into dP,
// then dW += Eᵀ·dP and dE += dP·Wᵀ). The forward pass is the same arithmetic (each Z row is
// the same dot product), so predictions agree exactly; the gradients are sums in another
// order, so trained weights agree closely.
import { describe, expect, it } from 'vitest';
import { layers, Sequential, setSeed, tensor, type Layer } from '../../../src/index.ts';
import type { Embedding } from '../../../src/layers/embedding.ts';
import type { EmbeddingFusionMode } from '../../../src/layers/embedding-fusion.ts';
import { expectClose } from '../layer-test.ts';

const T = 9;
const N = 40;
const V = 23;

const cases: Array<[string, (embeddingFusion: EmbeddingFusionMode) => Layer[]]> = [
  [
    'LSTM',
    (embeddingFusion) => [
      layers.embedding({ inputDim: V, outputDim: 5, inputLength: T }),
      layers.lstm({ units: 6, embeddingFusion }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  ],
  [
    'GRU (reset after), goBackwards',
    (embeddingFusion) => [
      layers.embedding({ inputDim: V, outputDim: 5, inputLength: T }),
      layers.gru({ units: 6, embeddingFusion, goBackwards: true }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  ],
  [
    'GRU (reset before), recurrentDropout',
    (embeddingFusion) => [
      layers.embedding({ inputDim: V, outputDim: 4, inputLength: T }),
      layers.gru({ units: 5, embeddingFusion, resetAfter: false, recurrentDropout: 0.2 } as never),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  ],
  [
    'SimpleRNN, maskZero, returnSequences → SimpleRNN',
    (embeddingFusion) => [
      layers.embedding({ inputDim: V, outputDim: 4, maskZero: true, inputLength: T }),
      layers.simpleRNN({ units: 5, embeddingFusion, returnSequences: true }),
      layers.simpleRNN({ units: 3, embeddingFusion }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  ],
  [
    'Bidirectional(LSTM), maskZero',
    (embeddingFusion) => [
      layers.embedding({ inputDim: V, outputDim: 4, maskZero: true, inputLength: T }),
      layers.bidirectional({ layer: layers.lstm({ units: 4, embeddingFusion }) }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  ],
];

function data(): [ReturnType<typeof tensor>, ReturnType<typeof tensor>] {
  const ids = new Int32Array(N * T).map((_, i) => ((i * 7919) % 31) % V);
  for (let r = 0; r < N; r += 4) ids.fill(0, r * T, r * T + (r % T)); // leading padding on some rows
  return [
    tensor(ids, [N, T]),
    tensor(
      new Float32Array(N).map((_, i) => i % 2),
      [N, 1],
    ),
  ];
}

async function train(make: (embeddingFusion: EmbeddingFusionMode) => Layer[], mode: EmbeddingFusionMode) {
  setSeed(4);
  const model = new Sequential({ layers: make(mode) });
  model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy' });
  const [x, y] = data();
  const before = (model.predictOnBatch(x) as { dataSync(): Float32Array }).dataSync().slice();
  await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, shuffle: false, seed: 2 });
  return {
    before,
    weights: model.getWeights().map((w) => w.dataSync() as Float32Array),
    embeddingSkipped: !(model.layers[0] as Embedding).outputWritten,
  };
}

describe('Embedding → recurrent layer fusion', () => {
  for (const [name, make] of cases) {
    it(`${name}: same predictions, same training as the direct path`, async () => {
      const direct = await train(make, 'never');
      const fused = await train(make, 'always');
      expect(Array.from(fused.before)).toEqual(Array.from(direct.before));
      fused.weights.forEach((w, i) => expectClose(w, direct.weights[i]!, { atol: 2e-4, rtol: 2e-4 }));
      expect(direct.embeddingSkipped).toBe(false);
      expect(fused.embeddingSkipped).toBe(true); // the fused path really ran (the Embedding wrote nothing)
    });
  }

  it("'auto' fuses when the vocabulary is smaller than batch × steps, and the Embedding then skips its gather", async () => {
    const auto = await train(cases[0]![1], 'auto'); // V 23 < 16 × 9
    expect(auto.embeddingSkipped).toBe(true);
  });

  it('input dropout needs the embedded values: no fusion while training, fusion when predicting', async () => {
    setSeed(4);
    const model = new Sequential({
      layers: [
        layers.embedding({ inputDim: V, outputDim: 5, inputLength: T }),
        layers.lstm({ units: 6, dropout: 0.3 }),
        layers.dense({ units: 1 }),
      ],
    });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const [x, y] = data();
    await model.fit(x, y, { epochs: 1, batchSize: 20, verbose: 0 });
    expect((model.layers[0] as Embedding).outputWritten).toBe(true);
    model.predictOnBatch(x);
    expect((model.layers[0] as Embedding).outputWritten).toBe(false);
  });
});

describe('one-hot inputs read as ids', () => {
  const oneHot = (n: number, steps: number, chars: number, at = (r: number, t: number) => (r * 5 + t * 3) % chars) => {
    const x = new Float32Array(n * steps * chars);
    for (let r = 0; r < n; r++) for (let t = 0; t < steps; t++) x[(r * steps + t) * chars + at(r, t)] = 1;
    return tensor(x, [n, steps, chars]);
  };
  const fusedPath = (layer: Layer) => (layer as unknown as { proj: { fused: boolean } }).proj.fused;

  async function train(mode: 'never' | 'auto', goBackwards: boolean) {
    setSeed(6);
    const model = new Sequential({
      layers: [
        layers.lstm({ units: 7, goBackwards, inputShape: [T, 11], embeddingFusion: mode }),
        layers.dense({ units: 11, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy' });
    const x = oneHot(N, T, 11);
    const y = tensor(oneHot(N, 1, 11).dataSync(), [N, 11]);
    const before = (model.predictOnBatch(x) as { dataSync(): Float32Array }).dataSync().slice();
    await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, shuffle: false, seed: 2 });
    return { before, weights: model.getWeights().map((w) => w.dataSync() as Float32Array), fused: fusedPath(model.layers[0]!) };
  }

  for (const goBackwards of [false, true]) {
    it(`LSTM${goBackwards ? ' (goBackwards)' : ''} on one-hot characters: the projection is a row gather, same results`, async () => {
      const direct = await train('never', goBackwards);
      const ids = await train('auto', goBackwards);
      expect(direct.fused).toBe(false);
      expect(ids.fused).toBe(true);
      expect(Array.from(ids.before)).toEqual(Array.from(direct.before));
      ids.weights.forEach((w, i) => expectClose(w, direct.weights[i]!, { atol: 2e-4, rtol: 2e-4 }));
    });
  }

  it('inputs that are not one-hot (a 0.5, two ones, an empty row) take the GEMM', () => {
    for (const edit of [
      (x: Float32Array) => (x[3 * 11 + 2] = 0.5),
      (x: Float32Array) => (x[5 * 11 + ((5 * 3) % 11 === 0 ? 1 : 0)] = 1),
      (x: Float32Array) => x.fill(0, 7 * 11, 8 * 11),
    ]) {
      setSeed(6);
      const layer = layers.gru({ units: 4 });
      const model = new Sequential({ layers: [layer] });
      const x = oneHot(2, T, 11).dataSync() as Float32Array;
      edit(x);
      model.predictOnBatch(tensor(x, [2, T, 11]));
      expect(fusedPath(layer)).toBe(false);
    }
  });
});
