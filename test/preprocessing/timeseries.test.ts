// Golden values from fixtures-src/preprocessing/timeseries_reference.py: the textbook's
// generator() (code 6-33) verbatim, Keras 3 timeseries_dataset_from_array (numpy path) and the
// seeds' make_sample(), e.g.
//   gen = generator(data, lookback=6, delay=3, min_index=2, max_index=30, batch_size=4, step=2)
//   timeseries_dataset_from_array(series, None, sequence_length=5, sequence_stride=3, sampling_rate=2, batch_size=4)
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { makeSamples, timeseriesGenerator } from '../../src/preprocessing/timeseries.ts';
import { timeseriesDatasetFromArray } from '../../src/preprocessing/timeseries-dataset.ts';
import { Random } from '../../src/random.ts';
import { Tensor, tensor } from '../../src/tensor.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/preprocessing/timeseries.json', import.meta.url), 'utf8'));
const data: number[][] = fixture.data;

function expectCloseNested(actual: unknown, expected: unknown): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual)).toBe(true);
    expect((actual as unknown[]).length).toBe(expected.length);
    expected.forEach((e, i) => expectCloseNested((actual as unknown[])[i], e));
  } else expect(actual as number).toBeCloseTo(expected as number, 5);
}

describe('timeseriesGenerator (the textbook generator)', () => {
  for (const c of fixture.generator) {
    const o = c.options;
    it(`lookback ${o.lookback}, delay ${o.delay}, rows [${o.min_index}, ${o.max_index}), batch ${o.batch_size}, step ${o.step}: 9 sequential batches incl. wrap-around`, () => {
      const gen = timeseriesGenerator(data, {
        lookback: o.lookback,
        delay: o.delay,
        minIndex: o.min_index,
        maxIndex: o.max_index,
        batchSize: o.batch_size,
        step: o.step,
      });
      for (const [samples, targets] of c.batches) {
        const [x, y] = gen.next().value;
        expect(x.shape).toEqual([samples.length, o.lookback / o.step, 3]);
        expectCloseNested(x.toArray(), samples);
        expectCloseNested(y.toArray(), targets);
      }
    });
  }

  it('takes a 2-D Tensor without copying it, and yields fresh batches', () => {
    const t = tensor(data);
    const gen = timeseriesGenerator(t, { lookback: 6, delay: 3, minIndex: 2, maxIndex: 30, batchSize: 4, step: 2 });
    const [x] = gen.nextBatch();
    expectCloseNested(x.toArray(), fixture.generator[0].batches[0][0]);
    expect(x.dataSync().buffer).not.toBe(t.dataSync().buffer);
  });

  it('shuffled windows come from [minIndex + lookback, maxIndex) and match their rows (seeded, repeatable)', () => {
    const opts = { lookback: 6, delay: 3, minIndex: 2, maxIndex: 30, batchSize: 16, step: 2, shuffle: true };
    const a = timeseriesGenerator(data, { ...opts, rng: new Random(7) });
    const b = timeseriesGenerator(data, { ...opts, rng: new Random(7) });
    for (let k = 0; k < 5; k++) {
      const [x, y] = a.nextBatch();
      const [x2, y2] = b.nextBatch();
      expect(x.dataSync()).toEqual(x2.dataSync());
      expect(y.dataSync()).toEqual(y2.dataSync());
      const xs = x.toArray() as number[][][];
      (y.toArray() as number[]).forEach((target, j) => {
        // data[r][0] = 1.5 r − 7, so the window's last row tells r.
        const last = xs[j]![2]![0]!;
        const r = Math.round((last + 7) / 1.5) + 2; // last sampled row is r − 2 (step 2)
        expect(r).toBeGreaterThanOrEqual(8);
        expect(r).toBeLessThan(30);
        expect(target).toBeCloseTo(data[r + 3]![1]!, 5);
      });
    }
  });

  it('is an infinite iterable whose for…of continues where the last one stopped (like a Python generator)', async () => {
    const gen = timeseriesGenerator(data, { lookback: 4, delay: 0, batchSize: 5, step: 1 });
    const firsts: number[] = [];
    for (const [x] of gen) {
      firsts.push(x.dataSync()[0]!);
      if (firsts.length === 2) break;
    }
    for await (const [x] of gen) {
      firsts.push(x.dataSync()[0]!);
      break;
    }
    const expected = fixture.generator[1].batches.slice(0, 3).map((b: number[][][][]) => b[0][0]![0]![0]);
    expect(firsts).toEqual(expected.map((v: number) => Math.fround(v)));
    expect(gen.stepsPerPass).toBe(Math.floor((40 - 0 - 1 - 4) / 5));
  });

  it('streams a Jena-sized series (420,551 × 14, 240-step windows) in flat memory', async () => {
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    const rows = 420_551;
    const big = new Float32Array(rows * 14);
    for (let i = 0; i < big.length; i++) big[i] = (i % 97) * 0.01;
    const series = new Tensor(big, [rows, 14]);
    const gen = timeseriesGenerator(series, {
      lookback: 1440,
      delay: 144,
      minIndex: 0,
      maxIndex: 200_000,
      shuffle: true,
      step: 6,
      batchSize: 128,
      rng: new Random(1),
    });
    // The series is used in place, not copied or expanded into windows.
    expect((gen as unknown as { data: { values: Float32Array } }).data.values).toBe(big);
    const batches: WeakRef<ArrayBuffer>[] = [];
    for (let k = 0; k < 40; k++) {
      const [x, y] = gen.nextBatch();
      expect(x.shape).toEqual([128, 240, 14]);
      expect(y.shape).toEqual([128]);
      // Each batch is its own small buffer (1.7 MB), not a view into a materialised array.
      expect(x.dataSync().buffer.byteLength).toBe(128 * 240 * 14 * 4);
      batches.push(new WeakRef(x.dataSync().buffer as ArrayBuffer));
    }
    // Nothing keeps old batches alive: after a collection they are gone, so memory stays flat.
    // (process-wide memory figures are not used: other test files share this process.)
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    // (The test framework may still hold the last asserted value.)
    expect(batches.filter((ref) => ref.deref() !== undefined).length).toBeLessThanOrEqual(1);
  });

  it('rejects bad input with clear errors', () => {
    expect(() => timeseriesGenerator(data, { lookback: 102, delay: 1 })).toThrow(/lookback 102 is longer than the data allows/);
    expect(() => timeseriesGenerator(data, { lookback: 7, delay: 1, step: 2 })).toThrow(/not a multiple of step/);
    expect(() => timeseriesGenerator(data, { lookback: 4, delay: 5, maxIndex: 39, step: 1 })).toThrow(/past the last row/);
    expect(() => timeseriesGenerator([1, 2, 3, 4, 5, 6, 7, 8], { lookback: 2, delay: 1, step: 1 })).toThrow(
      /targetColumn 1 is outside the 1 column\(s\).*targetColumn: 0/,
    );
    const withNaN = data.map((r) => [...r]);
    withNaN[12]![2] = NaN;
    expect(() => timeseriesGenerator(withNaN, { lookback: 6, delay: 1, step: 2 })).toThrow(
      'timeseriesGenerator: data row 12, column 2 is NaN',
    );
    expect(() => timeseriesGenerator([[1, 2], [3]], { lookback: 1, delay: 0, step: 1 })).toThrow(/row 1 has 1 values, expected 2/);
    expect(() => timeseriesGenerator(data, { lookback: 0, delay: 1 })).toThrow(/lookback must be an integer ≥ 1/);
  });
});

