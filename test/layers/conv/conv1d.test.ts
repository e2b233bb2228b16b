import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { engine } from '../../../src/engine.ts';
import { conv1d, windowGeometry } from '../../../src/layers/conv/conv1d.ts';
import { averagePooling1d, globalAveragePooling1d, globalMaxPooling1d, maxPooling1d } from '../../../src/layers/conv/pooling.ts';
import { Tensor, tensor } from '../../../src/tensor.ts';
import { expectClose, checkGradients, randomTensor, runLayer, describeKernels } from '../layer-test.ts';

// Golden values: fixtures-src/sequence/conv1d.py (PyTorch, converted to channels-last).
interface ConvCase {
  kernelSize: number;
  strides: number;
  dilationRate: number;
  padding: 'valid' | 'same' | 'causal';
  activation: string | null;
  kernel: number[];
  bias: number[];
  outShape: number[];
  y: number[];
  dx: number[];
  dKernel: number[];
  dBias: number[];
}
interface PoolCase {
  kind: 'max' | 'avg';
  poolSize: number;
  strides: number;
  padding: 'valid' | 'same';
  outShape: number[];
  y: number[];
  dx: number[];
}
const fx = JSON.parse(readFileSync(new URL('../../fixtures/sequence/conv1d.json', import.meta.url), 'utf8')) as {
  x: number[];
  xShape: number[];
  R: number[];
  filters: number;
  conv: ConvCase[];
  pool: PoolCase[];
};
const x = new Tensor(Float32Array.from(fx.x), fx.xShape);

function backwardWith(
  layer: {
    backward: (
      g: Array<{ offset: number; length: number } | null>,
      c: { needInputGrads: boolean[] },
    ) => Array<{ offset: number; length: number } | null>;
  },
  n: number,
) {
  const heap = engine().heap;
  const g = heap.alloc(n);
  heap.view(g).set(fx.R.slice(0, n));
  const [dx] = layer.backward([g], { needInputGrads: [true] });
  return heap.view(dx!).slice(0, x.size);
}

