// `npx tsx bench/threads.ts [--threads N] [--variant simd|relaxed]`: GEMM GFLOP/s on one
// thread and on the pool, for the shapes of performance.md and the recurrent layers, plus
// the round-trip cost of an empty fork-join. Prints figures, never verdicts.

import { loadavg } from 'node:os';
import { Heap } from '../src/heap.ts';
import { wasmKernels, wasmSupported, type WasmVariant } from '../src/kernels/wasm/index.ts';
import { poolFor, setThreads, threadedKernels } from '../src/threads/index.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const threads = Number(option('--threads') ?? 2);
const variant = (option('--variant') ?? (wasmSupported('relaxed', true) ? 'relaxed' : 'simd')) as WasmVariant;

const heap = new Heap({ shared: true });
const base = wasmKernels(heap, { variant });
setThreads(threads);
const threaded = threadedKernels(base);
const pool = poolFor(base);
if (!pool) throw new Error('no worker pool in this runtime');

function time(run: () => void, minMs = 300): number {
  run(); // warm up
  run();
  const samples: number[] = [];
  const until = performance.now() + minMs;
  while (samples.length < 5 || (performance.now() < until && samples.length < 200)) {
    const t = performance.now();
    run();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1]!;
}

console.log(`threads bench — ${new Date().toISOString()}, node ${process.version}, kernels ${base.name}, pool of ${pool.size}`);
console.log(`load average: ${loadavg().map((x) => x.toFixed(2)).join(' ')} (figures are noisy when this is above ~0.5)`);

const emptyJobs = Array.from({ length: pool.size }, () => []);
const forkJoin = time(() => {
  for (let i = 0; i < 1000; i++) pool.run(emptyJobs);
});
console.log(`empty fork-join round trip: ${((forkJoin / 1000) * 1000).toFixed(1)} µs`);

// [label, transA, transB, m, n, k]
const shapes: Array<[string, boolean, boolean, number, number, number]> = [
  ['per-step h·U, LSTM(32), B 128', false, false, 128, 128, 32],
  ['per-step h·U, LSTM(128), B 128', false, false, 128, 512, 128],
  ['input projection, 64000×32 · 32×128', false, false, 64000, 128, 32],
  ['weight grad (64000×32)ᵀ · 64000×128', true, false, 32, 128, 64000],
  ['input grad 64000×128 · (32×128)ᵀ', false, true, 64000, 32, 128],
  ['square 256', false, false, 256, 256, 256],
  ['square 512', false, false, 512, 512, 512],
];
console.log(`\n${'GEMM'.padEnd(40)}${'1 thread'.padStart(12)}${`${pool.size} threads`.padStart(12)}   speed-up   (GFLOP/s)`);
for (const [label, tA, tB, m, n, k] of shapes) {
  const a = heap.alloc(m * k).offset;
  const b = heap.alloc(k * n).offset;
  const c = heap.alloc(m * n).offset;
  const f = heap.f32;
  for (let i = 0; i < m * k; i++) f[a + i] = (i % 13) * 0.01;
  for (let i = 0; i < k * n; i++) f[b + i] = (i % 7) * 0.01;
  const lda = tA ? m : k;
  const ldb = tB ? k : n;
  const flops = 2 * m * n * k;
  const one = time(() => base.gemm(tA, tB, m, n, k, 1, a, lda, b, ldb, 0, c, n));
  const many = time(() => threaded.gemm(tA, tB, m, n, k, 1, a, lda, b, ldb, 0, c, n));
  console.log(`${label.padEnd(40)}${(flops / one / 1e6).toFixed(1).padStart(12)}${(flops / many / 1e6).toFixed(1).padStart(12)}${(one / many).toFixed(2).padStart(11)}`);
}
console.log(`\nload average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
