// SimpleRNN / LSTM / GRU as Keras layers: parameter counts, names, shapes, config round trip,
// bias initialisation, masking and dropout behaviour, changing batch/time sizes, and errors.

import { beforeAll, describe, expect, it } from 'vitest';
import { deserializeLayer } from '../../../src/io/registry.ts';
import { registerBuiltinLayers } from '../../../src/layers/builtin.ts';
import { constant } from '../../../src/initializers.ts';
import { resetLayerNames } from '../../../src/layers/layer.ts';
import { GRU, gru, LSTM, lstm, simpleRNN, SimpleRNN } from '../../../src/layers/recurrent/index.ts';
import { Random, setSeed } from '../../../src/random.ts';
import { expectClose, kernelSets, put, randomArray, read, useKernels, type KernelSet } from './helpers.ts';

const infer = { training: false, rng: new Random(1) };
let sets: KernelSet[] = [];
beforeAll(async () => {
  sets = await kernelSets();
});

describe('parameter counts match Keras summary()', () => {
  const count = (layer: SimpleRNN | LSTM | GRU, features: number): number => {
    layer.build([[null, null, features]]);
    return layer.countParams();
  };
  it('SimpleRNN in·u + u² + u (the textbook: SimpleRNN(32) after Embedding(10000, 32) = 2,080)', () => {
    useKernels(sets[0]!);
    expect(count(simpleRNN({ units: 32 }), 32)).toBe(2080);
    expect(count(simpleRNN({ units: 5, useBias: false }), 3)).toBe(3 * 5 + 25);
  });
  it('LSTM 4(in·u + u² + u)', () => {
    useKernels(sets[0]!);
    expect(count(lstm({ units: 32 }), 32)).toBe(4 * (32 * 32 + 32 * 32 + 32));
    expect(count(lstm({ units: 128 }), 57)).toBe(4 * (57 * 128 + 128 * 128 + 128));
  });
  it('GRU 3(in·u + u²) + 6u (resetAfter) and 3(in·u + u² + u) (Keras 2.2: GRU(32) on 14 features = 4,512)', () => {
    useKernels(sets[0]!);
    expect(count(gru({ units: 32 }), 14)).toBe(4608);
    expect(count(gru({ units: 32, resetAfter: false }), 14)).toBe(4512);
  });
});

describe('layer basics', () => {
  it('Keras default names, numbered per class', () => {
    resetLayerNames();
    expect([
      simpleRNN({ units: 1 }).name,
      simpleRNN({ units: 1 }).name,
      lstm({ units: 1 }).name,
      gru({ units: 1 }).name,
      lstm({ units: 1 }).name,
    ]).toEqual(['simple_rnn', 'simple_rnn_1', 'lstm', 'gru', 'lstm_1']);
    expect(new LSTM({ units: 2 }).className).toBe('LSTM');
  });

  it('computeOutputShape with unknown batch and time', () => {
    expect(lstm({ units: 8 }).computeOutputShape([[null, null, 3]])).toEqual([[null, 8]]);
    expect(gru({ units: 8, returnSequences: true }).computeOutputShape([[null, 20, 3]])).toEqual([[null, 20, 8]]);
    expect(lstm({ units: 8, returnState: true }).computeOutputShape([[null, null, 3]])).toEqual([
      [null, 8],
      [null, 8],
      [null, 8],
    ]);
    expect(simpleRNN({ units: 4, returnState: true, returnSequences: true }).computeOutputShape([[16, 5, 3]])).toEqual([
      [16, 5, 4],
      [16, 4],
    ]);
  });

  it('weights in Keras layout and order; LSTM forget bias exactly 1; GRU (2, 3u) bias', () => {
    useKernels(sets[0]!);
    const l = lstm({ units: 2, biasInitializer: constant(0.03) });
    l.build([[null, null, 3]]);
    expect(l.weights.map((w) => [w.name, w.shape])).toEqual([
      ['kernel', [3, 8]],
      ['recurrent_kernel', [2, 8]],
      ['bias', [8]],
    ]);
    expect(Array.from(l.getWeights()[2]!.dataSync())).toEqual([0.03, 0.03, 1, 1, 0.03, 0.03, 0.03, 0.03].map(Math.fround));
    const noForget = lstm({ units: 2, unitForgetBias: false });
    noForget.build([[null, null, 3]]);
    expect(Array.from(noForget.getWeights()[2]!.dataSync())).toEqual(Array(8).fill(0));
    const g = gru({ units: 2 });
    g.build([[null, null, 3]]);
    expect(g.weights.map((w) => w.shape)).toEqual([
      [3, 6],
      [2, 6],
      [2, 6],
    ]);
  });

  it('orthogonal recurrent kernel by default: rows orthonormal across all gate blocks', () => {
    useKernels(sets[0]!);
    const l = lstm({ units: 4 });
    l.build([[null, null, 3]]);
    const U = l.getWeights()[1]!.dataSync();
    for (let a = 0; a < 4; a++) {
      for (let b = 0; b < 4; b++) {
        let dot = 0;
        for (let j = 0; j < 16; j++) dot += U[a * 16 + j]! * U[b * 16 + j]!;
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 5);
      }
    }
  });

  it('getConfig round-trips through the layer registry', () => {
    const l = gru({
      units: 7,
      activation: 'relu',
      recurrentActivation: 'hard_sigmoid',
      resetAfter: false,
      returnSequences: true,
      dropout: 0.2,
      name: 'my_gru',
    });
    const config = l.getConfig();
    expect(config).toMatchObject({
      name: 'my_gru',
      units: 7,
      activation: 'relu',
      recurrentActivation: 'hard_sigmoid',
      resetAfter: false,
      returnSequences: true,
      dropout: 0.2,
      recurrentDropout: 0,
    });
    registerBuiltinLayers();
    const again = deserializeLayer('GRU', config) as GRU;
    expect(again.getConfig()).toEqual(config);
    const s = deserializeLayer('LSTM', lstm({ units: 3, unitForgetBias: false, goBackwards: true }).getConfig()) as LSTM;
    expect([s.unitForgetBias, s.goBackwards, s.recurrentActivation]).toEqual([false, true, 'sigmoid']);
  });
});

