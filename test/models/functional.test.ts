import { describe, expect, it } from 'vitest';
import type { HeapBuffer } from '../../src/heap.ts';
import { concatenate, dense, dropout, embedding, add } from '../../src/layers/index.ts';
import type { Activation } from '../../src/layers/layer.ts';
import { lstm } from '../../src/layers/recurrent/index.ts';
import { input, Model, type SymbolicTensor } from '../../src/models/functional.ts';
import { adam } from '../../src/optimizers/index.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Random, setSeed } from '../../src/random.ts';
import { Tensor, tensor } from '../../src/tensor.ts';
import { checkGradients, expectClose, randomTensor, type Differentiable } from '../layers/layer-test.ts';

const T = (x: SymbolicTensor | SymbolicTensor[]): SymbolicTensor => x as SymbolicTensor;
const L = (x: SymbolicTensor | SymbolicTensor[]): SymbolicTensor[] => x as SymbolicTensor[];

interface Internals {
  forwardPass(inputs: Activation[], ctx: { training: boolean; rng: Random }): Activation[];
  backwardPass(grads: HeapBuffer[]): void;
}

/** The harness's gradient check of every trainable weight, for L = Σ R ⊙ outputs of the whole model. */
function modelGradCheck(model: Model, xs: Tensor[], samples = 12, tol = 2e-2): void {
  const m = model as unknown as Internals;
  const passes: Differentiable = {
    name: model.name,
    weights: model.trainableWeights,
    forward: (inputs, ctx) => m.forwardPass(inputs, ctx),
    backward: (grads) => {
      m.backwardPass(grads);
      return []; // the model's input gradients are not checked
    },
  };
  checkGradients(passes, xs, { samples, tol: { atol: tol, rtol: tol }, training: true, seed: 5 });
}

