// Conv1D reading an Embedding's output can work from the ids and the table (fewer FLOPs when the
// vocabulary is smaller than batch × steps). The fused and direct paths must agree exactly in
// outputs, the Conv1D weight gradients and the embedding table's gradient.
import { describe, expect, it } from 'vitest';
import { engine } from '../../../src/engine.ts';
import { conv1d } from '../../../src/layers/conv/conv1d.ts';
import { dense, dropout, embedding, globalMaxPooling1d } from '../../../src/layers/index.ts';
import type { Embedding } from '../../../src/layers/embedding.ts';
import { EmbeddingFusion } from '../../../src/layers/embedding-fusion.ts';
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
