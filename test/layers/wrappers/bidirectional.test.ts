import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { engine } from '../../../src/engine.ts';
import { gru, lstm, simpleRNN } from '../../../src/layers/recurrent/index.ts';
import { bidirectional, type MergeMode } from '../../../src/layers/wrappers/bidirectional.ts';
import { Tensor } from '../../../src/tensor.ts';
import { expectClose, checkGradients, maskOf, randomTensor, runLayer, type RunInput, describeKernels } from '../layer-test.ts';

// Golden values: fixtures-src/sequence/bidirectional_lstm.py (PyTorch bidirectional nn.LSTM,
// converted to Keras layout; packed sequences for the masked case).
interface Grads {
  dx: number[];
  dWeights: Array<{ kernel: number[]; recurrentKernel: number[]; bias: number[] }>;
}
interface Run {
  output: number[];
  last: number[];
  hn: number[];
  cn: number[];
  grad_seq: Grads;
  grad_last: Grads;
}
const fx = JSON.parse(readFileSync(new URL('../../fixtures/sequence/bidirectional_lstm.json', import.meta.url), 'utf8')) as {
  shape: [number, number, number];
  units: number;
  x: number[];
  R: number[];
  S: number[];
  weights: Array<{ kernel: number[]; recurrentKernel: number[]; bias: number[] }>;
  plain: Run;
  masked: Run;
  lengths: number[];
};
const [B, T, I] = fx.shape;
const U = fx.units;
const x = new Tensor(Float32Array.from(fx.x), fx.shape);
const maskFor = (lengths: number[]): number[][] => lengths.map((len) => Array.from({ length: T }, (_, t) => (t < len ? 1 : 0)));
const kerasWeights = (): Tensor[] =>
  fx.weights.flatMap((w) => [
    new Tensor(Float32Array.from(w.kernel), [I, 4 * U]),
    new Tensor(Float32Array.from(w.recurrentKernel), [U, 4 * U]),
    new Tensor(Float32Array.from(w.bias), [4 * U]),
  ]);

function backward(layer: ReturnType<typeof bidirectional>, grad: number[]): Float32Array {
  const heap = engine().heap;
  for (const w of layer.weights) heap.view(w.grad).fill(0);
  const g = heap.alloc(grad.length);
  heap.view(g).set(grad);
  const [dx] = layer.backward([g], { needInputGrads: [true] });
  heap.release(g);
  return heap.view(dx!).slice(0, B * T * I);
}

function expectWeightGrads(layer: ReturnType<typeof bidirectional>, grads: Grads): void {
  const heap = engine().heap;
  const expected = grads.dWeights.flatMap((w) => [w.kernel, w.recurrentKernel, w.bias]);
  layer.weights.forEach((w, i) => expectClose(heap.view(w.grad), expected[i]!, { atol: 1e-4, rtol: 1e-4 }));
}

