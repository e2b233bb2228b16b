// The same layer, weights, inputs and dropout masks on the reference and the wasm kernels:
// outputs, input/state gradients and weight gradients agree (float32 rounding only).

import { beforeAll, describe, expect, it } from 'vitest';
import type { Kernels } from '../../../src/kernels/index.ts';
import { RNNBase } from '../../../src/layers/recurrent/base.ts';
import { gru, lstm, simpleRNN } from '../../../src/layers/recurrent/index.ts';
import { Random, setSeed } from '../../../src/random.ts';
import { kernelSets, put, randomArray, read, useKernels, type KernelSet } from './helpers.ts';

let sets: KernelSet[] = [];
beforeAll(async () => {
  sets = await kernelSets();
});
/** Blocks of a few steps, so the block boundaries are exercised. */
const blockRows = 5;

const B = 6,
  T = 11,
  I = 5,
  U = 7;
const mask = Float32Array.from({ length: B * T }, (_, i) => (i % T < (i / T) % 3 || i % 7 === 3 ? 0 : 1));

/** Everything a training step produces, flattened in a fixed order. */
function trainingStep(k: Kernels, make: () => RNNBase, masked: boolean, withState: boolean): Float32Array[] {
  setSeed(11);
  const layer = make();
  const x = put(k, randomArray(B * T * I, new Random(1)), [B, T, I], masked ? mask : undefined);
  const states = withState
    ? Array.from({ length: layer.className === 'LSTM' ? 2 : 1 }, (_, i) => put(k, randomArray(B * U, new Random(20 + i)), [B, U]))
    : [];
  const outs = layer.forward([x, ...states], { training: true, rng: new Random(5) });
  const grads = outs.map((o, i) => put(k, randomArray(o.buf.length, new Random(40 + i)), o.shape).buf);
  const dIn = layer.backward(grads, { needInputGrads: [true, ...states.map(() => true)] });
  return [...outs.map((o) => read(k, o)), ...dIn.map((d) => read(k, d!)), ...layer.weights.map((w) => read(k, w.grad))];
}

const layers: Array<[string, () => RNNBase]> = [
  [
    'SimpleRNN relu, dropout',
    () =>
      simpleRNN({ units: U, blockRows, activation: 'relu', dropout: 0.2, recurrentDropout: 0.2, returnSequences: true, returnState: true }),
  ],
  ['LSTM', () => lstm({ units: U, blockRows, returnSequences: true, returnState: true })],
  [
    'LSTM hard_sigmoid, goBackwards, dropout',
    () => lstm({ units: U, blockRows, recurrentActivation: 'hard_sigmoid', goBackwards: true, dropout: 0.3, recurrentDropout: 0.25 }),
  ],
  ['GRU', () => gru({ units: U, blockRows, returnSequences: true, returnState: true })],
  [
    'GRU resetAfter false, dropout',
    () => gru({ units: U, blockRows, resetAfter: false, dropout: 0.1, recurrentDropout: 0.3, returnSequences: true }),
  ],
];

describe('reference, wasm (and native, where it loads) kernels agree on a whole training step', () => {
  for (const [name, make] of layers) {
    it(name, () => {
      if (sets.length < 2) return; // wasm not built (helpers warn): nothing to compare
      expect(sets.map((s) => s.name).slice(0, 2)).toEqual(['reference', 'wasm']);
      for (const masked of [false, true]) {
        for (const withState of [false, true]) {
          const [ref, ...others] = sets.map((s) => trainingStep(useKernels(s), make, masked, withState));
          others.forEach((other, o) => {
            expect(other.length).toBe(ref!.length);
            ref!.forEach((r, i) => {
              let worst = 0;
              for (let j = 0; j < r.length; j++) worst = Math.max(worst, Math.abs(r[j]! - other[i]![j]!) / (1 + Math.abs(r[j]!)));
              if (worst > 2e-5) {
                throw new Error(`${name} (${sets[o + 1]!.name}) masked=${masked} state=${withState}: array ${i} differs by ${worst}`);
              }
            });
          });
        }
      }
    });
  }
});
