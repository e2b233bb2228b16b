// The training loop is generic over several outputs (used by the functional Model):
// losses per output, summed total, Keras 2 history keys `<output>_loss` / `<output>_<metric>`.
//   model = keras.Model(inp, [Dense(1, activation='sigmoid', name='cls')(h), Dense(2, name='reg')(h)])
//   model.compile('adam', loss=['binary_crossentropy', 'mse'], metrics=['acc'])
import { beforeEach, describe, expect, it } from 'vitest';
import { input, layers, Model, optimizers, setLogSink, setSeed, tensor, type SymbolicTensor, type Tensor } from '../../src/index.ts';

beforeEach(() => {
  setSeed(3);
  setLogSink({ dynamic: false, write: () => {} });
});

const T = (t: SymbolicTensor | SymbolicTensor[]): SymbolicTensor => (Array.isArray(t) ? t[0]! : t);

describe('several outputs', () => {
  it('trains two heads with one loss each and logs per-output keys', async () => {
    const inp = input({ shape: [2] });
    const h = T(layers.dense({ units: 8, activation: 'tanh' }).apply(inp));
    const cls = T(layers.dense({ units: 1, activation: 'sigmoid', name: 'cls' }).apply(h));
    const reg = T(layers.dense({ units: 2, name: 'reg' }).apply(h));
    const model = new Model({ inputs: inp, outputs: [cls, reg] });
    model.compile({ optimizer: optimizers.adam({ learningRate: 0.03 }), loss: ['binary_crossentropy', 'mse'], metrics: ['acc'] });
    const n = 96;
    const x = new Float32Array(n * 2).map((_, i) => Math.sin(i * 1.3));
    const yc = new Float32Array(n).map((_, i) => (x[2 * i]! > 0 ? 1 : 0));
    const yr = new Float32Array(n * 2).map((_, i) => x[i]! * 0.5);
    const xs = tensor(x, [n, 2]);
    const ys: Tensor[] = [tensor(yc, [n, 1]), tensor(yr, [n, 2])];
    const history = await model.fit(xs, ys, { epochs: 30, batchSize: 16, verbose: 0, validationSplit: 0.25 });
    expect(Object.keys(history.history)).toEqual([
      'loss',
      'cls_loss',
      'reg_loss',
      'cls_acc',
      'reg_acc',
      'val_loss',
      'val_cls_loss',
      'val_reg_loss',
      'val_cls_acc',
      'val_reg_acc',
    ]);
    const last = (k: string): number => history.history[k]!.at(-1)!;
    expect(last('loss')).toBeCloseTo(last('cls_loss') + last('reg_loss'), 5);
    expect(last('val_cls_acc')).toBeGreaterThan(0.9);
    expect(last('reg_loss')).toBeLessThan(0.01);
    const result = (await model.evaluate(xs, ys, { verbose: 0 })) as number[];
    expect(result).toHaveLength(5);
    const preds = (await model.predict(xs)) as Tensor[];
    expect(preds.map((p) => p.shape)).toEqual([
      [n, 1],
      [n, 2],
    ]);
    await expect(model.fit(xs, ys[0]!, { verbose: 0 })).rejects.toThrow(/the model has 2 output\(s\) but y has 1 tensor\(s\)/);
  });
});