describeKernels('Bidirectional(LSTM) vs PyTorch', () => {
  for (const kind of ['plain', 'masked'] as const) {
    const input: RunInput = kind === 'plain' ? { tensor: x } : { tensor: x, mask: maskFor(fx.lengths) };
    const run = fx[kind];
    it(`${kind}: return_sequences output, input and weight gradients`, () => {
      const layer = bidirectional(lstm({ units: U, returnSequences: true }));
      layer.build([[null, T, I]]);
      layer.setWeights(kerasWeights());
      const { outputs, acts } = runLayer(layer, [input]);
      expect(outputs[0]!.shape).toEqual([B, T, 2 * U]);
      expectClose(outputs[0]!.dataSync(), run.output, { atol: 1e-5, rtol: 1e-5 });
      if (kind === 'masked') expect(maskOf(acts[0]!)!.slice(0, B * T)).toEqual(maskFor(fx.lengths).flat());
      expectClose(backward(layer, fx.R), run.grad_seq.dx, { atol: 1e-4, rtol: 1e-4 });
      expectWeightGrads(layer, run.grad_seq);
    });
    it(`${kind}: last output and states (returnState), gradients of the last output`, () => {
      const layer = bidirectional(lstm({ units: U, returnState: true }));
      layer.build([[null, T, I]]);
      layer.setWeights(kerasWeights());
      const { outputs } = runLayer(layer, [input]);
      expect(outputs.map((o) => o.shape)).toEqual([
        [B, 2 * U],
        [B, U],
        [B, U],
        [B, U],
        [B, U],
      ]);
      expectClose(outputs[0]!.dataSync(), run.last, { atol: 1e-5, rtol: 1e-5 });
      const [, hF, cF, hB, cB] = outputs.map((o) => Array.from(o.dataSync()));
      expectClose([...hF!, ...hB!], run.hn, { atol: 1e-5, rtol: 1e-5 });
      expectClose([...cF!, ...cB!], run.cn, { atol: 1e-5, rtol: 1e-5 });
      expectClose(backward(layer, fx.S), run.grad_last.dx, { atol: 1e-4, rtol: 1e-4 });
      expectWeightGrads(layer, run.grad_last);
    });
  }

  it('merge modes sum/ave/mul/null combine the forward and (time-aligned) backward halves', () => {
    const fwd = (i: number) => fx.plain.output.filter((_, j) => j % (2 * U) < U)[i]!;
    const bwd = (i: number) => fx.plain.output.filter((_, j) => j % (2 * U) >= U)[i]!;
    const n = B * T * U;
    const expected: Record<string, (i: number) => number> = {
      sum: (i) => fwd(i) + bwd(i),
      ave: (i) => (fwd(i) + bwd(i)) / 2,
      mul: (i) => fwd(i) * bwd(i),
    };
    for (const mode of ['sum', 'ave', 'mul'] as const) {
      const layer = bidirectional(lstm({ units: U, returnSequences: true }), { mergeMode: mode });
      layer.build([[null, T, I]]);
      layer.setWeights(kerasWeights());
      const out = runLayer(layer, [x]).outputs[0]!;
      expect(out.shape).toEqual([B, T, U]);
      expectClose(
        out.dataSync(),
        Array.from({ length: n }, (_, i) => expected[mode]!(i)),
        { atol: 1e-5, rtol: 1e-5 },
      );
    }
    const split = bidirectional(lstm({ units: U, returnSequences: true }), { mergeMode: null });
    split.build([[null, T, I]]);
    split.setWeights(kerasWeights());
    const [f, b] = runLayer(split, [x]).outputs;
    expectClose(
      f!.dataSync(),
      Array.from({ length: n }, (_, i) => fwd(i)),
      { atol: 1e-5, rtol: 1e-5 },
    );
    expectClose(
      b!.dataSync(),
      Array.from({ length: n }, (_, i) => bwd(i)),
      { atol: 1e-5, rtol: 1e-5 },
    );
    expect(split.computeOutputShape([[null, null, 3]])).toEqual([
      [null, null, 4],
      [null, null, 4],
    ]);
  });

  it('names weights forward_*/backward_*, counts 2× the wrapped layer, keeps options', () => {
    const inner = gru({ units: 5, resetAfter: false, name: 'enc' } as Parameters<typeof gru>[0]);
    const layer = bidirectional(inner);
    layer.build([[null, null, 7]]);
    expect(layer.forwardLayer.name).toBe('forward_enc');
    expect(layer.backwardLayer.name).toBe('backward_enc');
    expect(layer.backwardLayer.goBackwards).toBe(true);
    expect((layer.backwardLayer as unknown as { resetAfter: boolean }).resetAfter).toBe(false);
    expect(layer.weights.map((w) => w.path)).toEqual([
      'forward_enc/kernel',
      'forward_enc/recurrent_kernel',
      'forward_enc/bias',
      'backward_enc/kernel',
      'backward_enc/recurrent_kernel',
      'backward_enc/bias',
    ]);
    expect(layer.countParams()).toBe(2 * 3 * (7 * 5 + 5 * 5 + 5));
    expect(layer.computeOutputShape([[null, null, 7]])).toEqual([[null, 10]]);
    const b2 = bidirectional(lstm({ units: 32 }));
    b2.build([[null, null, 32]]);
    expect(b2.countParams()).toBe(2 * 4 * (32 * 32 + 32 * 32 + 32));
    expect(() => bidirectional({ layer: lstm({ units: 2 }), mergeMode: 'max' as MergeMode })).toThrow(/mergeMode must be/);
  });

  it('passes finite-difference checks for every merge mode, masks and initial states', () => {
    const xs = randomTensor([2, 4, 3], 11);
    const masked: RunInput = {
      tensor: xs,
      mask: [
        [1, 1, 1, 0],
        [1, 1, 0, 0],
      ],
    };
    for (const mode of ['concat', 'sum', 'ave', 'mul', null] as const) {
      checkGradients(bidirectional(simpleRNN({ units: 3, returnSequences: true }), { mergeMode: mode }), [masked]);
    }
    checkGradients(bidirectional(gru({ units: 2 }), { mergeMode: 'mul' }), [xs]);
    const withStates = bidirectional(lstm({ units: 2, returnSequences: true, returnState: true }));
    checkGradients(withStates, [xs, randomTensor([2, 2], 1), randomTensor([2, 2], 2), randomTensor([2, 2], 3), randomTensor([2, 2], 4)]);
  });
});

describe('Bidirectional in Sequential', () => {
  it('summary (003 §6.3.8: Embedding(10000, 32) + Bidirectional(LSTM(32)) + Dense(1)) and save/load', async () => {
    const { Sequential } = await import('../../../src/models/sequential.ts');
    const { embedding, dense } = await import('../../../src/layers/index.ts');
    const { resetLayerNames } = await import('../../../src/layers/layer.ts');
    const { modelFromBytes, modelToBytes } = await import('../../../src/io/save.ts');
    resetLayerNames();
    const model = new Sequential([
      embedding({ inputDim: 10000, outputDim: 32 }),
      bidirectional(lstm({ units: 32 })),
      dense({ units: 1, activation: 'sigmoid' }),
    ]);
    model.build([null, null]);
    const text = model.summary({ print: false });
    expect(text).toContain('bidirectional (Bidirectional (None, 64)                16640');
    expect(text).toContain('Total params: 336,705');
    const loaded = modelFromBytes(modelToBytes(model));
    expect(loaded.summary({ print: false })).toBe(text);
    const x = new Tensor(
      Int32Array.from({ length: 2 * 7 }, (_, i) => (i * 37) % 10000),
      [2, 7],
    );
    expectClose((loaded.predictOnBatch(x) as Tensor).dataSync(), (model.predictOnBatch(x) as Tensor).dataSync(), {
      atol: 1e-5,
      rtol: 1e-5,
    });
  });
});
