// `npm run bench` (tsx bench/recurrent.ts [--reps N] [--reference-budget S] [--no-reference]):
// forward + backward of one recurrent layer call on the textbooks' shapes, through the public
// layer API (build, forward with training = true, backward with a fixed output gradient), on
// the reference kernels and on the wasm kernels (SIMD128; relaxed SIMD when the runtime has
// it: Chromium, Node 22+, and Node 20 through the V8 flag src/kernels/wasm/module.ts sets).
// One thread. Prints median milliseconds, reference/wasm ratios and GFLOP/s counting the GEMM
// work: forward 2·T·B·(I+u)·G·u (G gates: 1, 3, 4), backward twice that (dW, dU, dX, dh).
// Figures, not verdicts: compare them with the load average printed above them.

import { loadavg } from 'node:os';
import { setKernels } from '../src/engine.ts';
import { Heap } from '../src/heap.ts';
import { referenceKernels, type Kernels } from '../src/kernels/index.ts';
import { wasmKernels, wasmSupported } from '../src/kernels/wasm/index.ts';
import type { Layer } from '../src/layers/layer.ts';
import { gru, lstm, simpleRNN } from '../src/layers/recurrent/index.ts';
import { Random } from '../src/random.ts';
import { setThreads } from '../src/threads/index.ts';

// one thread: this compares the kernel sets (threads: bench/threads.ts and bench:peers)
setThreads(1);

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const reps = Number(option('--reps') ?? 7);
/** Seconds the slow reference path may spend per workload (it is ~50× slower). */
const referenceBudget = Number(option('--reference-budget') ?? 20);
const withReference = !args.includes('--no-reference');

interface Workload {
  label: string;
  gates: number;
  make: () => Layer;
  batch: number;
  steps: number;
  features: number;
  units: number;
}

const WORKLOADS: Workload[] = [
  { label: 'LSTM(32) 128×500×32', gates: 4, make: () => lstm({ units: 32 }), batch: 128, steps: 500, features: 32, units: 32 },
  { label: 'GRU(32) 128×240×14', gates: 3, make: () => gru({ units: 32 }), batch: 128, steps: 240, features: 14, units: 32 },
  { label: 'SimpleRNN(32) 128×500×32', gates: 1, make: () => simpleRNN({ units: 32 }), batch: 128, steps: 500, features: 32, units: 32 },
  { label: 'LSTM(128) 128×60×57', gates: 4, make: () => lstm({ units: 128 }), batch: 128, steps: 60, features: 57, units: 128 },
];

/** GEMM FLOPs of one forward + backward: forward 2·T·B·(I+u)·G·u, backward twice that. */
function flops(w: Workload): number {
  return 3 * 2 * w.steps * w.batch * (w.features + w.units) * w.gates * w.units;
}

interface KernelSet {
  label: string;
  make: () => Kernels;
}
const sets: KernelSet[] = [];
if (withReference) sets.push({ label: 'reference', make: () => referenceKernels(new Heap()) });
sets.push({ label: 'wasm simd', make: () => wasmKernels(new Heap(), { variant: 'simd' }) });
const relaxed = wasmSupported('relaxed', new Heap().shared);
if (relaxed) sets.push({ label: 'wasm relaxed', make: () => wasmKernels(new Heap(), { variant: 'relaxed' }) });

/** Median ms of forward + backward on `kernels`; the reference path stops at its budget. */
function timeLayer(w: Workload, kernels: Kernels, slow: boolean): { ms: number; runs: number } {
  setKernels(kernels); // the layer takes the engine's kernels at first use
  const layer = w.make();
  layer.build([[w.batch, w.steps, w.features]]);
  const rng = new Random(42);
  const n = w.batch * w.steps * w.features;
  const x = kernels.heap.alloc(n);
  const xv = kernels.heap.view(x);
  for (let i = 0; i < n; i++) xv[i] = rng.uniform(-1, 1);
  const dy = kernels.heap.alloc(w.batch * w.units);
  const dyv = kernels.heap.view(dy);
  for (let i = 0; i < dyv.length; i++) dyv[i] = rng.uniform(-1, 1) / w.batch;
  const input = { buf: x, shape: [w.batch, w.steps, w.features], dtype: 'float32' as const, mask: null };
  const step = (): number => {
    const t0 = performance.now();
    layer.forward([input], { training: true, rng: new Random(7) });
    layer.backward([dy], { needInputGrads: [true] });
    return performance.now() - t0;
  };
  const samples: number[] = [];
  if (slow) {
    // no warm-up: one run already takes seconds, and JIT warm-up is a small part of it
    const until = performance.now() + referenceBudget * 1000;
    do samples.push(step());
    while (samples.length < 3 && performance.now() + samples[0]! < until);
  } else {
    step(); // warm-up: V8 tiers the wasm up, the layer allocates its buffers
    step();
    for (let r = 0; r < reps; r++) samples.push(step());
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[samples.length >> 1]!, runs: samples.length };
}

const [l1, l5, l15] = loadavg();
console.log(`load average ${l1!.toFixed(2)} ${l5!.toFixed(2)} ${l15!.toFixed(2)} (1/5/15 min); one thread; node ${process.version}`);
if (!relaxed) console.log('relaxed: this runtime has no relaxed SIMD');
console.log('forward + backward of one layer call (training = true), median ms [runs] and GEMM GFLOP/s\n');
const header = ['workload', 'GFLOP', ...sets.map((s) => `${s.label} ms [runs]`), ...sets.map((s) => `${s.label} GFLOP/s`)];
if (withReference) header.push(...sets.slice(1).map((s) => `reference / ${s.label}`));
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const w of WORKLOADS) {
  const results = sets.map((s) => timeLayer(w, s.make(), s.label === 'reference'));
  const gflop = flops(w) / 1e9;
  const cells = [
    w.label,
    gflop.toFixed(2),
    ...results.map((r) => `${r.ms.toFixed(1)} [${r.runs}]`),
    ...results.map((r) => (gflop / (r.ms / 1000)).toFixed(2)),
  ];
  if (withReference) cells.push(...results.slice(1).map((r) => (results[0]!.ms / r.ms).toFixed(1)));
  console.log(`| ${cells.join(' | ')} |`);
}
const [e1, e5, e15] = loadavg();
console.log(`\nload average at the end ${e1!.toFixed(2)} ${e5!.toFixed(2)} ${e15!.toFixed(2)}`);
