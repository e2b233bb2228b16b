// Conv1D reading an Embedding's output can work from the ids and the table (fewer FLOPs when the
// vocabulary is smaller than batch × steps). The fused and direct paths must agree exactly in
// outputs, the Conv1D weight gradients and the embedding table's gradient.
import { describe, expect, it } from 'vitest';
import { engine } from '../../../src/engine.ts';
import { conv1d } from '../../../src/layers/conv/conv1d.ts';
import { dense, dropout, embedding, globalMaxPooling1d } from '../../../src/layers/index.ts';
import type { Embedding } from '../../../src/layers/embedding.ts';
import { EmbeddingFusion } from '../../../src/layers/embedding-fusion.ts';
import { EmbeddingConv1DPlan } from '../../../src/kernels/conv/embedding-conv1d-plan.ts';
import { Model, input, type SymbolicTensor } from '../../../src/models/functional.ts';
import { Sequential } from '../../../src/models/sequential.ts';
import { Random, setSeed } from '../../../src/random.ts';
import { Tensor } from '../../../src/tensor.ts';
import { expectClose } from '../layer-test.ts';

function runPair(mode: 'never' | 'always', convArgs: Parameters<typeof conv1d>[0]) {
  setSeed(3);
  const emb = embedding({ inputDim: 9, outputDim: 4 });
  const conv = conv1d({ ...convArgs, embeddingFusion: mode });
  const B = 3,
    T = 10;
  emb.build([[null, T]]);
  conv.build([[null, T, 4]]);
  const heap = engine().heap;
  const rng = new Random(5);
  const ids = heap.alloc(B * T);
  heap.viewInt(ids).set(new Int32Array(B * T).map(() => rng.int(9)));
  const ctx = { training: true, rng: new Random(1) };
  const idsIn = { buf: ids, shape: [B, T], dtype: 'int32' as const };
  // as a model sets it up: the Conv1D reads the ids and the table when it fuses
  const embedded = EmbeddingFusion.between(emb, conv)!.inputFor(idsIn, ctx.training);
  const [e] = emb.forward([idsIn], ctx);
  const [y] = conv.forward([e!], embedded ? { ...ctx, embedded } : ctx);
  const n = y!.shape.reduce((a, b) => a * b, 1);
  const g = heap.alloc(n);
  heap.view(g).set(Float32Array.from({ length: n }, () => rng.uniform(-1, 1)));
  for (const w of [...emb.weights, ...conv.weights]) heap.view(w.grad).fill(0);
  const [dx] = conv.backward([g], { needInputGrads: [true] });
  if (dx) emb.backward([dx], { needInputGrads: [false] });
  return {
    y: heap.view(y!.buf).slice(0, n),
    grads: [...emb.weights, ...conv.weights].map((w) => heap.view(w.grad).slice()),
    fusedNull: dx === null,
  };
}

describe('Embedding → Conv1D fusion', () => {
  for (const args of [
    { filters: 5, kernelSize: 3, activation: 'relu' },
    { filters: 2, kernelSize: 4, strides: 2, padding: 'same' as const },
    { filters: 3, kernelSize: 2, dilationRate: 3, padding: 'causal' as const, activation: 'tanh' },
  ]) {
    it(`matches the direct path: ${JSON.stringify(args)}`, () => {
      const direct = runPair('never', args);
      const fused = runPair('always', args);
      expect(direct.fusedNull).toBe(false);
      expect(fused.fusedNull).toBe(true);
      expectClose(fused.y, direct.y, { atol: 1e-5, rtol: 1e-5 });
      fused.grads.forEach((g, i) => expectClose(g, direct.grads[i]!, { atol: 1e-4, rtol: 1e-4 }));
    });
  }

  it('the fused backward in blocks of table rows (here 5 + 4 of 9) matches one block', () => {
    const args = { filters: 3, kernelSize: 3, activation: 'relu' };
    const whole = runPair('always', args);
    const blocked = runPair('always', { ...args, tableBlockRows: 5 });
    const [table, kernel, bias] = blocked.grads;
    // a table row's gradient is the same arithmetic in any block of ≥ 4 rows; the kernel's sums the blocks' shares
    expect(Array.from(table!)).toEqual(Array.from(whole.grads[0]!));
    expectClose(kernel!, whole.grads[1]!, { atol: 1e-6, rtol: 1e-6 });
    expect(Array.from(bias!)).toEqual(Array.from(whole.grads[2]!));
  });

  it('trains the same model to the same weights either way (auto picks fusion for a small vocabulary)', async () => {
    const train = async (mode: 'never' | 'auto') => {
      setSeed(9);
      const model = new Sequential([
        embedding({ inputDim: 12, outputDim: 6, inputLength: 16 }),
        conv1d({ filters: 4, kernelSize: 3, activation: 'relu', embeddingFusion: mode }),
        globalMaxPooling1d(),
        dense({ units: 1, activation: 'sigmoid' }),
      ]);
      model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy' });
      const rng = new Random(2);
      const x = new Tensor(
        new Int32Array(64 * 16).map(() => rng.int(12)),
        [64, 16],
      );
      const y = new Tensor(
        new Float32Array(64).map(() => rng.int(2)),
        [64, 1],
      );
      await model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, seed: 1 });
      return { weights: model.getWeights(), embeddingSkipped: !(model.layers[0] as Embedding).outputWritten };
    };
    const a = await train('never');
    const b = await train('auto');
    a.weights.forEach((w, i) => expectClose(b.weights[i]!.dataSync(), w.dataSync(), { atol: 1e-4, rtol: 1e-4 }));
    // fused, the Embedding does not even write its output (the Conv1D reads ids and table)
    expect(a.embeddingSkipped).toBe(false);
    expect(b.embeddingSkipped).toBe(true);
  });

  it('an Embedding whose output something else reads still writes it (Dropout in between)', async () => {
    setSeed(9);
    const model = new Sequential([
      embedding({ inputDim: 12, outputDim: 6, inputLength: 16 }),
      dropout({ rate: 0.5 }),
      conv1d({ filters: 4, kernelSize: 3 }),
      globalMaxPooling1d(),
      dense({ units: 1 }),
    ]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = new Tensor(
      new Int32Array(32 * 16).map((_, i) => i % 12),
      [32, 16],
    );
    await model.fit(x, new Tensor(new Float32Array(32), [32, 1]), { epochs: 1, batchSize: 16, verbose: 0 });
    expect((model.layers[0] as Embedding).outputWritten).toBe(true);
  });
});

