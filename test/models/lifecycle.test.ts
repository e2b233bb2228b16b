import { beforeEach, describe, expect, it } from 'vitest';
import { engine, layers, modelFromBytes, modelToBytes, Sequential, setLogSink, setSeed, tensor, type Tensor } from '../../src/index.ts';
import { resetLayerNames } from '../../src/layers/layer.ts';
import { rewriteHeader } from '../io/rewrite.ts';

beforeEach(() => {
  resetLayerNames();
  setLogSink({ dynamic: false, write: () => {} });
});

function small(): Sequential {
  const model = new Sequential([
    layers.dense({ units: 8, inputShape: [4], activation: 'relu' }),
    layers.dense({ units: 1, activation: 'sigmoid' }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['acc'] });
  return model;
}

function xy(n: number): [Tensor, Tensor] {
  const x = new Float32Array(n * 4).map((_, i) => Math.sin(i));
  const y = new Float32Array(n).map((_, i) => (i % 2 ? 1 : 0));
  return [tensor(x, [n, 4]), tensor(y, [n, 1])];
}

describe('model.dispose and heap reuse', () => {
  it('1,000 models created, trained and disposed leave the heap where it was', async () => {
    setSeed(1);
    const heap = engine().heap;
    const [x, y] = xy(16);
    const before = heap.allocatedElements;
    const firstModel = small();
    await firstModel.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    firstModel.dispose();
    const bytesAfterOne = heap.byteLength;
    for (let i = 0; i < 1000; i++) {
      const model = small();
      await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
      model.dispose();
    }
    expect(heap.allocatedElements).toBe(before);
    expect(heap.byteLength).toBe(bytesAfterOne);
  }, 60_000);

  it('a 10-epoch run allocates nothing after its first epoch', async () => {
    setSeed(2);
    const heap = engine().heap;
    const [x, y] = xy(50);
    const model = small();
    const inUse: number[] = [];
    await model.fit(x, y, {
      epochs: 10,
      batchSize: 16,
      verbose: 0,
      validationSplit: 0.2,
      callbacks: [{ onEpochEnd: () => void inUse.push(heap.allocatedElements) }],
    });
    expect(new Set(inUse.slice(1)).size).toBe(1);
    expect(inUse[9]).toBe(inUse[0]);
    model.dispose();
  });

  it('300 modelFromBytes + dispose reuse the same memory', () => {
    const model = small();
    model.predictOnBatch(xy(4)[0]);
    const bytes = modelToBytes(model);
    model.dispose();
    const heap = engine().heap;
    const before = heap.allocatedElements;
    for (let i = 0; i < 300; i++) modelFromBytes(bytes).dispose();
    expect(heap.allocatedElements).toBe(before);
  });

  it('a layer too big for the heap fails alone: the heap stays usable', async () => {
    const heap = engine().heap;
    const before = heap.allocatedElements;
    expect(() => new Sequential([layers.dense({ units: 1.1e9, inputShape: [4] })])).toThrow(/heap: cannot allocate/);
    const model = small();
    await model.fit(...xy(8), { verbose: 0 });
    model.dispose();
    expect(heap.allocatedElements).toBe(before);
  });

  it('a disposed model refuses to run with a clear error', async () => {
    const model = small();
    const [x, y] = xy(8);
    await model.fit(x, y, { verbose: 0 });
    model.dispose();
    await expect(model.predict(x)).rejects.toThrow(/the model was disposed/);
    await expect(model.fit(x, y, { verbose: 0 })).rejects.toThrow(/the model was disposed/);
    await expect(model.evaluate(x, y, { verbose: 0 })).rejects.toThrow(/the model was disposed/);
    expect(() => model.predictOnBatch(x)).toThrow(/the model was disposed/);
    model.dispose(); // twice is harmless
  });

  it('predict after layer.dispose() is an error, not a rebuild with fresh random weights', async () => {
    const model = small();
    const [x] = xy(4);
    await model.predict(x);
    model.layers[0]!.dispose();
    await expect(model.predict(x)).rejects.toThrow(/layer 'dense' was disposed/);
  });

  it('a model file that fails after its layers are built frees them', async () => {
    const model = small();
    await model.fit(...xy(4), { verbose: 0 });
    const bytes = rewriteHeader(modelToBytes(model), (h) => {
      h.optimizer!.slots[0]!.name = 'dense/kernel/nonsense'; // checked after the layers are built
    });
    model.dispose();
    const heap = engine().heap;
    const before = heap.allocatedElements;
    expect(() => modelFromBytes(bytes)).toThrow(/optimizer slot 'dense\/kernel\/nonsense'/);
    expect(heap.allocatedElements).toBe(before);
  });

  it('a second fit() of the same model while the first runs is refused', async () => {
    const model = small();
    const [x, y] = xy(64);
    const first = model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0 });
    await expect(model.fit(x, y, { verbose: 0 })).rejects.toThrow(/already training in another fit\(\)/);
    await first;
    await model.fit(x, y, { verbose: 0 }); // once the first has returned, fine
  });
});
