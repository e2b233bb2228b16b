// Finite-difference gradient checks for SimpleRNN, LSTM and GRU under every option:
// central differences on every input, initial-state and weight element, compared with
// backward() element by element (the harness's checkGradients), on every kernel set.

import { beforeAll, describe, it } from 'vitest';
import { randomUniform } from '../../../src/initializers.ts';
import { setSeed } from '../../../src/random.ts';
import type { Layer } from '../../../src/layers/layer.ts';
import { gru, lstm, simpleRNN } from '../../../src/layers/recurrent/index.ts';
import { Tensor } from '../../../src/tensor.ts';
import { chain, checkGradients, type RunInput } from '../layer-test.ts';
import { kernelSets, randomArray, Random, useKernels, type KernelSet } from './helpers.ts';

const B = 2;
const T = 4;
const I = 3;
const U = 3;
/** Per element: within 3e-3 relative, or 3e-5 absolute where the gradient is small. */
const TOL = { rtol: 3e-3, atol: 3e-5 };

let sets: KernelSet[] = [];
beforeAll(async () => {
  sets = await kernelSets();
});

/** Random weights big enough that every gate matters, small enough to stay off saturation; blocks of a few steps. */
const options = {
  blockRows: 5, // so the block boundaries are exercised
  kernelInitializer: randomUniform(-0.6, 0.6),
  recurrentInitializer: randomUniform(-0.6, 0.6),
  biasInitializer: randomUniform(-0.3, 0.3),
};

function x(seed = 3, t = T, mask?: ArrayLike<number>): RunInput {
  return { tensor: new Tensor(randomArray(B * t * I, new Random(seed)), [B, t, I]), mask };
}

function check(name: string, make: () => Layer | Layer[], inputs: () => RunInput[], training = false, eps = 1e-2): void {
  it(name, () => {
    for (const set of sets) {
      useKernels(set);
      setSeed(99); // same weights on every kernel set
      const made = make();
      // a step of 1e-3 (relu's kink) leaves more float32 noise in the differences: 1e-4 absolute
      const tol = eps < 1e-2 ? { ...TOL, atol: 1e-4 } : TOL;
      checkGradients(chain(...(Array.isArray(made) ? made : [made])), inputs(), { training, eps, tol, what: `${set.name} ${name}:` });
    }
  });
}

// row 0: a masked step in the middle; row 1: padding at the start (Embedding pre-padding)
const masked = (): RunInput[] => [x(3, T, [1, 0, 1, 1, 0, 0, 1, 1])];
const states = (n: number): RunInput[] => [
  x(),
  ...Array.from({ length: n }, (_, i) => ({ tensor: new Tensor(randomArray(B * U, new Random(10 + i), 0.8), [B, U]) })),
];

describe('SimpleRNN gradients', () => {
  check(
    'last output',
    () => simpleRNN({ units: U, ...options }),
    () => [x()],
  );
  check(
    'returnSequences + returnState',
    () => simpleRNN({ units: U, returnSequences: true, returnState: true, ...options }),
    () => [x()],
  );
  check('goBackwards + masking', () => simpleRNN({ units: U, goBackwards: true, returnSequences: true, ...options }), masked);
  // relu has a kink at 0: a smaller step keeps central differences from straddling it
  check(
    'relu, no bias',
    () => simpleRNN({ units: U, activation: 'relu', useBias: false, ...options }),
    () => [x()],
    false,
    1e-3,
  );
  check(
    'dropout + recurrentDropout (fixed masks)',
    () => simpleRNN({ units: U, dropout: 0.3, recurrentDropout: 0.4, returnSequences: true, ...options }),
    () => [x()],
    true,
  );
  check(
    'initial state',
    () => simpleRNN({ units: U, ...options }),
    () => states(1),
  );
});

