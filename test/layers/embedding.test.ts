import { describe, expect, it } from 'vitest';
import { engine } from '../../src/engine.ts';
import { layers } from '../../src/index.ts';
import { Random } from '../../src/random.ts';
import { tensor } from '../../src/tensor.ts';
import { checkGradients, layerTest, toActivation } from './layer-test.ts';

const ctx = { training: false, rng: new Random(1) };

describe('Embedding', () => {
  it('looks up rows of the table and gives (None, 20, 8) for inputLength 20', () => {
    const e = layers.embedding({ inputDim: 4, outputDim: 2, inputLength: 3 });
    expect(e.computeOutputShape([e.batchInputShape!])).toEqual([[null, 3, 2]]);
    e.build([[null, 3]]);
    e.setWeights([
      tensor([
        [0, 0],
        [1, 1],
        [2, 2],
        [3, 3],
      ]),
    ]);
    const y = e.forward([toActivation(tensor(new Int32Array([3, 1, 0]), [1, 3]))], ctx)[0]!;
    expect(y.shape).toEqual([1, 3, 2]);
    expect([...engine().heap.view(y.buf)]).toEqual([3, 3, 1, 1, 0, 0]);
    expect(y.mask ?? null).toBeNull();
  });

  it('initialises uniformly in ±0.05 and counts V·d params', () => {
    const e = layers.embedding({ inputDim: 10000, outputDim: 8 });
    expect(e.batchInputShape).toEqual([null, null]);
    e.build([[null, null]]);
    expect(e.countParams()).toBe(80000);
    const w = e.getWeights()[0]!.dataSync();
    expect(Math.max(...w)).toBeLessThanOrEqual(0.05);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-0.05);
  });

  it('sets a [batch, time] 0/1 mask with maskZero', () => {
    const e = layers.embedding({ inputDim: 5, outputDim: 2, maskZero: true });
    e.build([[null, null]]);
    const y = e.forward([toActivation(tensor(new Int32Array([0, 0, 2, 4, 0, 1]), [2, 3]))], ctx)[0]!;
    expect([...engine().heap.view({ offset: y.mask!.offset, length: 6 })]).toEqual([0, 0, 1, 1, 0, 1]);
  });

  it('says which id is out of range', () => {
    const e = layers.embedding({ inputDim: 10, outputDim: 2 });
    e.build([[null, null]]);
    expect(() => e.forward([toActivation(tensor(new Int32Array([1, 2, 3, 10]), [2, 2]))], ctx)).toThrow(
      /token id 10 at \[1, 1\] is outside \[0, 10\)/,
    );
    expect(() => e.forward([toActivation(tensor(new Float32Array(2), [1, 2]))], ctx)).toThrow(/expects int32 token ids/);
  });

  it('scatter-adds gradients into the rows used (repeated ids add up)', () => {
    const e = layers.embedding({ inputDim: 6, outputDim: 3 });
    checkGradients(e, [tensor(new Int32Array([1, 2, 2, 5, 0, 1]), [2, 3])], { tol: { atol: 1e-2, rtol: 1e-2 } });
  });

  it('accepts pre-trained weights and can be frozen', () => {
    const table = tensor(
      new Float32Array(12).map((_, i) => i),
      [4, 3],
    );
    const e = layers.embedding({ inputDim: 4, outputDim: 3, weights: [table], trainable: false });
    e.build([[null, null]]);
    expect(e.getWeights()[0]!.dataSync()).toEqual(table.dataSync());
    expect(e.trainableWeights).toHaveLength(0);
    expect(e.nonTrainableWeights).toHaveLength(1);
  });
});

layerTest('Embedding', {
  make: () => layers.embedding({ inputDim: 4, outputDim: 2, maskZero: true }),
  inputs: () => [tensor(new Int32Array([3, 1, 0]), [1, 3])],
  outputShapes: [[1, 3, 2]],
  weights: { trainable: 1, params: 8 },
  golden: {
    weights: () => [
      tensor([
        [0, 0],
        [1, 1],
        [2, 2],
        [3, 3],
      ]),
    ],
    outputs: [[3, 3, 1, 1, 0, 0]],
    tol: 0,
  },
  gradients: { tol: { atol: 1e-2, rtol: 1e-2 } },
});