describe('Embedding fusion as a relation the model sets up', () => {
  const fusedPass = (layer: unknown) => (layer as { pass: unknown }).pass instanceof EmbeddingConv1DPlan;
  const ids = (n: number, t: number, vocab: number) =>
    new Tensor(
      new Int32Array(n * t).map((_, i) => (i * 7919) % vocab),
      [n, t],
    );
  const ys = (n: number) =>
    new Tensor(
      new Float32Array(n).map((_, i) => i % 2),
      [n, 1],
    );

  it('a functional model fuses a Conv1D with the Embedding feeding it (which still writes its output) and trains as the direct path', async () => {
    const train = async (embeddingFusion: 'never' | 'auto') => {
      setSeed(9);
      const x = input({ shape: [16], dtype: 'int32' });
      const emb = embedding({ inputDim: 12, outputDim: 6 });
      const conv = conv1d({ filters: 4, kernelSize: 3, activation: 'relu', embeddingFusion });
      const y = dense({ units: 1, activation: 'sigmoid' }).apply(globalMaxPooling1d().apply(conv.apply(emb.apply(x))));
      const model = new Model({ inputs: x, outputs: y });
      model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy' });
      await model.fit(ids(64, 16, 12), ys(64), { epochs: 2, batchSize: 16, verbose: 0, shuffle: false, seed: 1 });
      return { weights: model.getWeights(), fused: fusedPass(conv), written: (emb as Embedding).outputWritten };
    };
    const direct = await train('never');
    const fused = await train('auto');
    expect(direct.fused).toBe(false);
    expect(fused.fused).toBe(true);
    expect(fused.written).toBe(true);
    direct.weights.forEach((w, i) => expectClose(fused.weights[i]!.dataSync(), w.dataSync(), { atol: 1e-4, rtol: 1e-4 }));
  });

  it('a functional model does not fuse with an Embedding it calls twice (its outputs are node copies)', () => {
    const a = input({ shape: [16], dtype: 'int32' });
    const b = input({ shape: [16], dtype: 'int32' });
    const emb = embedding({ inputDim: 12, outputDim: 6 });
    const conv = conv1d({ filters: 4, kernelSize: 3, embeddingFusion: 'always' });
    const one = (t: SymbolicTensor | SymbolicTensor[]): SymbolicTensor => t as SymbolicTensor;
    const pooled = [a, b].map((t) => one(globalMaxPooling1d().apply(conv1d({ filters: 2, kernelSize: 2 }).apply(emb.apply(t)))));
    const model = new Model({ inputs: [a, b], outputs: [...pooled, one(globalMaxPooling1d().apply(conv.apply(emb.apply(a))))] });
    model.predictOnBatch([ids(4, 16, 12), ids(4, 16, 12)]);
    expect(fusedPass(conv)).toBe(false);
  });

  it('a Sequential model pairs an Embedding with the layer added after it, and pop() undoes it', () => {
    const emb = embedding({ inputDim: 12, outputDim: 6, inputLength: 16 });
    const model = new Sequential([emb, conv1d({ filters: 4, kernelSize: 3, embeddingFusion: 'always' })]);
    model.predictOnBatch(ids(4, 16, 12));
    expect(emb.outputWritten).toBe(false);
    model.pop();
    model.predictOnBatch(ids(4, 16, 12));
    expect(emb.outputWritten).toBe(true); // the model's output now
    model.add(dropout({ rate: 0.5 }));
    model.add(conv1d({ filters: 4, kernelSize: 3, embeddingFusion: 'always' }));
    model.predictOnBatch(ids(4, 16, 12));
    expect(emb.outputWritten).toBe(true);
  });

  it('a Conv1D called on its own (no model) takes the direct path', () => {
    const args = { filters: 2, kernelSize: 3 };
    setSeed(3);
    const emb = embedding({ inputDim: 9, outputDim: 4 });
    const conv = conv1d({ ...args, embeddingFusion: 'always' });
    emb.build([[null, 10]]);
    conv.build([[null, 10, 4]]);
    const heap = engine().heap;
    const idsBuf = heap.alloc(30);
    heap.viewInt(idsBuf).set(new Int32Array(30).map((_, i) => i % 9));
    const ctx = { training: true, rng: new Random(1) };
    const [e] = emb.forward([{ buf: idsBuf, shape: [3, 10], dtype: 'int32' }], ctx);
    conv.forward([e!], ctx);
    expect(fusedPass(conv)).toBe(false);
  });

  it('checks the options', () => {
    expect(() => conv1d({ filters: 2, kernelSize: 3, embeddingFusion: 'sometimes' as never })).toThrow(
      /embeddingFusion must be 'auto', 'never' or 'always'/,
    );
    expect(() => conv1d({ filters: 2, kernelSize: 3, tableBlockRows: 0 })).toThrow(/tableBlockRows must be a positive integer/);
  });
});
