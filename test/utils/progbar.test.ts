import { afterEach, describe, expect, it } from 'vitest';
import { layers, Sequential, setLogSink, setSeed, tensor, type Tensor } from '../../src/index.ts';
import { fillPattern, formatExponential, formatLogValue, formatThousands } from '../../src/utils/format.ts';
import { formatTime, Progbar } from '../../src/utils/progbar.ts';

afterEach(() => setLogSink(null));

function capture(dynamic: boolean): { out: string[]; sink: { dynamic: boolean; write: (s: string) => void } } {
  const out: string[] = [];
  return { out, sink: { dynamic, write: (s) => void out.push(s) } };
}

describe('Keras progress bar', () => {
  it('formats values as Keras does', () => {
    expect(formatLogValue(0.66314)).toBe('0.6631');
    expect(formatLogValue(5.69814e-4)).toBe('5.6981e-04');
    expect(formatExponential(1.5e-12, 4)).toBe('1.5000e-12');
    expect(formatThousands(1320065)).toBe('1,320,065');
    expect(formatTime(0.002, 'step')).toBe('2ms/step');
    expect(formatTime(0.000201, 'step')).toBe('201us/step');
    expect(formatTime(4, 'step')).toBe('4s/step');
    expect(fillPattern('weights.{epoch:02d}-{val_loss:.2f}.hdf5', { epoch: 3, val_loss: 0.45678 })).toBe('weights.03-0.46.hdf5');
  });

  it('draws the final line: 20000/20000 [====…] - 4s 201us/step - loss: 0.6631 - acc: 0.6223', () => {
    const { out, sink } = capture(false);
    const bar = new Progbar({ target: 20000, sink });
    bar.update(4736, { loss: 0.7 });
    expect(out).toEqual([]); // not a terminal: one line when done
    bar.update(20000, { loss: 0.66314, acc: 0.62231, val_loss: 0.65531, val_acc: 0.642 }, true);
    expect(out.join('')).toMatch(
      /^20000\/20000 \[={30}\] - \d+s \d+(us|ms)\/step - loss: 0\.6631 - acc: 0\.6223 - val_loss: 0\.6553 - val_acc: 0\.6420\n$/,
    );
  });

  it('redraws in place on a terminal, with ETA and a > head', () => {
    const { out, sink } = capture(true);
    const bar = new Progbar({ target: 20000, sink, interval: 0 });
    bar.update(13184, { loss: 0.50871, acc: 0.78051 });
    expect(out[0]).toMatch(/^\r13184\/20000 \[={18}>\.{11}\] - ETA: \d+s - loss: 0\.5087 - acc: 0\.7805$/);
    bar.update(20000, { loss: 0.5 }, true);
    expect(out[1]).toMatch(/^\r20000\/20000 \[={30}\] - \d+s \d+(us|ms)\/step - loss: 0\.5000 - acc: 0\.7805\s*\n$/);
    const two = capture(false);
    const v2 = new Progbar({ target: 31, sink: two.sink, verbose: 2 });
    v2.update(31, { loss: 0.01 }, true);
    expect(two.out[0]).toMatch(/^31\/31 - \d+s - loss: 0\.0100 - \d+(s|ms|us)\/epoch - \d+(s|ms|us)\/step\n$/);
  });

  it('prints Epoch lines and one bar line per epoch from fit (steps, and Keras 2.2 samples)', async () => {
    setSeed(2);
    const { out, sink } = capture(false);
    setLogSink(sink);
    const model = new Sequential([layers.dense({ units: 1, inputShape: [1] })]);
    model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    const x = tensor(
      new Float32Array(100).map((_, i) => i / 100),
      [100, 1],
    );
    await model.fit(x, x, { epochs: 2, batchSize: 32, validationSplit: 0.2 });
    const lines = out.join('').split('\n');
    expect(lines[0]).toBe('Epoch 1/2');
    expect(lines[1]).toMatch(
      /^3\/3 \[={30}\] - \d+s \d+(us|ms)\/step - loss: [\d.e-]+ - mae: [\d.e-]+ - val_loss: [\d.e-]+ - val_mae: [\d.e-]+$/,
    );
    expect(lines[2]).toBe('Epoch 2/2');
    out.length = 0;
    await model.fit(x, x, { epochs: 1, batchSize: 32, validationSplit: 0.2, progressUnit: 'samples' });
    const old = out.join('').split('\n');
    expect(old[0]).toBe('Train on 80 samples, validate on 20 samples');
    expect(old[2]).toMatch(/^80\/80 \[={30}\] - \d+s \d+(us|ms)\/step - loss: /);
    out.length = 0;
    await model.evaluate(x, x);
    expect(out.join('')).toMatch(/^4\/4 \[={30}\] - \d+s \d+(us|ms)\/step - loss: [\d.e-]+ - mae: [\d.e-]+\n$/);
  });

  it('shows N/Unknown for a dataset of unknown length, then learns the length', async () => {
    const { out, sink } = capture(false);
    setLogSink(sink);
    const model = new Sequential([layers.dense({ units: 1, inputShape: [1] })]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = tensor([[0], [1], [2], [3]]);
    // A re-iterable dataset without a length (an array, or anything with length/size, shows N/N from the start).
    const batches = {
      *[Symbol.iterator]() {
        yield [x.slice(0, 2), x.slice(0, 2)] as [Tensor, Tensor];
        yield [x.slice(2), x.slice(2)] as [Tensor, Tensor];
      },
    };
    await model.fit(batches, { epochs: 2 });
    const lines = out.join('').split('\n');
    expect(lines[1]).toMatch(/^      2\/Unknown - \d+s \d+(us|ms)\/step - loss: /);
    expect(lines[3]).toMatch(/^2\/2 \[={30}\] - /);
  });

  it('shows N/N from the first epoch for a dataset that knows its length (an array of batches)', async () => {
    const { out, sink } = capture(false);
    setLogSink(sink);
    const model = new Sequential([layers.dense({ units: 1, inputShape: [1] })]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = tensor([[0], [1], [2], [3]]);
    await model.fit(
      [
        [x.slice(0, 2), x.slice(0, 2)],
        [x.slice(2), x.slice(2)],
      ],
      { epochs: 1 },
    );
    expect(out.join('').split('\n')[1]).toMatch(/^2\/2 \[={30}\] - /);
  });
});