describe('LSTM gradients', () => {
  check(
    'last output',
    () => lstm({ units: U, ...options }),
    () => [x()],
  );
  check(
    'returnSequences + returnState (h and c)',
    () => lstm({ units: U, returnSequences: true, returnState: true, ...options }),
    () => [x()],
  );
  check('goBackwards + masking', () => lstm({ units: U, goBackwards: true, returnSequences: true, ...options }), masked);
  check(
    'hard_sigmoid gates',
    () => lstm({ units: U, recurrentActivation: 'hard_sigmoid', ...options }),
    () => [x()],
  );
  check(
    "activation 'sigmoid' (the textbook's LSTM(1))",
    () => lstm({ units: 1, activation: 'sigmoid', ...options }),
    () => [x()],
  );
  check(
    'dropout only (one mask for all gates)',
    () => lstm({ units: U, dropout: 0.3, returnSequences: true, ...options }),
    () => [x()],
    true,
  );
  check(
    'dropout + recurrentDropout (per-gate masks)',
    () => lstm({ units: U, dropout: 0.3, recurrentDropout: 0.4, returnSequences: true, ...options }),
    () => [x()],
    true,
  );
  check(
    'initial states h0, c0',
    () => lstm({ units: U, returnState: true, ...options }),
    () => states(2),
  );
});

describe('GRU gradients', () => {
  check(
    'resetAfter (default)',
    () => gru({ units: U, ...options }),
    () => [x()],
  );
  check(
    'resetAfter false',
    () => gru({ units: U, resetAfter: false, ...options }),
    () => [x()],
  );
  check(
    'returnSequences + returnState',
    () => gru({ units: U, returnSequences: true, returnState: true, ...options }),
    () => [x()],
  );
  check(
    'goBackwards + masking, both reset placements',
    () => [gru({ units: U, goBackwards: true, returnSequences: true, ...options }), gru({ units: 2, resetAfter: false, ...options })],
    masked,
  );
  check(
    'hard_sigmoid gates, resetAfter false',
    () => gru({ units: U, recurrentActivation: 'hard_sigmoid', resetAfter: false, ...options }),
    () => [x()],
  );
  check(
    "relu (the textbook's GRU(64, activation='relu'))",
    () => gru({ units: U, activation: 'relu', ...options }),
    () => [x()],
    false,
    1e-3,
  );
  check(
    'dropout + recurrentDropout, resetAfter',
    () => gru({ units: U, dropout: 0.3, recurrentDropout: 0.4, returnSequences: true, ...options }),
    () => [x()],
    true,
  );
  check(
    'dropout + recurrentDropout, resetAfter false',
    () => gru({ units: U, dropout: 0.3, recurrentDropout: 0.4, resetAfter: false, returnSequences: true, ...options }),
    () => [x()],
    true,
  );
  check(
    'initial state, no bias',
    () => gru({ units: U, useBias: false, ...options }),
    () => states(1),
  );
});

/** Initial states and a mask that hides the first steps (row 1: every step): Keras' outputs start at 0. */
const statesLeadingMask = (n: number) => (): RunInput[] => {
  const [x0, ...rest] = states(n);
  return [{ ...x0!, mask: [0, 0, 1, 1, 0, 0, 0, 0] }, ...rest];
};

describe('initial states with leading masked steps', () => {
  check(
    'LSTM returnSequences + returnState',
    () => lstm({ units: U, returnSequences: true, returnState: true, ...options }),
    statesLeadingMask(2),
  );
  check('GRU last output + returnState', () => gru({ units: U, returnState: true, ...options }), statesLeadingMask(1));
  check('SimpleRNN last output', () => simpleRNN({ units: U, ...options }), statesLeadingMask(1));
});

describe('stacked layers', () => {
  check(
    'LSTM(returnSequences) → GRU → (last)',
    () => [lstm({ units: U, returnSequences: true, ...options }), gru({ units: 2, ...options })],
    () => [x()],
  );
  check(
    'SimpleRNN(returnSequences, masked) → LSTM',
    () => [simpleRNN({ units: U, returnSequences: true, ...options }), lstm({ units: 2, ...options })],
    masked,
  );
});
