// SimpleRNN / LSTM / GRU against PyTorch: forward outputs and gradients (inputs, initial states,
// weights) on random data, weights converted to Keras layout; and Keras 2.2's reset-before GRU,
// hard_sigmoid and masking, as Keras' equations in torch ops. Numbers made by
// fixtures-src/recurrent/make_fixtures.py (torch float64); plus candle's hand-made vectors.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, it } from 'vitest';
import type { Kernels } from '../../../src/kernels/index.ts';
import { RNNBase } from '../../../src/layers/recurrent/base.ts';
import { gru, lstm, simpleRNN, type ActivationName } from '../../../src/layers/recurrent/index.ts';
import { Random } from '../../../src/random.ts';
import { Tensor } from '../../../src/tensor.ts';
import { expectClose, kernelSets, put, read, useKernels, type KernelSet } from './helpers.ts';

interface Fixture {
  batch: number;
  time: number;
  features: number;
  units: number;
  goBackwards: boolean;
  x: number[];
  kernel: number[];
  recurrent_kernel: number[];
  bias: number[];
  R: number[];
  output: number[];
  dx: number[];
  dkernel: number[];
  drecurrent_kernel: number[];
  dbias: number[];
  initial_states?: number[][];
  dinitial_states?: number[][];
  /** Cases written as Keras' equations in torch ops: layer options and a [batch, time] mask. */
  options?: { activation: ActivationName; recurrentActivation: ActivationName; resetAfter: boolean };
  mask?: number[] | null;
}
const fixtures = JSON.parse(readFileSync(new URL('../../fixtures/recurrent/torch.json', import.meta.url), 'utf8')).cases as Record<
  string,
  Fixture
>;
const TOL = 1e-4;

let sets: KernelSet[] = [];
beforeAll(async () => {
  sets = await kernelSets();
});
/** Blocks of a few steps, so the block boundaries are exercised. */
const blockRows = 5;

function makeLayer(kind: string, f: Fixture): RNNBase {
  const args = { units: f.units, blockRows, returnSequences: true, goBackwards: f.goBackwards, ...f.options };
  if (kind.includes('lstm')) return lstm(args);
  if (kind.includes('gru')) return gru(args);
  return simpleRNN(args);
}

function runCase(k: Kernels, kind: string, f: Fixture, setName: string): void {
  const { batch: B, time: T, features: I, units: U } = f;
  const layer = makeLayer(kind, f);
  layer.build([[null, T, I]]);
  layer.setWeights([
    new Tensor(Float32Array.from(f.kernel), layer.kernel.shape),
    new Tensor(Float32Array.from(f.recurrent_kernel), layer.recurrentKernel.shape),
    new Tensor(Float32Array.from(f.bias), layer.bias!.shape),
  ]);
  const inputs = [put(k, f.x, [B, T, I], f.mask ?? undefined), ...(f.initial_states ?? []).map((s) => put(k, s, [B, U]))];
  const [out] = layer.forward(inputs, { training: false, rng: new Random(1) });
  const what = `${setName} ${kind}`;
  expectClose(read(k, out!), f.output, TOL, `${what} output`);

  const grads = layer.backward([put(k, f.R, [B, T, U]).buf], { needInputGrads: inputs.map(() => true) });
  expectClose(read(k, grads[0]!), f.dx, TOL, `${what} dx`);
  (f.dinitial_states ?? []).forEach((d, i) => expectClose(read(k, grads[i + 1]!), d, TOL, `${what} d(initial state ${i})`));
  expectClose(read(k, layer.kernel.grad), f.dkernel, TOL, `${what} dkernel`);
  expectClose(read(k, layer.recurrentKernel.grad), f.drecurrent_kernel, TOL, `${what} drecurrent_kernel`);
  expectClose(read(k, layer.bias!.grad), f.dbias, TOL, `${what} dbias`);
}

describe('PyTorch fixtures (forward, input/state/weight gradients)', () => {
  for (const kind of Object.keys(fixtures)) {
    it(kind, () => {
      for (const set of sets) runCase(useKernels(set), kind, fixtures[kind]!, set.name);
    });
  }
});