describeKernels('Conv1D', () => {
  for (const c of fx.conv) {
    it(`matches PyTorch: k=${c.kernelSize} strides=${c.strides} dilation=${c.dilationRate} ${c.padding} ${c.activation ?? 'linear'}`, () => {
      const layer = conv1d({
        filters: fx.filters,
        kernelSize: c.kernelSize,
        strides: c.strides,
        dilationRate: c.dilationRate,
        padding: c.padding,
        activation: c.activation,
      });
      layer.build([[null, null, 3]]);
      layer.setWeights([new Tensor(Float32Array.from(c.kernel), [c.kernelSize, 3, fx.filters]), tensor(c.bias)]);
      const { outputs } = runLayer(layer, [x]);
      expect(outputs[0]!.shape).toEqual(c.outShape);
      expectClose(outputs[0]!.dataSync(), c.y, { atol: 1e-5, rtol: 1e-5 });
      const heap = engine().heap;
      for (const w of layer.weights) heap.view(w.grad).fill(0);
      const dx = backwardWith(layer, outputs[0]!.size);
      expectClose(dx, c.dx, { atol: 1e-5, rtol: 1e-5 });
      expectClose(heap.view(layer.kernel.grad), c.dKernel, { atol: 1e-5, rtol: 1e-5 });
      expectClose(heap.view(layer.bias!.grad), c.dBias, { atol: 1e-5, rtol: 1e-5 });
    });
  }

  it('passes a finite-difference check (strided, dilated, causal, valid windows)', () => {
    checkGradients(conv1d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh' }), [randomTensor([2, 7, 2], 3)]);
    checkGradients(conv1d({ filters: 2, kernelSize: 2, dilationRate: 2, padding: 'causal' }), [randomTensor([2, 6, 3], 4)]);
    // 'valid' without dilation: the overlapping-window GEMM (one per sample, K = k·in)
    checkGradients(conv1d({ filters: 3, kernelSize: 4, strides: 3, activation: 'tanh' }), [randomTensor([2, 13, 3], 5)]);
    // 'valid', stride 1: backward as two GEMMs over the whole batch (zero rows between samples)
    checkGradients(conv1d({ filters: 3, kernelSize: 4, activation: 'tanh' }), [randomTensor([3, 9, 2], 6)]);
    checkGradients(conv1d({ filters: 2, kernelSize: 5 }), [randomTensor([2, 5, 3], 7)]); // one output step per sample
    checkGradients(conv1d({ filters: 2, kernelSize: 1 }), [randomTensor([2, 4, 3], 8)]);
  });

  it('counts k·in·f + f parameters and prints None time as Keras does', () => {
    const a = conv1d({ filters: 32, kernelSize: 7, activation: 'relu' });
    expect(a.computeOutputShape([[null, 500, 128]])).toEqual([[null, 494, 32]]);
    expect(a.computeOutputShape([[null, null, 128]])).toEqual([[null, null, 32]]);
    a.build([[null, null, 128]]);
    expect(a.countParams()).toBe(28704);
    const b = conv1d({ filters: 64, kernelSize: 5, padding: 'valid', activation: 'relu' });
    b.build([[null, null, 120]]);
    expect(b.countParams()).toBe(38464);
    expect(b.weights.map((w) => w.shape)).toEqual([[5, 120, 64], [64]]);
    expect(windowGeometry(10, 3, 1, 2, 'causal')).toEqual({ outLen: 10, padLeft: 4 });
  });

  it('rejects bad input with the layer name and shapes', () => {
    const layer = conv1d({ filters: 2, kernelSize: 3, name: 'conv_bad' });
    expect(() => layer.computeOutputShape([[null, 5]])).toThrow(/conv_bad: expected input of rank 3/);
    layer.build([[null, null, 4]]);
    expect(() => runLayer(layer, [randomTensor([1, 5, 3])])).toThrow(/conv_bad: expected input \[batch, time, 4\], got \[1, 5, 3\]/);
    expect(() => conv1d({ filters: 2, kernelSize: 3, padding: 'full' as 'same' })).toThrow(/padding must be/);
    expect(() => conv1d({ filters: 2, kernelSize: 3, activation: 'swishy' })).toThrow(/unknown activation 'swishy'/);
  });
});

describeKernels('pooling', () => {
  for (const p of fx.pool) {
    it(`${p.kind} pool ${p.poolSize}/${p.strides} ${p.padding} matches PyTorch`, () => {
      const layer =
        p.kind === 'max'
          ? maxPooling1d({ poolSize: p.poolSize, strides: p.strides, padding: p.padding })
          : averagePooling1d({ poolSize: p.poolSize, strides: p.strides, padding: p.padding });
      const { outputs } = runLayer(layer, [x]);
      expect(outputs[0]!.shape).toEqual(p.outShape);
      expectClose(outputs[0]!.dataSync(), p.y, { atol: 1e-6, rtol: 1e-6 });
      expectClose(backwardWith(layer, outputs[0]!.size), p.dx, { atol: 1e-6, rtol: 1e-6 });
    });
  }

  it('global pooling reduces time; average honours the mask; gradients check', () => {
    const t = tensor([
      [
        [1, -2],
        [3, 5],
        [0, 1],
      ],
      [
        [2, 2],
        [-1, 4],
        [7, -3],
      ],
    ]);
    expect(runLayer(globalMaxPooling1d(), [t]).outputs[0]!.toArray()).toEqual([
      [3, 5],
      [7, 4],
    ]);
    expectClose(runLayer(globalAveragePooling1d(), [t]).outputs[0]!.dataSync(), [4 / 3, 4 / 3, 8 / 3, 1], { atol: 1e-5, rtol: 1e-5 });
    const masked = runLayer(globalAveragePooling1d(), [
      {
        tensor: t,
        mask: [
          [1, 1, 0],
          [0, 0, 1],
        ],
      },
    ]).outputs[0]!;
    expectClose(masked.dataSync(), [2, 1.5, 7, -3], { atol: 1e-5, rtol: 1e-5 });
    expect(runLayer(globalMaxPooling1d({ keepdims: true }), [t]).outputs[0]!.shape).toEqual([2, 1, 2]);
    checkGradients(globalMaxPooling1d(), [randomTensor([2, 5, 3], 5)]);
    checkGradients(globalAveragePooling1d(), [
      {
        tensor: randomTensor([2, 4, 3], 6),
        mask: [
          [1, 1, 1, 0],
          [1, 0, 0, 0],
        ],
      },
    ]);
    checkGradients(maxPooling1d({ poolSize: 3, strides: 2, padding: 'same' }), [randomTensor([2, 7, 2], 8)]);
    checkGradients(averagePooling1d({ poolSize: 3, strides: 2, padding: 'same' }), [randomTensor([2, 7, 2], 9)]);
  });

  it('output shapes follow Keras, None time stays None', () => {
    expect(maxPooling1d({ poolSize: 5 }).computeOutputShape([[null, 494, 32]])).toEqual([[null, 98, 32]]);
    expect(maxPooling1d({ poolSize: 4 }).computeOutputShape([[null, null, 64]])).toEqual([[null, null, 64]]);
    expect(globalMaxPooling1d().computeOutputShape([[null, null, 32]])).toEqual([[null, 32]]);
    expect(() => runLayer(maxPooling1d({ poolSize: 5, name: 'mp' }), [randomTensor([1, 3, 2])])).toThrow(
      /mp: input of 3 steps is shorter than poolSize 5/,
    );
  });
});
