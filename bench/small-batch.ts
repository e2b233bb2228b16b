// `npx tsx bench/small-batch.ts [--threads 1,2] [--steps 200] [--only W7-64]`: training steps at
// the batch sizes users pick (issue: small batches), timed as bench:peers times them — one
// `fit` of one batch — with a per-phase profile of that step: fit's own JavaScript (setup,
// batches, callbacks, history), each layer's forward and backward, the loss, zeroing the
// gradients and the optimizer. Medians over many steps, and the fastest step (on a shared
// machine, the nearest to a quiet one: compare thread counts by it); prints figures, never verdicts.
//
//   W7  Embedding(10000, 64) → LSTM(64) → Dense(3, softmax), 30 steps, batch 32 and 64
//   W8  GRU(32) → Dense(1) on 24 × 11 series, batch 32
//   W2  GRU(32) → Dense(1) on 240 × 14 series, batch 32
//   W2  GRU(32) → Dense(1) on 240 × 14 series, batch 32
//   W6  one-hot(57) → LSTM(128) → Dense(57, softmax), 60 steps, batch 32 and 128
//   W1, W3  Embedding(10000, 32) → LSTM(32) or SimpleRNN(32) → Dense(1), 500 steps, batch 32

import { loadavg } from 'node:os';
import { engine, layers, optimizers, Sequential, Tensor, type Layer } from '../src/index.ts';
import { currentPool, setThreads } from '../src/threads/index.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const threadCounts = (option('--threads') ?? '1,2').split(',').map(Number);
const steps = Number(option('--steps') ?? 200);
const only = option('--only');

interface Case {
  id: string;
  batch: number;
  make: () => Layer[];
  x: (batch: number) => Tensor;
  y: (batch: number) => Tensor;
  loss: string;
}

/** Deterministic pseudo-random numbers in [0, 1). */
function noise(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  });
}

const w7 = (batch: number): Case => ({
  id: `W7-${batch}`,
  batch,
  make: () => [
    layers.embedding({ inputDim: 10_000, outputDim: 64, inputShape: [30] }),
    layers.lstm({ units: 64 }),
    layers.dense({ units: 3, activation: 'softmax' }),
  ],
  x: (b) =>
    new Tensor(
      Int32Array.from(noise(b * 30, 7), (v) => Math.floor(v * 10_000)),
      [b, 30],
    ),
  y: (b) =>
    new Tensor(
      Float32Array.from({ length: b * 3 }, (_, i) => (i % 3 === Math.floor(i / 3) % 3 ? 1 : 0)),
      [b, 3],
    ),
  loss: 'categorical_crossentropy',
});

const w8 = (batch: number): Case => ({
  id: `W8-${batch}`,
  batch,
  make: () => [layers.gru({ units: 32, inputShape: [24, 11] }), layers.dense({ units: 1 })],
  x: (b) => new Tensor(noise(b * 24 * 11, 3), [b, 24, 11]),
  y: (b) => new Tensor(noise(b, 5), [b, 1]),
  loss: 'mae',
});