describe("candle's PyTorch vectors (candle-nn/tests/rnn.rs), converted to Keras layout", () => {
  // import torch
  // lstm = torch.nn.LSTM(2, 3, 1, batch_first=True)   # GRU: sizes 18/27/9
  // lstm.weight_ih_l0.data = torch.arange(24, dtype=torch.float32).reshape(12, 2).cos()
  // lstm.weight_hh_l0.data = torch.arange(36, dtype=torch.float32).reshape(12, 3).sin()
  // lstm.bias_ih_l0.data = torch.tensor([-1.0, 1.0, -0.5, 2.0] * 3)
  // lstm.bias_hh_l0.data = lstm.bias_ih_l0.data.cos()
  // out, (h, c) = lstm(torch.tensor([[[v, v / 2] for v in [3., 1., 4., 1., 5., 9., 2.]]]))
  // h -> [0.9919, 0.1738, -0.1451], c -> [5.7250, 0.4458, -0.2908]; GRU h -> [0.0579, 0.8836, -0.9991]
  const seq = [3, 1, 4, 1, 5, 9, 2].flatMap((v) => [v, v / 2]);
  const torchWeights = (G: number) => {
    const wih = Array.from({ length: 3 * G * 2 }, (_, i) => Math.cos(i)); // (3G, 2)
    const whh = Array.from({ length: 3 * G * 3 }, (_, i) => Math.sin(i)); // (3G, 3)
    const bih = Array.from({ length: 3 * G }, (_, i) => [-1, 1, -0.5, 2][i % 4]!);
    return { wih, whh, bih, bhh: bih.map(Math.cos) };
  };
  /** Keras kernel (in, G·u) from torch (G·u, in), with torch gate block order[j] for Keras block j. */
  const toKeras = (w: number[], rows: number, cols: number, order: number[], u: number): Float32Array => {
    const out = new Float32Array(rows * cols);
    for (let kb = 0; kb < order.length; kb++) {
      for (let j = 0; j < u; j++) for (let c = 0; c < cols; c++) out[c * rows + kb * u + j] = w[(order[kb]! * u + j) * cols + c]!;
    }
    return out;
  };

  it('LSTM(2 → 3): final h and c to 1e-4', () => {
    for (const set of sets) {
      const k = useKernels(set);
      const t = torchWeights(4);
      const layer = lstm({ units: 3, returnState: true, blockRows });
      layer.build([[null, 7, 2]]);
      const order = [0, 1, 2, 3];
      layer.setWeights([
        new Tensor(toKeras(t.wih, 12, 2, order, 3), [2, 12]),
        new Tensor(toKeras(t.whh, 12, 3, order, 3), [3, 12]),
        new Tensor(Float32Array.from(t.bih.map((b, i) => b + t.bhh[i]!)), [12]),
      ]);
      const [, h, c] = layer.forward([put(k, seq, [1, 7, 2])], { training: false, rng: new Random(1) });
      expectClose(read(k, h!), [0.9919, 0.1738, -0.1451], 1e-4, `${set.name} h`);
      expectClose(read(k, c!), [5.725, 0.4458, -0.2908], 1e-4, `${set.name} c`);
    }
  });

  it('GRU(2 → 3), reset after: final h to 1e-4', () => {
    for (const set of sets) {
      const k = useKernels(set);
      const t = torchWeights(3);
      const layer = gru({ units: 3, blockRows });
      layer.build([[null, 7, 2]]);
      const order = [1, 0, 2]; // Keras z, r, h ← torch blocks r(0), z(1), n(2)
      const permute = (b: number[]) => order.flatMap((o) => b.slice(o * 3, o * 3 + 3));
      layer.setWeights([
        new Tensor(toKeras(t.wih, 9, 2, order, 3), [2, 9]),
        new Tensor(toKeras(t.whh, 9, 3, order, 3), [3, 9]),
        new Tensor(Float32Array.from([...permute(t.bih), ...permute(t.bhh)]), [2, 9]),
      ]);
      const [h] = layer.forward([put(k, seq, [1, 7, 2])], { training: false, rng: new Random(1) });
      expectClose(read(k, h!), [0.0579, 0.8836, -0.9991], 1e-4, `${set.name} h`);
    }
  });
});
