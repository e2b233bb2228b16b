import { describe, expect, it } from 'vitest';
import { engine } from '../../../src/engine.ts';
import { dense } from '../../../src/layers/index.ts';
import { masking, permute, repeatVector, reshape, spatialDropout1d } from '../../../src/layers/core/index.ts';
import { TimeDistributed } from '../../../src/layers/wrappers/time-distributed.ts';
import { tensor } from '../../../src/tensor.ts';
import { expectClose, checkGradients, maskOf, randomTensor, runLayer, describeKernels } from '../layer-test.ts';

describeKernels('utility layers', () => {
  it('RepeatVector copies a vector n times (Keras: RepeatVector(3)(x))', () => {
    const { outputs } = runLayer(repeatVector({ n: 3 }), [
      tensor([
        [1, 2],
        [3, 4],
      ]),
    ]);
    expect(outputs[0]!.toArray()).toEqual([
      [
        [1, 2],
        [1, 2],
        [1, 2],
      ],
      [
        [3, 4],
        [3, 4],
        [3, 4],
      ],
    ]);
    expect(repeatVector({ n: 4 }).computeOutputShape([[null, 7]])).toEqual([[null, 4, 7]]);
    checkGradients(repeatVector({ n: 3 }), [randomTensor([2, 4], 1)]);
  });

  it('Masking masks all-maskValue steps and zeroes them', () => {
    // keras.layers.Masking(mask_value=0.)(x): mask = any(x != 0, axis=-1)
    const x = tensor([
      [
        [1, 2],
        [0, 0],
        [3, 0],
      ],
      [
        [0, 0],
        [0, 0],
        [5, 6],
      ],
    ]);
    const layer = masking();
    const { acts, outputs } = runLayer(layer, [x]);
    expect(maskOf(acts[0]!)!.slice(0, 6)).toEqual([1, 0, 1, 0, 0, 1]);
    expect(outputs[0]!.toArray()).toEqual(x.toArray());
    const m = runLayer(masking({ maskValue: 1 }), [
      tensor([
        [
          [1, 1],
          [1, 2],
        ],
      ]),
    ]);
    expect(maskOf(m.acts[0]!)!.slice(0, 2)).toEqual([0, 1]);
    expect(m.outputs[0]!.toArray()).toEqual([
      [
        [0, 0],
        [1, 2],
      ],
    ]);
    // the mask is piecewise constant, so check backward directly: dx = dy at kept steps, 0 elsewhere
    const heap = engine().heap;
    const dy = heap.alloc(12);
    heap.view(dy).set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const [dx] = layer.backward([dy], { needInputGrads: [true] });
    expect(Array.from(heap.view(dx!))).toEqual([1, 2, 0, 0, 5, 6, 0, 0, 0, 0, 11, 12]);
    checkGradients(masking({ maskValue: 0.5 }), [
      tensor([
        [
          [0.9, 0.1],
          [0.1, 0.7],
        ],
        [
          [0.2, 0.3],
          [0.8, 0.2],
        ],
      ]),
    ]);
  });

  it('Reshape and Permute move data as Keras does', () => {
    const x = tensor([
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ]);
    expect(runLayer(reshape({ targetShape: [3, -1] }), [x]).outputs[0]!.toArray()).toEqual([
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
    ]);
    expect(reshape({ targetShape: [-1] }).computeOutputShape([[null, 2, 3]])).toEqual([[null, 6]]);
    expect(() => reshape({ targetShape: [4], name: 'rs' }).computeOutputShape([[null, 2, 3]])).toThrow(
      /rs: cannot reshape input \(None, 2, 3\)/,
    );
    expect(runLayer(permute({ dims: [2, 1] }), [x]).outputs[0]!.toArray()).toEqual([
      [
        [1, 4],
        [2, 5],
        [3, 6],
      ],
    ]);
    expect(permute({ dims: [2, 1] }).computeOutputShape([[null, 10, 64]])).toEqual([[null, 64, 10]]);
    const p3 = runLayer(permute({ dims: [3, 1, 2] }), [randomTensor([2, 2, 3, 4], 3)]).outputs[0]!;
    expect(p3.shape).toEqual([2, 4, 2, 3]);
    checkGradients(permute({ dims: [3, 1, 2] }), [randomTensor([2, 2, 3, 4], 3)]);
    expect(() => permute({ dims: [1, 3] })).toThrow(/dims must be a permutation/);
  });

  it('SpatialDropout1D drops whole channels in training only', () => {
    const x = tensor(
      Array.from({ length: 2 * 5 * 8 }, () => 1),
      [2, 5, 8],
    );
    const layer = spatialDropout1d({ rate: 0.5, seed: 3 });
    const y = runLayer(layer, [x], true).outputs[0]!.toArray() as number[][][];
    for (const sample of y) {
      for (let c = 0; c < 8; c++) {
        const col = sample.map((row) => row[c]);
        expect(new Set(col).size).toBe(1);
        expect([0, 2]).toContain(col[0]);
      }
    }
    expect(runLayer(spatialDropout1d({ rate: 0.5 }), [x], false).outputs[0]!.dataSync()).toEqual(x.dataSync());
    checkGradients(spatialDropout1d({ rate: 0.3 }), [randomTensor([2, 3, 4], 2)], { training: true });
  });

  it('TimeDistributed(Dense) applies the layer at every step and shares its weights', () => {
    const inner = dense({ units: 3, activation: 'tanh' });
    const td = new TimeDistributed({ layer: inner });
    expect(td.computeOutputShape([[null, null, 5]])).toEqual([[null, null, 3]]);
    const x = randomTensor([2, 4, 5], 4);
    const { outputs } = runLayer(td, [
      {
        tensor: x,
        mask: [
          [1, 1, 1, 0],
          [1, 1, 0, 0],
        ],
      },
    ]);
    expect(outputs[0]!.shape).toEqual([2, 4, 3]);
    expect(td.countParams()).toBe(18);
    expect(td.weights).toEqual(inner.weights);
    // step 2 of sample 1 equals the Dense applied to that row
    const direct = runLayer(dense({ units: 3, activation: 'tanh', weights: inner.getWeights() }), [x.slice(1, 2).reshape([4, 5])])
      .outputs[0]!;
    expectClose(outputs[0]!.slice(1, 2).dataSync(), direct.dataSync(), { atol: 1e-5, rtol: 1e-5 });
    checkGradients(td, [x]);
  });
});

