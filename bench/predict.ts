// `npx tsx bench/predict.ts [--workloads W1,W5] [--batch 128] [--reps 9]`: the peer workloads'
// predictOnBatch, timed with the recurrent inference path (src/layers/recurrent/inference.ts)
// and without it (the layers' inferencePath 'never': the training forward), alternating in one
// process so a loaded machine slows both alike. Prints medians (ms) and their ratio; also the
// training step, for predict's share of it. `--cpu` times by the process's CPU time instead of
// the clock (on a machine shared by many processes; with SUNHWAN_THREADS=1 it is the work done).

import { layers, optimizers, Sequential, Tensor } from '../src/index.ts';
import { RNNBase } from '../src/layers/recurrent/base.ts';
import { Bidirectional } from '../src/layers/wrappers/bidirectional.ts';
import { getThreads } from '../src/threads/index.ts';
import { findWorkload, randomBatch, type LayerSpec } from './peers/workloads.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const ids = option('workloads', 'W1,W2,W3,W5,W6').split(',');
const batch = Number(option('batch', '128'));
const reps = Number(option('reps', '9'));
const cpu = args.includes('--cpu');
const now = (): number => {
  if (!cpu) return performance.now();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function make(spec: LayerSpec, first: Record<string, unknown>): unknown {
  const L = layers as unknown as Record<string, (a: Record<string, unknown>) => unknown>;
  switch (spec.type) {
    case 'embedding':
      return L.embedding!({ inputDim: spec.inputDim, outputDim: spec.outputDim, ...first });
    case 'lstm':
      return L.lstm!({ units: spec.units, ...first });
    case 'gru':
      return L.gru!({ units: spec.units, ...first });
    case 'simple_rnn':
      return L.simpleRNN!({ units: spec.units, ...first });
    case 'bidirectional_lstm':
      return L.bidirectional!({ layer: L.lstm!({ units: spec.units }), ...first });
    case 'dense':
      return L.dense!({ units: spec.units, activation: spec.activation, ...first });
    default:
      throw new Error(`bench/predict: ${spec.type} is not a recurrent workload's layer`);
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const id of ids) {
  const w = findWorkload(id);
  const data = randomBatch(w, batch);
  const model = new Sequential({
    layers: w.layers.map((s, i) => make(s, i === 0 ? { inputShape: data.xShape.slice(1) } : {})),
  } as ConstructorParameters<typeof Sequential>[0]);
  model.compile({ optimizer: optimizers.rmsprop({ learningRate: 0.001 }), loss: w.loss });
  const x = new Tensor(data.x, data.xShape);
  const y = new Tensor(data.y, data.yShape);
  const time = (f: () => unknown): number => {
    const t0 = now();
    f();
    return now() - t0;
  };
  const recurrent = model.layers.flatMap((l) => (l instanceof Bidirectional ? [l.forwardLayer, l.backwardLayer] : [l]));
  const predictWith = (path: 'auto' | 'never'): number => {
    for (const l of recurrent) if (l instanceof RNNBase) l.inferencePath = path;
    return time(() => model.predictOnBatch(x));
  };
  const fast: number[] = [];
  const slow: number[] = [];
  const train: number[] = [];
  predictWith('auto');
  predictWith('never');
  for (let r = 0; r < reps; r++) {
    fast.push(predictWith('auto'));
    slow.push(predictWith('never'));
    const t0 = now();
    await model.fit(x, y, { batchSize: batch, epochs: 1, verbose: 0, shuffle: false });
    train.push(now() - t0);
  }
  const [f, s, t] = [median(fast), median(slow), median(train)];
  console.log(
    `${id} batch ${batch}, ${getThreads()} threads, ${cpu ? 'CPU' : 'wall'} time: predict ${f.toFixed(2)} ms (training forward ${s.toFixed(2)} ms, ×${(s / f).toFixed(2)}); train step ${t.toFixed(1)} ms, predict = ${((100 * f) / t).toFixed(0)}% of it`,
  );
}
