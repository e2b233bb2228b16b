// The native set's training time loops (native/train.c) on peer workloads, A/B in one process:
// `SUNHWAN_KERNELS=native npx tsx bench/train-loop.ts [--cases W1@32,W6@128] [--threads 1|2] [--rounds 9] [--steps 5]`.
//   --threads 1: the C loops against the same native set stepping from JavaScript (its loop
//                members removed: what the native set did before them).
//   --threads 2: the C loops with the time loop split by rows (policy nativeRowLoopMinWork 0)
//                against unsplit (the GEMMs split either way): where a split starts to pay.
// Each variant trains two models of its own on the same batch; rounds alternate between the
// models, a round's figure being the mean of `steps` consecutive training steps (trainOnBatch). Prints medians and
// the fastest round per variant; on a shared machine only the ratios within one run mean anything.

import { loadavg } from 'node:os';
import { layers, optimizers, Sequential, Tensor, type Layer } from '../src/index.ts';
import { engine, setKernels } from '../src/engine.ts';
import type { Kernels } from '../src/kernels/index.ts';
import { currentPool, DEFAULT_POLICY, recurrentLoopWork, setThreads, type ThreadPolicy } from '../src/threads/index.ts';
import { findWorkload, randomBatch, type Workload } from './peers/workloads.ts';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const threads = Number(option('--threads', '1'));
const rounds = Number(option('--rounds', '9'));
const steps = Number(option('--steps', '5'));
const cases = option('--cases', 'W1@32,W3@32,W7@32,W7@64,W6@32,W1@128,W2@32').split(',');
setThreads(threads);

const native = engine();
if (native.name !== 'native' || !native.lstmTrainForward) throw new Error('bench/train-loop.ts: run with SUNHWAN_KERNELS=native');
/** The native set without its training loops: RNNBase steps from JavaScript. */
const stepping: Kernels = { ...native };
for (const m of ['trainLoopCovers', 'lstmTrainForward', 'gruTrainForward', 'simpleRnnTrainForward'] as const) delete stepping[m];
for (const m of ['lstmTrainBackward', 'gruTrainBackward', 'simpleRnnTrainBackward'] as const) delete stepping[m];

function build(w: Workload, xShape: number[], threadPolicy: ThreadPolicy): Layer[] {
  return w.layers.map((spec, i) => {
    const first = i === 0 ? { inputShape: xShape.slice(1) } : {};
    const rnn = { threadPolicy, ...first };
    switch (spec.type) {
      case 'lstm':
        return layers.lstm({ units: spec.units, ...rnn });
      case 'gru':
        return layers.gru({ units: spec.units, ...rnn });
      case 'simple_rnn':
        return layers.simpleRNN({ units: spec.units, ...rnn });
      case 'embedding':
        return layers.embedding({ inputDim: spec.inputDim, outputDim: spec.outputDim, ...first });
      case 'dense':
        return layers.dense({ units: spec.units, activation: spec.activation, ...first });
      default:
        throw new Error(`bench/train-loop.ts: no ${spec.type} layers`);
    }
  });
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1]!;

console.log(
  `native training loops, ${threads} thread(s); ${rounds} rounds × ${steps} steps; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const id of cases) {
  const [name, b] = id.split('@') as [string, string];
  const batch = Number(b);
  const w = findWorkload(name);
  const data = randomBatch(w, batch);
  const x = new Tensor(data.x, data.xShape);
  const y = new Tensor(data.y, data.yShape);
  const rnn = w.layers.find((l) => l.type === 'lstm' || l.type === 'gru' || l.type === 'simple_rnn') as { type: string; units: number };
  const gates = rnn.type === 'lstm' ? 4 : rnn.type === 'gru' ? 3 : 1;
  const work = recurrentLoopWork(batch, w.input.steps, rnn.units, gates);
  const variants =
    threads === 1
      ? [
          { label: 'C loops', kernels: native, policy: DEFAULT_POLICY },
          { label: 'steps from JS', kernels: stepping, policy: DEFAULT_POLICY },
        ]
      : [
          { label: 'C loops, split', kernels: native, policy: { ...DEFAULT_POLICY, nativeRowLoopMinWork: 0 } },
          { label: 'C loops, whole', kernels: native, policy: { ...DEFAULT_POLICY, nativeRowLoopMinWork: Infinity } },
        ];
  // two models per variant, built A B B A: where a model's buffers sit in the heap (which is built
  // first) moved its step time by up to 20 % here, so each variant gets one of each place
  const models = [0, 1, 1, 0].map((i) => {
    const v = variants[i]!;
    setKernels(v.kernels);
    const model = new Sequential({ layers: build(w, data.xShape, v.policy) });
    model.compile({ optimizer: optimizers.rmsprop({ learningRate: 0.001, rho: 0.9, epsilon: 1e-7 }), loss: w.loss });
    return { variant: i, model };
  });
  const runs = variants.map((v) => ({ ...v, times: [] as number[], forkJoins: 0 }));
  for (const m of models) for (let i = 0; i < 3; i++) await m.model.trainOnBatch(x, y);
  for (let round = 0; round < rounds; round++) {
    for (const m of models) {
      const r = runs[m.variant]!;
      const forkJoins = currentPool()?.runs ?? 0;
      const t0 = performance.now();
      for (let i = 0; i < steps; i++) await m.model.trainOnBatch(x, y);
      r.times.push((performance.now() - t0) / steps);
      r.forkJoins += ((currentPool()?.runs ?? 0) - forkJoins) / steps / rounds / 2;
    }
  }
  const base = median(runs[runs.length - 1]!.times);
  for (const r of runs) {
    const m = median(r.times);
    console.log(
      `${id.padEnd(7)} (loop work ${(work / 1e6).toFixed(0).padStart(5)} M) ${r.label.padEnd(16)} ${m.toFixed(2).padStart(7)} ms median, ${Math.min(
        ...r.times,
      )
        .toFixed(2)
        .padStart(7)} fastest, ×${(m / base).toFixed(2)}${threads > 1 ? `, ${r.forkJoins.toFixed(0)} fork-joins per step` : ''}`,
    );
  }
}
console.log(
  `load average at end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
