// From zero states a recurrent layer skips the work that multiplies them: step 0's h·U, the
// gradient flowing into the initial state, and step 0's rows of dU (GateProjections.zeroState).
// The same model fed explicit zero initial states does all of it; both must agree.

import { describe, expect, it } from 'vitest';
import { dense } from '../../../src/layers/index.ts';
import { gru, lstm, simpleRNN } from '../../../src/layers/recurrent/index.ts';
import { input, Model, type SymbolicTensor } from '../../../src/models/functional.ts';
import { rmsprop } from '../../../src/optimizers/index.ts';
import { setSeed } from '../../../src/random.ts';
import { Tensor } from '../../../src/tensor.ts';
import { randomTensor } from '../layer-test.ts';

const B = 6,
  T = 5,
  I = 3,
  U = 4;

const cases = [
  { name: 'LSTM', states: 2, make: () => lstm({ units: U }) },
  { name: 'GRU (reset after), recurrentDropout', states: 1, make: () => gru({ units: U, recurrentDropout: 0.3 }) },
  { name: 'GRU (reset before)', states: 1, make: () => gru({ units: U, resetAfter: false }) },
  { name: 'SimpleRNN', states: 1, make: () => simpleRNN({ units: U }) },
];

async function trainedWeights(states: number, make: () => ReturnType<typeof lstm>, explicitZeros: boolean): Promise<Float32Array[]> {
  setSeed(11); // same weights and dropout masks in both models
  const x = input({ shape: [T, I] });
  const given = explicitZeros ? Array.from({ length: states }, () => input({ shape: [U] })) : [];
  const h = make().apply(x, given.length ? { initialState: given } : {}) as SymbolicTensor;
  const y = dense({ units: 1 }).apply(h) as SymbolicTensor;
  const model = new Model({ inputs: [x, ...given], outputs: y });
  model.compile({ optimizer: rmsprop({ learningRate: 0.01 }), loss: 'mse' });
  const zeros = Array.from({ length: given.length }, () => new Tensor(new Float32Array(B * U), [B, U]));
  await model.fit([randomTensor([B, T, I], 3), ...zeros], randomTensor([B, 1], 4), {
    epochs: 3,
    batchSize: B,
    verbose: 0,
    shuffle: false,
    seed: 2,
  });
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

describe('recurrent layers from zero states', () => {
  for (const c of cases) {
    it(`${c.name}: skipping the zero-state work trains like explicit zero initial states`, async () => {
      const skipped = await trainedWeights(c.states, c.make as never, false);
      const explicit = await trainedWeights(c.states, c.make as never, true);
      expect(skipped.length).toBe(explicit.length);
      skipped.forEach((w, i) => {
        for (let j = 0; j < w.length; j++) expect(Math.abs(w[j]! - explicit[i]![j]!)).toBeLessThan(1e-6);
      });
    });
  }
});