describe('calls', () => {
  it('works when batch size and timesteps change between calls (buffers grow, smaller reuse)', () => {
    for (const set of sets) {
      for (const make of [
        () => lstm({ units: 5, returnSequences: true }),
        () => gru({ units: 5, resetAfter: false, returnSequences: true }),
        () => simpleRNN({ units: 5, returnSequences: true }),
      ]) {
        const k = useKernels(set);
        setSeed(3);
        const layer = make();
        const weights = (() => {
          layer.build([[null, null, 3]]);
          return layer.getWeights();
        })();
        for (const [B, T] of [
          [4, 6],
          [2, 3],
          [7, 9],
          [1, 1],
        ] as const) {
          const x = randomArray(B * T * 3, new Random(B * 10 + T));
          const [out] = layer.forward([put(k, x, [B, T, 3])], infer);
          expect(out!.shape).toEqual([B, T, 5]);
          const got = read(k, out!);
          // the same weights in a fresh layer on a fresh heap
          const k2 = useKernels(set);
          const fresh = make();
          fresh.build([[null, null, 3]]);
          fresh.setWeights(weights);
          const [want] = fresh.forward([put(k2, x, [B, T, 3])], infer);
          expectClose(got, read(k2, want!), 0, `${set.name} ${layer.className} [${B}, ${T}]`);
          useKernels(set);
        }
      }
    }
  });

  it('masked steps carry the state; with returnSequences they repeat the previous output; the mask passes through', () => {
    for (const set of sets) {
      const k = useKernels(set);
      for (const layer of [
        lstm({ units: 3, returnSequences: true }),
        gru({ units: 3, returnSequences: true }),
        gru({ units: 3, resetAfter: false, returnSequences: true }),
        simpleRNN({ units: 3, returnSequences: true }),
      ]) {
        const x = randomArray(2 * 4 * 2, new Random(9));
        const mask = Float32Array.from([1, 0, 1, 0, 1, 1, 1, 1]);
        const input = put(k, x, [2, 4, 2], mask);
        const [out] = layer.forward([input], infer);
        expect(out!.mask).toBe(input.mask);
        const y = read(k, out!);
        const at = (b: number, t: number) => Array.from(y.slice((b * 4 + t) * 3, (b * 4 + t + 1) * 3));
        expect(at(0, 1)).toEqual(at(0, 0));
        expect(at(0, 3)).toEqual(at(0, 2));
        // dropping the masked steps gives the same last output
        const compact = Float32Array.from([...x.slice(0, 2), ...x.slice(4, 6)]);
        const [short] = layer.forward([put(k, compact, [1, 2, 2])], infer);
        expectClose(read(k, short!).slice(3), at(0, 3), 1e-6, `${set.name} ${layer.className} mask`);
      }
    }
  });

  it('with initial states, outputs before the first unmasked step are 0 (Keras), the states carry h0', () => {
    for (const set of sets) {
      const k = useKernels(set);
      const h0 = Float32Array.from([0.5, -0.5, 0.25, 0.1, 0.2, 0.3]);
      const x = put(k, randomArray(2 * 3 * 2, new Random(4)), [2, 3, 2], Float32Array.from([0, 1, 1, 0, 0, 0]));
      const [seq] = gru({ units: 3, returnSequences: true }).forward([x, put(k, h0, [2, 3])], infer);
      const y = read(k, seq!);
      expect(Array.from(y.slice(0, 3))).toEqual([0, 0, 0]);
      expect(Array.from(y.slice(3, 6))).not.toEqual([0, 0, 0]);
      expect(Array.from(y.slice(9, 18))).toEqual(Array(9).fill(0));
      const [last, h] = gru({ units: 3, returnState: true }).forward([x, put(k, h0, [2, 3])], infer);
      expect(Array.from(read(k, last!).slice(3))).toEqual([0, 0, 0]);
      expectClose(read(k, h!).slice(3), h0.slice(3), 0, 'fully masked row keeps h0');
    }
  });

  it('dropout: only in training, the same mask at every step, reproducible with the same rng seed', () => {
    for (const set of sets) {
      const k = useKernels(set);
      setSeed(5);
      const plain = lstm({ units: 4, kernelInitializer: constant(0.1), recurrentInitializer: constant(0.05) });
      setSeed(5);
      const dropped = lstm({
        units: 4,
        dropout: 0.5,
        recurrentDropout: 0.3,
        kernelInitializer: constant(0.1),
        recurrentInitializer: constant(0.05),
      });
      const input = put(k, randomArray(3 * 5 * 6, new Random(2)), [3, 5, 6]);
      const a = read(k, plain.forward([input], infer)[0]!);
      const b = read(k, dropped.forward([input], infer)[0]!);
      expect(b).toEqual(a);
      const t1 = read(k, dropped.forward([input], { training: true, rng: new Random(77) })[0]!);
      const t2 = read(k, dropped.forward([input], { training: true, rng: new Random(77) })[0]!);
      const t3 = read(k, dropped.forward([input], { training: true, rng: new Random(78) })[0]!);
      expect(t2).toEqual(t1);
      expect(t1).not.toEqual(a);
      expect(t3).not.toEqual(t1);
    }
  });

  it('feeding a layer its own returned states works even when its buffers grow (generation loops)', () => {
    for (const set of sets) {
      const k = useKernels(set);
      setSeed(8);
      const layer = lstm({ units: 4, returnState: true });
      let [, h, c] = layer.forward([put(k, randomArray(2 * 1 * 3, new Random(1)), [2, 1, 3])], infer);
      const h1 = read(k, h!);
      const c1 = read(k, c!);
      const x2 = randomArray(2 * 5 * 3, new Random(2));
      [, h, c] = layer.forward([put(k, x2, [2, 5, 3]), h!, c!], infer);
      const k2 = useKernels(set);
      const fresh = lstm({ units: 4, returnState: true });
      fresh.build([[null, null, 3]]);
      fresh.setWeights(layer.getWeights());
      const [, hWant, cWant] = fresh.forward([put(k2, x2, [2, 5, 3]), put(k2, h1, [2, 4]), put(k2, c1, [2, 4])], infer);
      expectClose(read(k, h!), read(k2, hWant!), 0, `${set.name} h`);
      expectClose(read(k, c!), read(k2, cWant!), 0, `${set.name} c`);
    }
  });

  it('returnState: LSTM gives [output, h, c] with output = h', () => {
    const k = useKernels(sets[0]!);
    const outs = lstm({ units: 3, returnState: true }).forward([put(k, randomArray(2 * 3 * 2, new Random(1)), [2, 3, 2])], infer);
    expect(outs.map((o) => o.shape)).toEqual([
      [2, 3],
      [2, 3],
      [2, 3],
    ]);
    expect(read(k, outs[0]!)).toEqual(read(k, outs[1]!));
    expect(read(k, outs[2]!)).not.toEqual(read(k, outs[1]!));
  });
});