describe('TimeDistributed as a model output', () => {
  it('lets the model fuse its inner Dense softmax with the cross-entropy (same training as a bare Dense)', async () => {
    const { Sequential } = await import('../../../src/models/sequential.ts');
    const { setSeed } = await import('../../../src/random.ts');
    const { lstm } = await import('../../../src/layers/recurrent/index.ts');
    const train = async (wrap: boolean) => {
      setSeed(4);
      const head = dense({ units: 3, activation: 'softmax' });
      const model = new Sequential([
        lstm({ units: 4, returnSequences: true, inputShape: [5, 2] }),
        wrap ? new TimeDistributed({ layer: head }) : head,
      ]);
      model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
      const x = randomTensor([8, 5, 2], 1);
      const y = tensor(
        Array.from({ length: 40 }, (_, i) => i % 3),
        [8, 5],
      );
      await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, seed: 1 });
      return { weights: model.getWeights(), fused: (head as unknown as { fuseActivationGrad: boolean }).fuseActivationGrad };
    };
    const bare = await train(false);
    const wrapped = await train(true);
    expect(wrapped.fused).toBe(true);
    bare.weights.forEach((w, i) => expectClose(wrapped.weights[i]!.dataSync(), w.dataSync(), { atol: 1e-5, rtol: 1e-5 }));
  });
});

describe('Masking → LSTM', () => {
  it('skips the masked (padding) steps: same final state as the LSTM on the unpadded sequence', async () => {
    const { lstm } = await import('../../../src/layers/recurrent/index.ts');
    const { setSeed } = await import('../../../src/random.ts');
    setSeed(12);
    const rnn = lstm({ units: 3 });
    const x = randomTensor([1, 4, 2], 3);
    const padded = tensor([...Array.from(x.dataSync()), 0, 0, 0, 0], [1, 6, 2]); // two all-zero steps at the end
    const m = masking();
    const { acts } = runLayer(m, [padded]);
    rnn.build([[null, null, 2]]);
    const [h] = rnn.forward([acts[0]!], { training: false, rng: new (await import('../../../src/random.ts')).Random(1) });
    const onPadded = engine().heap.view(h!.buf).slice(0, 3);
    const plain = runLayer(rnn, [x]).outputs[0]!.dataSync();
    expectClose(onPadded, plain, { atol: 1e-6, rtol: 1e-6 });
  });
});