describe('functional Model', () => {
  it('a chain equals the same Sequential model', async () => {
    setSeed(1);
    const x = input({ shape: [4] });
    const d1 = dense({ units: 5, activation: 'relu' });
    const d2 = dense({ units: 2, activation: 'softmax' });
    const model = new Model({ inputs: x, outputs: T(d2.apply(T(d1.apply(x)))) });
    const seq = new Sequential([dense({ units: 5, activation: 'relu', inputShape: [4] }), dense({ units: 2, activation: 'softmax' })]);
    seq.setWeights(model.getWeights());
    const data = randomTensor([6, 4], 2);
    expectClose(((await model.predict(data)) as Tensor).dataSync(), ((await seq.predict(data)) as Tensor).dataSync(), {
      atol: 1e-5,
      rtol: 1e-5,
    });
    expect(model.layers.map((l) => l.className)).toEqual(['InputLayer', 'Dense', 'Dense']);
    expect(model.outputShapes).toEqual([[null, 2]]);
  });

  it('handles several inputs and outputs, fan-out and shared layers in gradients', () => {
    setSeed(2);
    const a = input({ shape: [3], name: 'a' });
    const b = input({ shape: [3], name: 'b' });
    const shared = dense({ units: 3, activation: 'tanh', name: 'shared' });
    const ha = T(shared.apply(a));
    const hb = T(shared.apply(b));
    const hh = T(shared.apply(ha)); // the shared layer applied in series too
    const merged = T(concatenate().apply([ha, hb, hh]));
    const out1 = T(dense({ units: 2, name: 'out1' }).apply(merged));
    const out2 = T(dense({ units: 1, activation: 'sigmoid', name: 'out2' }).apply(T(add().apply([ha, hb]))));
    const model = new Model({ inputs: [a, b], outputs: [out1, out2] });
    expect(model.layers.map((l) => l.name)).toEqual(['a', 'b', 'shared', 'concatenate', 'out1', 'add', 'out2']);
    modelGradCheck(model, [randomTensor([4, 3], 1), randomTensor([4, 3], 2)]);
  });

  it('shared layers with dropout replay the same mask in backward', () => {
    setSeed(3);
    const x = input({ shape: [6] });
    const drop = dropout({ rate: 0.5 });
    const d = dense({ units: 6 });
    const y = T(d.apply(T(drop.apply(T(d.apply(T(drop.apply(x))))))));
    modelGradCheck(new Model({ inputs: x, outputs: y }), [randomTensor([3, 6], 4)]);
  });

  it("feeds an encoder LSTM's states into a decoder LSTM as initialState", () => {
    setSeed(4);
    const encIn = input({ shape: [null, 3] });
    const decIn = input({ shape: [null, 2] });
    const [, h, c] = L(lstm({ units: 4, returnState: true }).apply(encIn));
    const decSeq = T(lstm({ units: 4, returnSequences: true }).apply(decIn, { initialState: [h!, c!] }));
    const out = T(dense({ units: 2 }).apply(decSeq));
    const model = new Model({ inputs: [encIn, decIn], outputs: out });
    expect(model.outputShapes).toEqual([[null, null, 2]]);
    modelGradCheck(model, [randomTensor([2, 5, 3], 1), randomTensor([2, 3, 2], 2)]);
  });

  it('prints the Keras 2 summary with "Connected to" (Keras lstm_seq2seq example)', () => {
    // The model of Keras 2.2.4 examples/lstm_seq2seq.py with num_encoder_tokens=71, num_decoder_tokens=94,
    // latent_dim=256; params: LSTM 4·(in·u + u² + u), Dense 256·94 + 94
    const encoderInputs = input({ shape: [null, 71], name: 'input_1' });
    const [, stateH, stateC] = L(lstm({ units: 256, returnState: true, name: 'lstm_1' }).apply(encoderInputs));
    const decoderInputs = input({ shape: [null, 94], name: 'input_2' });
    const [decoderOutputs] = L(
      lstm({ units: 256, returnSequences: true, returnState: true, name: 'lstm_2' }).apply(decoderInputs, {
        initialState: [stateH!, stateC!],
      }),
    );
    const outputs = T(dense({ units: 94, activation: 'softmax', name: 'dense_1' }).apply(decoderOutputs!));
    const model = new Model({ inputs: [encoderInputs, decoderInputs], outputs, name: 'model_1' });
    const text = model.summary({ print: false });
    expect(text).toBe(
      [
        'Model: "model_1"',
        '_'.repeat(98),
        'Layer (type)                    Output Shape         Param #     Connected to                     ',
        '='.repeat(98),
        'input_1 (InputLayer)            (None, None, 71)     0                                            ',
        '_'.repeat(98),
        'input_2 (InputLayer)            (None, None, 94)     0                                            ',
        '_'.repeat(98),
        'lstm_1 (LSTM)                   [(None, 256), (None, 335872      input_1[0][0]                    ',
        '_'.repeat(98),
        'lstm_2 (LSTM)                   [(None, None, 256),  359424      input_2[0][0]                    ',
        '                                                                 lstm_1[0][1]                     ',
        '                                                                 lstm_1[0][2]                     ',
        '_'.repeat(98),
        'dense_1 (Dense)                 (None, None, 94)     24158       lstm_2[0][0]                     ',
        '='.repeat(98),
        'Total params: 719,454',
        'Trainable params: 719,454',
        'Non-trainable params: 0',
        '_'.repeat(98),
      ].join('\n'),
    );
  });

  it('trains with compile/fit/evaluate on two inputs', async () => {
    setSeed(5);
    const tokens = input({ shape: [5], dtype: 'int32' });
    const extra = input({ shape: [2] });
    const emb = T(embedding({ inputDim: 10, outputDim: 4 }).apply(tokens));
    const h = T(lstm({ units: 6 }).apply(emb));
    const y = T(dense({ units: 1, activation: 'sigmoid' }).apply(T(concatenate().apply([h, extra]))));
    const model = new Model({ inputs: [tokens, extra], outputs: y });
    model.compile({ optimizer: adam({ learningRate: 0.02 }), loss: 'binary_crossentropy', metrics: ['acc'] });
    // label = whether token 7 occurs
    const rng = new Random(9);
    const n = 128;
    const ids = new Int32Array(n * 5).map(() => rng.int(10));
    const labels = new Float32Array(n).map((_, i) => (ids.subarray(i * 5, i * 5 + 5).includes(7) ? 1 : 0));
    const xs = [new Tensor(ids, [n, 5]), randomTensor([n, 2], 1)];
    const before = (await model.evaluate(xs, new Tensor(labels, [n, 1]), { verbose: 0 })) as number[];
    await model.fit(xs, new Tensor(labels, [n, 1]), { epochs: 15, batchSize: 16, verbose: 0 });
    const after = (await model.evaluate(xs, new Tensor(labels, [n, 1]), { verbose: 0 })) as number[];
    expect(after[0]!).toBeLessThan(before[0]! * 0.7);
    expect(after[1]!).toBeGreaterThan(0.8);
  });

  it('layer.apply(tensor) runs the layer eagerly (tfjs style)', () => {
    setSeed(6);
    const d = dense({ units: 2, kernelInitializer: 'ones' });
    const y = d.apply(tensor([[1, 2, 3]])) as Tensor;
    expect(y.toArray()).toEqual([[6, 6]]);
    const r = lstm({ units: 3, returnState: true });
    const [out, h, c] = r.apply(randomTensor([2, 4, 5], 1)) as Tensor[];
    expect([out!.shape, h!.shape, c!.shape]).toEqual([
      [2, 3],
      [2, 3],
      [2, 3],
    ]);
    expectClose(out!.dataSync(), h!.dataSync(), { atol: 1e-5, rtol: 1e-5 });
  });

  it('reports graph errors clearly', () => {
    const a = input({ shape: [3], name: 'in_a' });
    const b = input({ shape: [3], name: 'in_b' });
    const s = T(add().apply([a, b]));
    expect(() => new Model({ inputs: a, outputs: s })).toThrow(/depends on input 'in_b', which is not among the model's inputs \(in_a\)/);
    expect(() => dense({ units: 2, name: 'dd' }).apply([1, 2] as unknown as SymbolicTensor)).toThrow(
      /dd.apply: input 0 is not a symbolic tensor/,
    );
    expect(() => lstm({ units: 2, name: 'l2' }).apply(a)).toThrow(/l2 \(LSTM\) cannot take input \(None, 3\)/);
  });
});

describe('functional Model save/load', () => {
  it('round-trips a graph of sequence layers (Conv1D, pooling, Bidirectional, attention, merges, TimeDistributed)', async () => {
    const { modelToBytes, modelFromBytes } = await import('../../src/io/save.ts');
    const L2 = await import('../../src/layers/index.ts');
    setSeed(8);
    const tokens = input({ shape: [12], dtype: 'int32', name: 'tokens' });
    const emb = T(L2.embedding({ inputDim: 20, outputDim: 6, maskZero: true }).apply(tokens));
    const conv = T(L2.conv1d({ filters: 5, kernelSize: 3, padding: 'causal', activation: 'relu' }).apply(emb));
    const pooled = T(L2.maxPooling1d({ poolSize: 2 }).apply(conv));
    const [seq, hF, , hB] = L(
      L2.bidirectional(lstm({ units: 4, returnSequences: true, returnState: true }), { mergeMode: 'sum' }).apply(pooled),
    );
    const att = T(L2.attention({ useScale: true }).apply([seq!, seq!]));
    const td = T(L2.timeDistributed(dense({ units: 3, activation: 'tanh' })).apply(T(L2.concatenate().apply([seq!, att]))));
    const summary = T(L2.globalAveragePooling1d().apply(td));
    const states = T(L2.dot({ axes: 1, normalize: true }).apply([hF!, hB!]));
    const out = T(dense({ units: 2, activation: 'softmax' }).apply(T(L2.concatenate().apply([summary, states]))));
    const model = new Model({ inputs: tokens, outputs: [out, T(L2.repeatVector({ n: 2 }).apply(states))] });
    model.compile({ optimizer: 'adam', loss: ['sparse_categorical_crossentropy', 'mse'] });
    const rng = new Random(2);
    const x = new Tensor(
      new Int32Array(8 * 12).map(() => rng.int(20)),
      [8, 12],
    );
    await model.fit(
      x,
      [
        new Tensor(
          new Float32Array(8).map((_, i) => i % 2),
          [8, 1],
        ),
        new Tensor(new Float32Array(16), [8, 2, 1]),
      ],
      { epochs: 1, batchSize: 4, verbose: 0 },
    );
    const loaded = modelFromBytes(modelToBytes(model));
    expect(loaded.summary({ print: false })).toBe(model.summary({ print: false }));
    expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    const [a1, a2] = (await model.predict(x)) as Tensor[];
    const [b1, b2] = (await loaded.predict(x)) as Tensor[];
    expectClose(b1!.dataSync(), a1!.dataSync(), { atol: 1e-5, rtol: 1e-5 });
    expectClose(b2!.dataSync(), a2!.dataSync(), { atol: 1e-5, rtol: 1e-5 });
    expect(loaded.countParams()).toBe(model.countParams());
  });
});
