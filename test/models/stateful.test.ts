// Stateful recurrent layers in functional models: a fixed batch size (batchShape), states carried
// from one predict() to the next, resetStates() to start over; Bidirectional forwards resetStates.
import { describe, expect, it } from 'vitest';
import { bidirectional, dense } from '../../src/layers/index.ts';
import { lstm } from '../../src/layers/recurrent/index.ts';
import { input, Model, type SymbolicTensor } from '../../src/models/functional.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { setSeed } from '../../src/random.ts';
import { Tensor } from '../../src/tensor.ts';
import { expectClose, randomTensor } from '../layers/layer-test.ts';

const T = (x: SymbolicTensor | SymbolicTensor[]): SymbolicTensor => x as SymbolicTensor;
const B = 2,
  F = 3,
  STEPS = 6;

/** Steps [from, to) of a [B, STEPS, F] tensor. */
const chunk = (x: Tensor, from: number, to: number): Tensor => {
  const d = x.dataSync();
  const out: number[] = [];
  for (let b = 0; b < B; b++) out.push(...d.subarray((b * STEPS + from) * F, (b * STEPS + to) * F));
  return new Tensor(Float32Array.from(out), [B, to - from, F]);
};

describe('stateful RNNs in functional models', () => {
  it('carries LSTM states across predict() calls until resetStates()', () => {
    setSeed(21);
    const x = input({ batchShape: [B, null, F] });
    const rnn = lstm({ units: 4, stateful: true, returnSequences: true });
    const model = new Model({ inputs: x, outputs: T(dense({ units: 2 }).apply(T(rnn.apply(x)))) });
    const plain = lstm({ units: 4, returnSequences: true });
    const xs = randomTensor([B, STEPS, F], 5);
    const whole = model.predictOnBatch(xs) as Tensor; // one call over all steps
    model.resetStates();
    const first = model.predictOnBatch(chunk(xs, 0, 4)) as Tensor;
    const second = model.predictOnBatch(chunk(xs, 4, 6)) as Tensor; // continues from step 4
    const w = whole.toArray() as number[][][];
    expectClose(first.dataSync(), w.flatMap((s) => s.slice(0, 4)).flat(), { atol: 1e-5, rtol: 1e-5 });
    expectClose(second.dataSync(), w.flatMap((s) => s.slice(4, 6)).flat(), { atol: 1e-5, rtol: 1e-5 });
    model.resetStates();
    expectClose((model.predictOnBatch(chunk(xs, 0, 4)) as Tensor).dataSync(), first.dataSync(), { atol: 1e-5, rtol: 1e-5 });
    expect(() => model.predictOnBatch(randomTensor([3, 4, F], 1))).toThrow(/stateful layer carries states for batch size 2/);
    void plain;
  });

  it('Bidirectional over a stateful LSTM resets both directions', () => {
    setSeed(22);
    const x = input({ batchShape: [B, null, F] });
    const bi = bidirectional(lstm({ units: 3, stateful: true }));
    const model = new Model({ inputs: x, outputs: T(bi.apply(x)) });
    expect((bi.backwardLayer as unknown as { stateful: boolean }).stateful).toBe(true);
    const xs = randomTensor([B, 4, F], 6);
    const a = (model.predictOnBatch(xs) as Tensor).dataSync().slice();
    const b = (model.predictOnBatch(xs) as Tensor).dataSync().slice();
    expect(Array.from(a)).not.toEqual(Array.from(b)); // states carried
    model.resetStates();
    expectClose((model.predictOnBatch(xs) as Tensor).dataSync(), a, { atol: 1e-5, rtol: 1e-5 });
  });

  it('Sequential.resetStates() resets a stateful layer, as Keras model.reset_states()', () => {
    setSeed(23);
    const model = new Sequential([lstm({ units: 4, stateful: true, batchInputShape: [B, null, F] }), dense({ units: 1 })]);
    const xs = randomTensor([B, 3, F], 7);
    const first = (model.predictOnBatch(xs) as Tensor).dataSync().slice();
    const carried = (model.predictOnBatch(xs) as Tensor).dataSync().slice();
    expect(Array.from(carried)).not.toEqual(Array.from(first));
    model.resetStates();
    expectClose((model.predictOnBatch(xs) as Tensor).dataSync(), first, { atol: 1e-5, rtol: 1e-5 });
  });
});
