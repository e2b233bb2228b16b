// stateful: each call continues from the previous call's final states (Keras), until resetStates().

import { beforeAll, describe, expect, it } from 'vitest';
import type { RNNBase } from '../../../src/layers/recurrent/base.ts';
import { gru, lstm, simpleRNN } from '../../../src/layers/recurrent/index.ts';
import { Random, setSeed } from '../../../src/random.ts';
import { Tensor } from '../../../src/tensor.ts';
import { expectClose, kernelSets, put, randomArray, read, useKernels, type KernelSet } from './helpers.ts';

const infer = { training: false, rng: new Random(1) };
const B = 3,
  T = 8,
  I = 2,
  U = 4;
let sets: KernelSet[] = [];
beforeAll(async () => {
  sets = await kernelSets();
});

/** Steps [from, to) of a [B, T, I] sequence. */
function steps(x: Float32Array, from: number, to: number): Float32Array {
  const out: number[] = [];
  for (let b = 0; b < B; b++) out.push(...x.subarray((b * T + from) * I, (b * T + to) * I));
  return Float32Array.from(out);
}

const makers: Array<[string, (stateful: boolean) => RNNBase]> = [
  ['LSTM', (stateful) => lstm({ units: U, stateful, returnSequences: true })],
  ['GRU', (stateful) => gru({ units: U, stateful, returnSequences: true })],
  ['SimpleRNN', (stateful) => simpleRNN({ units: U, stateful, returnSequences: true })],
];

/** A stateful layer and a plain one with the same weights. */
function twin(make: (stateful: boolean) => RNNBase): [RNNBase, RNNBase] {
  return [true, false].map((stateful) => {
    setSeed(4);
    const layer = make(stateful);
    layer.build([[B, null, I]]);
    return layer;
  }) as [RNNBase, RNNBase];
}

describe('stateful recurrent layers', () => {
  for (const [name, make] of makers) {
    it(`${name}: two calls on the halves of a sequence = one call on the whole; resetStates() starts over`, () => {
      for (const set of sets) {
        const k = useKernels(set);
        const [stateful, plain] = twin(make);
        const x = randomArray(B * T * I, new Random(3));
        const whole = read(k, plain.forward([put(k, x, [B, T, I])], infer)[0]!);
        const first = read(k, stateful.forward([put(k, steps(x, 0, 5), [B, 5, I])], infer)[0]!);
        const second = read(k, stateful.forward([put(k, steps(x, 5, T), [B, T - 5, I])], infer)[0]!);
        const joined: number[] = [];
        for (let b = 0; b < B; b++)
          joined.push(...first.subarray(b * 5 * U, (b + 1) * 5 * U), ...second.subarray(b * 3 * U, (b + 1) * 3 * U));
        expectClose(joined, whole, 1e-6, `${set.name} ${name}`);

        stateful.resetStates();
        const again = read(k, stateful.forward([put(k, steps(x, 0, 5), [B, 5, I])], infer)[0]!);
        expectClose(again, first, 0, `${set.name} ${name} after resetStates`);
      }
    });
  }

  it('gradients stop at the call boundary: the second call trains like a call given those states', () => {
    for (const set of sets) {
      const k = useKernels(set);
      const [stateful, plain] = twin((s) => lstm({ units: U, stateful: s, returnState: true }));
      const x = randomArray(B * T * I, new Random(6));
      const [, h1, c1] = stateful.forward([put(k, steps(x, 0, 4), [B, 4, I])], infer);
      const h = read(k, h1!),
        c = read(k, c1!);
      const x2 = put(k, steps(x, 4, T), [B, 4, I]);
      const dOut = put(k, randomArray(B * U, new Random(7)), [B, U]).buf;
      stateful.forward([x2], infer);
      for (const w of stateful.weights) k.fill(w.grad.offset, w.size, 0);
      const [dx] = stateful.backward([dOut, null, null], { needInputGrads: [true] });
      plain.forward([x2, put(k, h, [B, U]), put(k, c, [B, U])], infer);
      for (const w of plain.weights) k.fill(w.grad.offset, w.size, 0);
      const [dxWant] = plain.backward([dOut, null, null], { needInputGrads: [true, true, true] });
      expectClose(read(k, dx!), read(k, dxWant!), 1e-7, `${set.name} dx`);
      stateful.weights.forEach((w, i) => expectClose(read(k, w.grad), read(k, plain.weights[i]!.grad), 1e-7, `${set.name} ${w.name}`));
      expect(stateful.backward([dOut, null, null], { needInputGrads: [true] })).toHaveLength(1);
    }
  });

  it('resetStates(values) sets the states; a different batch size is an error until reset', () => {
    const k = useKernels(sets[0]!);
    const [stateful, plain] = twin((s) => gru({ units: U, stateful: s, name: s ? 'stateful_gru' : undefined }));
    const h0 = randomArray(B * U, new Random(8));
    const x = put(k, randomArray(B * 4 * I, new Random(9)), [B, 4, I]);
    stateful.resetStates([new Tensor(h0, [B, U])]);
    const got = read(k, stateful.forward([x], infer)[0]!);
    expectClose(got, read(k, plain.forward([x, put(k, h0, [B, U])], infer)[0]!), 0, 'resetStates(values)');
    expect(() => stateful.forward([put(k, new Float32Array(2 * 4 * I), [2, 4, I])], infer)).toThrow(
      'stateful_gru: stateful layer carries states for batch size 3, got input [2, …]; keep the batch size fixed or call resetStates()',
    );
    stateful.resetStates();
    expect(stateful.forward([put(k, new Float32Array(2 * 4 * I), [2, 4, I])], infer)[0]!.shape).toEqual([2, U]);
    expect(() => stateful.resetStates([new Tensor(h0, [U, B])])).toThrow(
      'stateful_gru.resetStates: expected 1 tensor(s) [batch, 4], got [4, 3]',
    );
    expect(stateful.getConfig().stateful).toBe(true);
  });
});
