// Arrays and datasets become the same batches: the same checks and the same weights on both paths.
import { beforeEach, describe, expect, it } from 'vitest';
import { layers, optimizers, Sequential, setLogSink, setSeed, tensor, type Tensor } from '../../../src/index.ts';
import { resetLayerNames } from '../../../src/layers/layer.ts';
import { Random } from '../../../src/random.ts';
import { ArrayAdapter, DatasetAdapter, sampleWeights, type Batch } from '../../../src/models/training/data-adapter.ts';

beforeEach(() => {
  resetLayerNames();
  setSeed(1);
  setLogSink({ dynamic: false, write: () => {} });
});

/** Copies what each batch holds (its arrays are reused by the next batch). */
const read = (batches: Iterable<Batch> | AsyncIterable<Batch>): Array<[number, number, number[], number[] | null]> =>
  Array.from(batches as Iterable<Batch>, (b) => [
    b.start,
    b.count,
    Array.from(b.targets[0]!),
    b.sampleWeight && Array.from(b.sampleWeight),
  ]);

const rows = (n: number, width: number): Tensor =>
  tensor(
    Float32Array.from({ length: n * width }, (_, i) => i),
    [n, width],
  );

function model(): Sequential {
  const m = new Sequential([layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })]);
  m.compile({ optimizer: optimizers.sgd({ learningRate: 0.1 }), loss: 'binary_crossentropy' });
  return m;
}

describe('ArrayAdapter', () => {
  it('slices rows in order, or shuffled with the pass rng; targets and weights follow their rows', () => {
    const x = rows(5, 2);
    const y = tensor([0, 1, 2, 3, 4], [5, 1]);
    const w = Float32Array.from([10, 11, 12, 13, 14]);
    expect(read(new ArrayAdapter([x], [y], w, 2).batches(null))).toEqual([
      [0, 2, [0, 1], [10, 11]],
      [2, 2, [2, 3], [12, 13]],
      [4, 1, [4], [14]],
    ]);
    const shuffled = read(new ArrayAdapter([x], [y], w, 2, true).batches(new Random(4)));
    const seen = shuffled.flatMap(([, , targets]) => targets);
    expect(seen.slice().sort()).toEqual([0, 1, 2, 3, 4]);
    expect(seen).not.toEqual([0, 1, 2, 3, 4]);
    for (const [, , targets, weights] of shuffled) expect(weights).toEqual(targets.map((v) => v + 10));
  });

  it('takes the validation split from the end, before shuffling, and rejects splits that leave a side empty', () => {
    const adapter = new ArrayAdapter([rows(10, 2)], [tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [10, 1])], null, 4, true);
    const [train, val] = adapter.splitValidation(0.3, 'm.fit');
    expect([train.samples, val.samples]).toEqual([7, 3]);
    expect(read(val.batches(null)).flatMap(([, , targets]) => targets)).toEqual([7, 8, 9]);
    expect(() => adapter.splitValidation(0.95, 'm.fit')).toThrow(/leaves an empty training or validation set/);
    expect(() => adapter.splitValidation(1, 'm.fit')).toThrow(/validationSplit must be in \(0, 1\)/);
  });

  it('multiplies sample weights by class weights (class id, or the argmax of one-hot targets)', () => {
    expect(Array.from(sampleWeights([tensor([0, 1, 1], [3, 1])], tensor([1, 2, 3]), { 1: 5 })!)).toEqual([1, 10, 15]);
    expect(
      Array.from(
        sampleWeights(
          [
            tensor([
              [1, 0],
              [0, 1],
            ]),
          ],
          null,
          { 0: 2 },
        )!,
      ),
    ).toEqual([2, 1]);
    expect(sampleWeights([tensor([0, 1], [2, 1])], null, undefined)).toBeNull();
  });
});

describe('DatasetAdapter', () => {
  it('starts a finite dataset over each pass, and with steps continues across passes, wrapping once', async () => {
    const batches = [0, 1, 2].map((i) => [rows(1, 2), tensor([i], [1, 1])]);
    const ids = async (adapter: DatasetAdapter): Promise<number[]> => {
      const out: number[] = [];
      for await (const b of adapter.batches()) out.push(b.targets[0]![0]!);
      return out;
    };
    const options = { needTargets: true, numInputs: 1, where: 'm.fit', checkInputs: () => {} };
    const finite = new DatasetAdapter(batches, { ...options, steps: null });
    expect([await ids(finite), await ids(finite)]).toEqual([
      [0, 1, 2],
      [0, 1, 2],
    ]);
    const stepped = new DatasetAdapter(batches, { ...options, steps: 2, continueAcrossPasses: true });
    expect([await ids(stepped), await ids(stepped)]).toEqual([
      [0, 1],
      [2, 0],
    ]);
    expect(stepped.ranOutAfter).toBeNull();
  });
});

describe('fit on a dataset does what fit on arrays does', () => {
  it('checks validationData arrays (rows and input shapes) before training', async () => {
    const m = model();
    const train = [[rows(4, 2), tensor([0, 1, 0, 1], [4, 1])] as [Tensor, Tensor]];
    await expect(m.fit(train, { verbose: 0, validationData: [rows(3, 2), tensor([0, 1], [2, 1])] })).rejects.toThrow(
      /validationData: x has 3 samples but y has 2/,
    );
    await expect(m.fit(train, { verbose: 0, validationData: [rows(3, 5), tensor([0, 1, 0], [3, 1])] })).rejects.toThrow(
      /validationData: x has shape \[3, 5\]/,
    );
  });

  it('weights validation samples given as [x, y, sampleWeight] (zero weight on a sample drops it from val_loss)', async () => {
    const x = rows(4, 2);
    const y = tensor([0, 1, 0, 1], [4, 1]);
    const onlyFirstTwo = tensor([1, 1, 0, 0]);
    const run = async (validationData: [Tensor, Tensor] | [Tensor, Tensor, Tensor]): Promise<number> => {
      resetLayerNames();
      setSeed(1);
      const h = await model().fit([[x, y]], { verbose: 0, seed: 3, validationData });
      return h.history.val_loss![0]!;
    };
    const weighted = await run([x, y, onlyFirstTwo]);
    expect(weighted).not.toBeCloseTo(await run([x, y]), 6);
    expect(weighted).toBeCloseTo((await run([x.slice(0, 2), y.slice(0, 2)])) / 2, 6);
  });

  it('applies classWeight to dataset batches as to arrays, and rejects sampleWeight (yield it with the batch)', async () => {
    const x = rows(6, 2);
    const y = tensor([0, 1, 0, 1, 0, 1], [6, 1]);
    const train = async (data: 'arrays' | 'dataset'): Promise<number[]> => {
      resetLayerNames();
      setSeed(1);
      const m = model();
      const args = { verbose: 0 as const, seed: 2, shuffle: false, batchSize: 6, classWeight: { 0: 0.25, 1: 3 } };
      await (data === 'arrays' ? m.fit(x, y, args) : m.fit([[x, y]], args));
      return m.getWeights().flatMap((t) => Array.from(t.dataSync()));
    };
    expect(await train('dataset')).toEqual(await train('arrays'));
    await expect(model().fit([[x, y]], { verbose: 0, sampleWeight: tensor([1, 1, 1, 1, 1, 1]) })).rejects.toThrow(
      /sampleWeight is not supported with a dataset/,
    );
  });
});