/** W1 (LSTM) and W3 (SimpleRNN) at batch 32: Embedding(10000, 32) on 500 steps. */
const imdb = (id: string, cell: 'lstm' | 'simpleRNN', batch: number): Case => ({
  id: `${id}-${batch}`,
  batch,
  make: () => [
    layers.embedding({ inputDim: 10_000, outputDim: 32, inputShape: [500] }),
    layers[cell]({ units: 32 }),
    layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
  x: (b) =>
    new Tensor(
      Int32Array.from(noise(b * 500, 11), (v) => Math.floor(v * 10_000)),
      [b, 500],
    ),
  y: (b) =>
    new Tensor(
      Float32Array.from(noise(b, 13), (v) => (v < 0.5 ? 0 : 1)),
      [b, 1],
    ),
  loss: 'binary_crossentropy',
});

/** W6: one-hot characters (57) → LSTM(128) → Dense(57, softmax), 60 steps. */
const w6 = (batch: number): Case => ({
  id: `W6-${batch}`,
  batch,
  make: () => [layers.lstm({ units: 128, inputShape: [60, 57] }), layers.dense({ units: 57, activation: 'softmax' })],
  x: (b) =>
    new Tensor(
      Float32Array.from({ length: b * 60 * 57 }, (_, i) => (i % 57 === Math.floor(i / 57) % 57 ? 1 : 0)),
      [b, 60, 57],
    ),
  y: (b) =>
    new Tensor(
      Float32Array.from({ length: b * 57 }, (_, i) => (i % 57 === Math.floor(i / 57) % 57 ? 1 : 0)),
      [b, 57],
    ),
  loss: 'categorical_crossentropy',
});

/** W2: GRU(32) → Dense(1) on 240 × 14 series. */
const w2 = (batch: number): Case => ({
  id: `W2-${batch}`,
  batch,
  make: () => [layers.gru({ units: 32, inputShape: [240, 14] }), layers.dense({ units: 1 })],
  x: (b) => new Tensor(noise(b * 240 * 14, 17), [b, 240, 14]),
  y: (b) => new Tensor(noise(b, 19), [b, 1]),
  loss: 'mae',
});

const cases = [
  w2(32),
  w6(32),
  w6(128),
  w7(32),
  w7(64),
  w8(32),
  imdb('W1', 'lstm', 32),
  imdb('W1', 'lstm', 128),
  imdb('W3', 'simpleRNN', 32),
].filter((c) => !only || only.split(',').includes(c.id));

/** Milliseconds per phase and step, filled by wrappers around the model's methods. */
class Profile {
  /** The current step's time per phase. */
  private readonly step = new Map<string, number>();
  /** Every finished step's time per phase. */
  private readonly steps = new Map<string, number[]>();
  add(phase: string, ms: number): void {
    this.step.set(phase, (this.step.get(phase) ?? 0) + ms);
  }
  endStep(): void {
    for (const [phase, ms] of this.step) {
      const list = this.steps.get(phase) ?? [];
      list.push(ms);
      this.steps.set(phase, list);
    }
    this.step.clear();
  }
  /** The median step's time in `phase` (a loaded machine's preemptions skew means). */
  median(phase: string): number {
    const list = this.steps.get(phase);
    return list ? median(list) : 0;
  }
  get phases(): string[] {
    return [...this.steps.keys()];
  }
  /** Wraps obj[method] so its time is added to `phase` (nested phases count in both). */
  wrap(obj: object, method: string, phase: string): void {
    const target = obj as Record<string, (...a: unknown[]) => unknown>;
    const inner = target[method]!.bind(obj);
    target[method] = (...a: unknown[]) => {
      const t = performance.now();
      try {
        return inner(...a);
      } finally {
        this.add(phase, performance.now() - t);
      }
    };
  }
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

async function measure(c: Case, threads: number): Promise<{ step: number; best: number; phases: Array<[string, number]>; runs: number }> {
  setThreads(threads);
  const model = new Sequential({ layers: c.make() });
  model.compile({ optimizer: optimizers.rmsprop({ learningRate: 0.001 }), loss: c.loss });
  const x = c.x(c.batch);
  const y = c.y(c.batch);
  const fit = () => model.fit(x, y, { batchSize: c.batch, epochs: 1, verbose: 0, shuffle: false });
  for (let i = 0; i < 20; i++) await fit(); // warm up (and start the pool)
  // unprofiled steps first: the figure bench:peers reports
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t = performance.now();
    await fit();
    times.push(performance.now() - t);
  }
  // then the same steps with timers around each phase
  const profile = new Profile();
  for (const layer of model.layers) {
    profile.wrap(layer, 'forward', `${layer.name} forward`);
    profile.wrap(layer, 'backward', `${layer.name} backward`);
  }
  profile.wrap(model.optimizer!, 'applyGradients', 'optimizer');
  const stepper = (model as unknown as { trainer: { stepper: object } }).trainer.stepper;
  profile.wrap(stepper, 'run', 'batch step');
  profile.wrap(stepper, 'loadInputs', 'copy inputs in');
  const runsBefore = currentPool()?.runs ?? 0;
  for (let i = 0; i < steps; i++) {
    const t = performance.now();
    await fit();
    profile.add('fit (whole step)', performance.now() - t);
    profile.endStep();
  }
  const runs = ((currentPool()?.runs ?? 0) - runsBefore) / steps;
  const per = (phase: string): number => profile.median(phase);
  const inStep = profile.phases.filter(
    (k) => k.endsWith('forward') || k.endsWith('backward') || k === 'optimizer' || k === 'copy inputs in',
  );
  const phases: Array<[string, number]> = [
    ['fit (whole step)', per('fit (whole step)')],
    ["  fit's own JavaScript", per('fit (whole step)') - per('batch step')],
    ['  batch step', per('batch step')],
    ...inStep.map((k) => [`    ${k}`, per(k)] as [string, number]),
    ['    the rest: loss, metrics, zeroing', per('batch step') - inStep.reduce((a, k) => a + per(k), 0)],
  ];
  return { step: median(times), best: Math.min(...times), phases, runs };
}

console.log(
  `sunhwan ${engine().name}; ${steps} steps per figure; load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
for (const c of cases) {
  for (const threads of threadCounts) {
    const r = await measure(c, threads);
    console.log(
      `\n${c.id} (batch ${c.batch}), ${threads} thread${threads > 1 ? 's' : ''}: ${r.step.toFixed(2)} ms per fit step (median; fastest ${r.best.toFixed(2)})`,
    );
    console.log(`  fork-joins per step: ${r.runs.toFixed(1)}; profile (median ms per step of each phase, timers on):`);
    for (const [phase, ms] of r.phases) console.log(`    ${phase.padEnd(34)}${ms.toFixed(3).padStart(9)}`);
  }
}
console.log(
  `\nload average at end: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