describe('errors name what is wrong', () => {
  it('bad inputs and options', () => {
    const k = useKernels(sets[0]!);
    const layer = lstm({ units: 4, name: 'lstm_1' });
    expect(() => layer.forward([put(k, new Float32Array(320), [32, 10])], infer)).toThrow(
      'lstm_1: expected input [batch, time, features], got [32, 10]',
    );
    layer.forward([put(k, new Float32Array(24), [2, 4, 3])], infer);
    expect(() => layer.forward([put(k, new Float32Array(40), [2, 4, 5])], infer)).toThrow(
      'lstm_1: expected 3 input features, got input [2, 4, 5]',
    );
    expect(() => layer.forward([put(k, new Float32Array(24), [2, 4, 3]), put(k, new Float32Array(8), [2, 4])], infer)).toThrow(
      'lstm_1: expected 2 initial state tensor(s) [batch, 4], got 1',
    );
    expect(() =>
      layer.forward(
        [put(k, new Float32Array(24), [2, 4, 3]), put(k, new Float32Array(6), [2, 3]), put(k, new Float32Array(8), [2, 4])],
        infer,
      ),
    ).toThrow('lstm_1: initial state 0 must be [2, 4], got [2, 3]');
    expect(() => gru({ units: 0, name: 'g' })).toThrow('g: units must be a positive integer, got 0');
    expect(() => gru({ units: 2, name: 'g', activation: 'swish' as never })).toThrow("g: unknown activation 'swish'");
    expect(() => simpleRNN({ units: 2, name: 's', dropout: 1 })).toThrow('s: dropout must be in [0, 1), got 1');
    expect(() => simpleRNN({ units: 2, name: 's' }).backward([null], { needInputGrads: [true] })).toThrow(
      's: backward() called before forward()',
    );
  });
});
