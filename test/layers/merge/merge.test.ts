import { expect, it } from 'vitest';
import { add, average, concatenate, dot, maximum, minimum, multiply, subtract } from '../../../src/layers/merge/index.ts';
import { tensor } from '../../../src/tensor.ts';
import { expectClose, checkGradients, maskOf, randomTensor, runLayer, describeKernels } from '../layer-test.ts';

describeKernels('elementwise merges', () => {
  const a = tensor([
    [1, -2, 3],
    [0.5, 4, -1],
  ]);
  const b = tensor([
    [2, 1, -1],
    [3, -4, 2],
  ]);
  it('compute Add/Subtract/Multiply/Average/Maximum/Minimum', () => {
    expect(runLayer(add(), [a, b]).outputs[0]!.toArray()).toEqual([
      [3, -1, 2],
      [3.5, 0, 1],
    ]);
    expect(runLayer(subtract(), [a, b]).outputs[0]!.toArray()).toEqual([
      [-1, -3, 4],
      [-2.5, 8, -3],
    ]);
    expect(runLayer(multiply(), [a, b]).outputs[0]!.toArray()).toEqual([
      [2, -2, -3],
      [1.5, -16, -2],
    ]);
    expect(runLayer(average(), [a, b]).outputs[0]!.toArray()).toEqual([
      [1.5, -0.5, 1],
      [1.75, 0, 0.5],
    ]);
    expect(runLayer(maximum(), [a, b]).outputs[0]!.toArray()).toEqual([
      [2, 1, 3],
      [3, 4, 2],
    ]);
    expect(runLayer(minimum(), [a, b]).outputs[0]!.toArray()).toEqual([
      [1, -2, -1],
      [0.5, -4, -1],
    ]);
  });
  it('pass finite-difference checks (three inputs where allowed)', () => {
    const xs = [randomTensor([2, 3, 4], 1), randomTensor([2, 3, 4], 2), randomTensor([2, 3, 4], 3)];
    for (const layer of [add(), multiply(), average(), maximum(), minimum()]) checkGradients(layer, xs);
    checkGradients(subtract(), xs.slice(0, 2));
  });
  it('AND the time masks and reject mismatched shapes', () => {
    const x = randomTensor([2, 3, 2], 1);
    const { acts } = runLayer(add(), [
      {
        tensor: x,
        mask: [
          [1, 1, 0],
          [1, 0, 0],
        ],
      },
      {
        tensor: x,
        mask: [
          [0, 1, 1],
          [1, 1, 0],
        ],
      },
    ]);
    expect(maskOf(acts[0]!)!.slice(0, 6)).toEqual([0, 1, 0, 1, 0, 0]);
    expect(() =>
      add({ name: 'add_bad' }).computeOutputShape([
        [null, 3],
        [null, 4],
      ]),
    ).toThrow(/add_bad: inputs must have the same shape, got \(None, 3\) and \(None, 4\)/);
    expect(() =>
      subtract().computeOutputShape([
        [null, 3],
        [null, 3],
        [null, 3],
      ]),
    ).toThrow(/exactly 2 inputs/);
  });
});

describeKernels('Concatenate', () => {
  it('joins along the last axis by default, or any non-batch axis', () => {
    const a = tensor([
      [
        [1, 2],
        [3, 4],
      ],
    ]);
    const b = tensor([[[5], [6]]]);
    expect(runLayer(concatenate(), [a, b]).outputs[0]!.toArray()).toEqual([
      [
        [1, 2, 5],
        [3, 4, 6],
      ],
    ]);
    expect(runLayer(concatenate({ axis: 1 }), [a, tensor([[[7, 8]]])]).outputs[0]!.toArray()).toEqual([
      [
        [1, 2],
        [3, 4],
        [7, 8],
      ],
    ]);
    expect(
      concatenate().computeOutputShape([
        [null, null, 32],
        [null, null, 32],
      ]),
    ).toEqual([[null, null, 64]]);
    expect(() =>
      concatenate({ name: 'cat' }).computeOutputShape([
        [null, 3, 2],
        [null, 4, 2],
      ]),
    ).toThrow(/cat: inputs must match except on axis -1/);
    checkGradients(concatenate(), [randomTensor([2, 3, 2], 1), randomTensor([2, 3, 4], 2), randomTensor([2, 3, 1], 3)]);
    checkGradients(concatenate({ axis: 1 }), [randomTensor([2, 3, 2], 1), randomTensor([2, 1, 2], 2)]);
  });
});

describeKernels('Dot', () => {
  // Reference: plain loops of out[b, i, j] = Σ_f x[b, i, f] y[b, j, f] (keras.layers.Dot(axes=2)).
  it('computes batched dot products for axes (2,2), (1,1), (2,1), rank 2 and mixed ranks', () => {
    const x = randomTensor([2, 3, 4], 1);
    const y = randomTensor([2, 5, 4], 2);
    const xs = x.toArray() as number[][][];
    const ys = y.toArray() as number[][][];
    const expected = xs.map((xb, b) => xb.map((xi) => ys[b]!.map((yj) => xi.reduce((s, v, f) => s + v * yj[f]!, 0))));
    const out = runLayer(dot({ axes: 2 }), [x, y]).outputs[0]!;
    expect(out.shape).toEqual([2, 3, 5]);
    expectClose(out.dataSync(), (expected as number[][][]).flat(2), { atol: 1e-5, rtol: 1e-5 });
    expect(
      dot({ axes: [1, 1] }).computeOutputShape([
        [null, 7, 3],
        [null, 7, 5],
      ]),
    ).toEqual([[null, 3, 5]]);
    expect(
      dot({ axes: 1 }).computeOutputShape([
        [null, 4],
        [null, 4],
      ]),
    ).toEqual([[null, 1]]);
    const v = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(runLayer(dot({ axes: 1 }), [v, v]).outputs[0]!.toArray()).toEqual([[14], [77]]);
    const cos = runLayer(dot({ axes: 1, normalize: true }), [
      v,
      tensor([
        [2, 4, 6],
        [-4, -5, -6],
      ]),
    ]).outputs[0]!;
    expectClose(cos.dataSync(), [1, -1], { atol: 1e-5, rtol: 1e-5 });
    expect(() =>
      dot({ axes: 2, name: 'dd' }).computeOutputShape([
        [null, 3, 4],
        [null, 3, 5],
      ]),
    ).toThrow(/dd: dimension 2 of \(None, 3, 4\) \(4\) does not match dimension 2 of \(None, 3, 5\) \(5\)/);
  });
  it('passes finite-difference checks for every axes combination and normalize', () => {
    const x = randomTensor([2, 3, 4], 1);
    checkGradients(dot({ axes: 2 }), [x, randomTensor([2, 5, 4], 2)]);
    checkGradients(dot({ axes: 1 }), [x, randomTensor([2, 3, 2], 3)]);
    checkGradients(dot({ axes: [2, 1] }), [x, randomTensor([2, 4, 2], 4)]);
    checkGradients(dot({ axes: [1, 2] }), [x, randomTensor([2, 2, 3], 5)]);
    checkGradients(dot({ axes: [2, 1] }), [x, randomTensor([2, 4], 6)]);
    checkGradients(dot({ axes: 1 }), [randomTensor([2, 4], 7), randomTensor([2, 4], 8)]);
    checkGradients(dot({ axes: 2, normalize: true }), [x, randomTensor([2, 5, 4], 2)]);
    checkGradients(dot({ axes: 1, normalize: true }), [x, randomTensor([2, 3, 2], 3)]);
  });
});
