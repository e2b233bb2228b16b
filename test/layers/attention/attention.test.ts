import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { engine } from '../../../src/engine.ts';
import { additiveAttention, attention } from '../../../src/layers/attention/index.ts';
import type { Layer } from '../../../src/layers/layer.ts';
import { Tensor } from '../../../src/tensor.ts';
import { expectClose, checkGradients, maskOf, randomTensor, runLayer, type RunInput, describeKernels } from '../layer-test.ts';

// Golden values: fixtures-src/sequence/attention.py (Keras 3's formulas written in PyTorch, autograd).
interface Case {
  kind: 'dot' | 'concat' | 'additive';
  useScale: boolean;
  withKey: boolean;
  masks: boolean;
  causal: boolean;
  params: Record<string, number[]>;
  out: number[];
  weights: number[];
  dq: number[];
  dv: number[];
  dk: number[] | null;
  dParams: Record<string, number[]>;
}
const fx = JSON.parse(readFileSync(new URL('../../fixtures/sequence/attention.json', import.meta.url), 'utf8')) as {
  shape: [number, number, number, number];
  q: number[];
  v: number[];
  k: number[];
  R: number[];
  P: number[];
  qMask: number[][];
  vMask: number[][];
  cases: Case[];
};
const [B, TQ, TV, D] = fx.shape;
const t = (v: number[], shape: number[]) => new Tensor(Float32Array.from(v), shape);

function makeLayer(c: Case): Layer {
  const common = { returnAttentionScores: true, useCausalMask: c.causal };
  if (c.kind === 'additive') return additiveAttention({ ...common, useScale: c.useScale });
  return attention({ ...common, useScale: c.useScale, scoreMode: c.kind });
}

describeKernels('Attention / AdditiveAttention vs Keras 3 formulas', () => {
  for (const c of fx.cases) {
    it(`${c.kind} scale=${c.useScale} key=${c.withKey} masks=${c.masks} causal=${c.causal}`, () => {
      const layer = makeLayer(c);
      const inputs: RunInput[] = [
        { tensor: t(fx.q, [B, TQ, D]), mask: c.masks ? fx.qMask : undefined },
        { tensor: t(fx.v, [B, TV, D]), mask: c.masks ? fx.vMask : undefined },
      ];
      if (c.withKey) inputs.push({ tensor: t(fx.k, [B, TV, D]) });
      layer.build(inputs.map((i) => [null, ...i.tensor.shape.slice(1)]));
      // weights in Keras order: scale, concat_score_weight
      const order = ['scale', 'concat_score_weight'].filter((n) => c.params[n]);
      layer.setWeights(order.map((n) => t(c.params[n]!, layer.weights.find((w) => w.name === n)!.shape)));
      const { outputs, acts } = runLayer(layer, inputs);
      expect(outputs.map((o) => o.shape)).toEqual([
        [B, TQ, D],
        [B, TQ, TV],
      ]);
      expectClose(outputs[0]!.dataSync(), c.out, { atol: 1e-5, rtol: 1e-5 });
      expectClose(outputs[1]!.dataSync(), c.weights, { atol: 1e-5, rtol: 1e-5 });
      if (c.masks) expect(maskOf(acts[0]!)!.slice(0, B * TQ)).toEqual(fx.qMask.flat());
      const heap = engine().heap;
      for (const w of layer.weights) heap.view(w.grad).fill(0);
      const gr = heap.alloc(fx.R.length);
      heap.view(gr).set(fx.R);
      const gp = heap.alloc(fx.P.length);
      heap.view(gp).set(fx.P);
      const grads = layer.backward([gr, gp], { needInputGrads: inputs.map(() => true) });
      expectClose(heap.view(grads[0]!).slice(0, B * TQ * D), c.dq, { atol: 1e-4, rtol: 1e-4 });
      expectClose(heap.view(grads[1]!).slice(0, B * TV * D), c.dv, { atol: 1e-4, rtol: 1e-4 });
      if (c.withKey) expectClose(heap.view(grads[2]!).slice(0, B * TV * D), c.dk!, { atol: 1e-4, rtol: 1e-4 });
      for (const n of order)
        expectClose(heap.view(layer.weights.find((w) => w.name === n)!.grad), c.dParams[n]!, { atol: 1e-4, rtol: 1e-4 });
      heap.release(gr);
      heap.release(gp);
    });
  }

  it('pass finite-difference checks (with dropout in training, masks, both score forms)', () => {
    const q = randomTensor([2, 3, 4], 1);
    const v = randomTensor([2, 5, 4], 2);
    const masked: RunInput[] = [
      {
        tensor: q,
        mask: [
          [1, 0, 1],
          [1, 1, 1],
        ],
      },
      {
        tensor: v,
        mask: [
          [1, 1, 0, 1, 1],
          [0, 1, 1, 1, 1],
        ],
      },
    ];
    checkGradients(attention({ useScale: true }), masked);
    checkGradients(attention({ scoreMode: 'concat', useScale: true }), [q, v, randomTensor([2, 5, 4], 3)]);
    checkGradients(additiveAttention(), masked);
    checkGradients(attention({ dropout: 0.3, returnAttentionScores: true }), [q, v], { training: true });
  });

  it('has Keras weights and shapes, and clear errors', () => {
    const a = additiveAttention();
    a.build([
      [null, null, 6],
      [null, null, 6],
    ]);
    expect(a.weights.map((w) => [w.name, w.shape])).toEqual([['scale', [6]]]);
    const l = attention({ useScale: true, scoreMode: 'concat' });
    l.build([
      [null, 2, 3],
      [null, 4, 3],
    ]);
    expect(l.weights.map((w) => w.name)).toEqual(['scale', 'concat_score_weight']);
    expect(
      attention().computeOutputShape([
        [null, 7, 8],
        [null, 9, 16],
        [null, 9, 8],
      ]),
    ).toEqual([[null, 7, 16]]);
    expect(() =>
      attention({ name: 'att' }).computeOutputShape([
        [null, 7, 8],
        [null, 9, 5],
      ]),
    ).toThrow(/att: query and key must have the same last dimension, got \(None, 7, 8\) and \(None, 9, 5\)/);
    expect(() => attention().computeOutputShape([[null, 7, 8]])).toThrow(/expects inputs \[query, value\]/);
  });
});