describe('timeseriesDatasetFromArray (Keras 3)', () => {
  const series: number[] = fixture.series;
  for (const c of fixture.dataset) {
    it(`${JSON.stringify(c.options)}${c.with_targets ? ' with targets' : ''}${c.multivariate ? ', multivariate' : ''}`, async () => {
      const o = c.options;
      const source = c.multivariate ? data : series;
      const targets = c.with_targets ? (c.multivariate ? data.slice(4).map((r) => r[1]!) : series.slice(3).map((v) => v * 10)) : null;
      const options = {
        sequenceLength: o.sequence_length,
        sequenceStride: o.sequence_stride,
        samplingRate: o.sampling_rate,
        batchSize: o.batch_size,
        startIndex: o.start_index,
        endIndex: o.end_index,
      };
      const ds = targets ? timeseriesDatasetFromArray(source, targets, options) : timeseriesDatasetFromArray(source, null, options);
      const got: unknown[] = [];
      for (const batch of ds as Iterable<Tensor | [Tensor, Tensor]>) got.push(batch);
      expect(got.length).toBe(c.batches.length);
      expect(ds.length).toBe(c.batches.length);
      got.forEach((batch, b) => {
        const [x, y] = Array.isArray(batch) ? batch : [batch, null];
        expectCloseNested(x.toArray(), c.batches[b][0]);
        if (y) expectCloseNested(y.toArray(), c.batches[b][1]);
      });
      // Re-iterable, and async-iterable.
      let n = 0;
      for await (const _ of ds as AsyncIterable<unknown>) n++;
      expect(n).toBe(c.batches.length);
    });
  }

  it('shuffle visits every window once per pass, seeded', () => {
    const series: number[] = fixture.series;
    const ds = timeseriesDatasetFromArray(series, null, { sequenceLength: 3, batchSize: 4, shuffle: true, seed: 3 });
    const firsts: number[] = [];
    for (const x of ds) for (const row of x.toArray() as number[][]) firsts.push(row[0]!);
    expect(firsts.length).toBe(28);
    expect([...firsts].sort((a, b) => a - b)).toEqual(series.slice(0, 28));
    const again = timeseriesDatasetFromArray(series, null, { sequenceLength: 3, batchSize: 4, shuffle: true, seed: 3 });
    expect([...again][0]!.dataSync()).toEqual(
      [...timeseriesDatasetFromArray(series, null, { sequenceLength: 3, batchSize: 4, shuffle: true, seed: 3 })][0]!.dataSync(),
    );
  });

  it('batchSize null yields single sequences', () => {
    const ds = timeseriesDatasetFromArray([1, 2, 3, 4], [10, 20, 30, 40], { sequenceLength: 2, batchSize: null });
    const items = [...ds];
    expect(items.length).toBe(3);
    expect(items[0]![0].shape).toEqual([2]);
    expect(items[2]![0].toArray()).toEqual([3, 4]);
    expect(items[2]![1].toArray()).toEqual(30);
  });

  it('errors: no window fits, endIndex ≥ length, bad strides, NaN', () => {
    expect(() => timeseriesDatasetFromArray([1, 2, 3], null, { sequenceLength: 5 })).toThrow(/no window fits/);
    expect(() => timeseriesDatasetFromArray([1, 2, 3], null, { sequenceLength: 1, endIndex: 3 })).toThrow(
      /endIndex 3 must be lower than the length/,
    );
    expect(() => timeseriesDatasetFromArray([1, 2, 3], null, { sequenceLength: 1, samplingRate: 0 })).toThrow(
      /samplingRate must be an integer ≥ 1/,
    );
    expect(() => timeseriesDatasetFromArray([1, NaN, 3], null, { sequenceLength: 1 })).toThrow(/data row 1, column 0 is NaN/);
  });
});

describe('makeSamples (seed 004 make_sample)', () => {
  it('reproduces the sine-wave example shapes and values', () => {
    const sine = Array.from({ length: 1000 }, (_, i) => [Math.sin(Math.PI * i * 0.01)]);
    const [x, y] = makeSamples(sine, 10);
    const f = fixture.make_sample_sine;
    expect(x.shape).toEqual(f.x_shape);
    expect(y.shape).toEqual(f.y_shape);
    const xs = x.toArray() as number[][][];
    const ys = y.toArray() as number[][];
    expectCloseNested(xs[0], f.x0);
    expectCloseNested(ys[0], f.y0);
    expectCloseNested(xs[xs.length - 1], f.x_last);
    expectCloseNested(ys[ys.length - 1], f.y_last);
  });
  it('a 1-D series counts as one feature', () => {
    const [x, y] = makeSamples([1, 2, 3, 4], 2);
    expect(x.toArray()).toEqual([
      [[1], [2]],
      [[2], [3]],
    ]);
    expect(y.toArray()).toEqual([[3], [4]]);
  });
  it('a window as long as the data is an error', () => {
    expect(() => makeSamples([1, 2, 3], 3)).toThrow(/window 3 leaves no samples/);
  });
});
