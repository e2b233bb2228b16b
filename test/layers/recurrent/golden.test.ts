// Golden values from Keras' own tests (keras/src/layers/rnn/*_test.py, test_correctness):
// constant initializers kernel=0.01, recurrent=0.02, bias=0.03.
//
//   sequence = np.arange(72).reshape((3, 6, 4)).astype("float32")
//   layer = layers.LSTM(3, kernel_initializer=initializers.Constant(0.01),
//                       recurrent_initializer=initializers.Constant(0.02),
//                       bias_initializer=initializers.Constant(0.03))
//   output = layer(sequence)      # each row's 3 units are equal
//   -> [[0.6288687]*3, [0.86899155]*3, [0.9460773]*3]
//   GRU(3) same setup           -> rows 0.5217289, 0.6371659, 0.39384964
//   GRU(3, go_backwards=True)   -> rows 0.24406259, 0.611516, 0.3928808
//   sequence = np.arange(24).reshape((2, 3, 4)); SimpleRNN(4) -> rows 0.405432, 0.73605347

import { beforeAll, describe, expect, it } from 'vitest';
import { constant } from '../../../src/initializers.ts';
import { gru, lstm, simpleRNN } from '../../../src/layers/recurrent/index.ts';
import { Random } from '../../../src/random.ts';
import { arange, expectClose, kernelSets, put, read, useKernels, type KernelSet } from './helpers.ts';

const init = { kernelInitializer: constant(0.01), recurrentInitializer: constant(0.02), biasInitializer: constant(0.03) };
const ctx = { training: false, rng: new Random(1) };
const rowsOf = (values: number[], units: number): number[] => values.flatMap((v) => Array(units).fill(v));

let sets: KernelSet[] = [];
beforeAll(async () => {
  sets = await kernelSets();
});

describe('Keras golden values (constant initializers)', () => {
  it('LSTM(3) on arange(72).reshape(3, 6, 4)', () => {
    for (const set of sets) {
      const k = useKernels(set);
      const layer = lstm({ units: 3, ...init });
      const [out] = layer.forward([put(k, arange(72), [3, 6, 4])], ctx);
      expect(out!.shape).toEqual([3, 3]);
      expectClose(read(k, out!), rowsOf([0.6288687, 0.86899155, 0.9460773], 3), 1e-5, `${set.name} LSTM`);
    }
  });

  it('GRU(3) on arange(72).reshape(3, 6, 4)', () => {
    for (const set of sets) {
      const k = useKernels(set);
      const [out] = gru({ units: 3, ...init }).forward([put(k, arange(72), [3, 6, 4])], ctx);
      expectClose(read(k, out!), rowsOf([0.5217289, 0.6371659, 0.39384964], 3), 1e-5, `${set.name} GRU`);
    }
  });

  it('GRU(3, goBackwards) on arange(72).reshape(3, 6, 4)', () => {
    for (const set of sets) {
      const k = useKernels(set);
      const [out] = gru({ units: 3, goBackwards: true, ...init }).forward([put(k, arange(72), [3, 6, 4])], ctx);
      expectClose(read(k, out!), rowsOf([0.24406259, 0.611516, 0.3928808], 3), 1e-5, `${set.name} GRU backwards`);
    }
  });

  it('SimpleRNN(4) on arange(24).reshape(2, 3, 4)', () => {
    for (const set of sets) {
      const k = useKernels(set);
      const [out] = simpleRNN({ units: 4, ...init }).forward([put(k, arange(24), [2, 3, 4])], ctx);
      expectClose(read(k, out!), rowsOf([0.405432, 0.73605347], 4), 1e-5, `${set.name} SimpleRNN`);
    }
  });
});
