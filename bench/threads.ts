// `npx tsx bench/threads.ts [--threads N] [--variant simd|relaxed]`: GEMM GFLOP/s on one
// thread and on the pool, for the shapes of performance.md and the recurrent layers, plus
// the round-trip cost of an empty fork-join. Prints figures, never verdicts.

import { loadavg } from 'node:os';
import { Heap } from '../src/heap.ts';
import { wasmKernels, wasmSupported, type WasmVariant } from '../src/kernels/wasm/index.ts';
import { Act } from '../src/kernels/core.ts';
import type { Kernels } from '../src/kernels/index.ts';
import { poolFor, RowSplit, setThreads, splitRows, threadedKernels, type Calls, type Range } from '../src/threads/index.ts';

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
console.log(
  `load average: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} (figures are noisy when this is above ~0.5)`,
);

// one tiny call per thread: the cost of a meeting; the share says who ran the jobs (the
// caller claims too, so with tiny jobs it often runs all of them)
const tiny = heap.alloc(16 * pool.size).offset;
const tinyJobs = Array.from({ length: pool.size }, (_, i) => [{ name: 'fill', args: [tiny + 16 * i, 16, i] }]);
const claimedBefore = pool.claimed;
const jobsBefore = pool.jobs;
const forkJoin = time(() => {
  for (let i = 0; i < 1000; i++) pool.run(tinyJobs);
});
const share = (100 * (pool.claimed - claimedBefore)) / (pool.jobs - jobsBefore);
console.log(`fork-join of one tiny call per thread: ${forkJoin.toFixed(1)} µs per run; the caller ran ${share.toFixed(0)}% of the jobs`);

// [label, transA, transB, m, n, k]
const shapes: Array<[string, boolean, boolean, number, number, number]> = [
  ['per-step h·U, LSTM(32), B 128', false, false, 128, 128, 32],
  ['per-step h·U, LSTM(128), B 128', false, false, 128, 512, 128],
  ['input projection, 64000×32 · 32×128', false, false, 64000, 128, 32],
  ['weight grad (64000×32)ᵀ · 64000×128', true, false, 32, 128, 64000],
  ['input grad 64000×128 · (32×128)ᵀ', false, true, 64000, 32, 128],
  ['LSTM(128) dU, (7680×128)ᵀ · 7680×512', true, false, 128, 512, 7680],
  ['Conv1D table projection 10000×128 · 128×224', false, false, 10000, 224, 128],
  ['Conv1D dW (10000×128)ᵀ · 10000×224', true, false, 128, 224, 10000],
  ['Conv1D dE 10000×224 · (128×224)ᵀ', false, true, 10000, 128, 224],
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
  console.log(
    `${label.padEnd(40)}${(flops / one / 1e6).toFixed(1).padStart(12)}${(flops / many / 1e6).toFixed(1).padStart(12)}${(one / many).toFixed(2).padStart(11)}`,
  );
}
// The recurrent layers' time loop (per step: h·U GEMM + fused gates; backward: gates + dh GEMM),
// on one thread and batch-split (each thread takes rows through all steps).
function lstmLoop(
  k: Calls,
  rows: Range,
  B: number,
  T: number,
  u: number,
  z: number,
  h: number,
  c: number,
  U: number,
  dh: number,
  dc: number,
  dz: number,
): void {
  const gu = 4 * u;
  const n = rows.count;
  const s = rows.start;
  const at = (t: number): number => t * B + s; // row index of this range's first row at step t
  for (let t = 0; t < T; t++) {
    k.call('gemm', false, false, n, gu, u, 1, h + at(t) * u, u, U, gu, 1, z + at(t) * gu, gu);
    k.call(
      'lstmForward',
      n,
      u,
      Act.tanh,
      Act.sigmoid,
      z + at(t) * gu,
      c + at(t) * u,
      h + at(t) * u,
      c + at(t + 1) * u,
      h + at(t + 1) * u,
      -1,
    );
  }
  k.call('fill', dh + s * u, n * u, 0.01);
  k.call('fill', dc + s * u, n * u, 0);
  for (let t = T - 1; t >= 0; t--) {
    k.call(
      'lstmBackward',
      n,
      u,
      Act.tanh,
      Act.sigmoid,
      z + at(t) * gu,
      c + at(t) * u,
      c + at(t + 1) * u,
      dh + s * u,
      dc + s * u,
      dz + at(t) * gu,
      -1,
    );
    k.call('gemm', false, true, n, u, gu, 1, dz + at(t) * gu, gu, U, gu, 1, dh + s * u, u);
  }
}
console.log(
  `\n${'LSTM time loop, forward + backward'.padEnd(40)}${'1 thread'.padStart(12)}${`${pool.size} threads`.padStart(12)}   speed-up   (ms; recurrent GEMM GFLOP/s)`,
);
for (const [B, T, u] of [
  [128, 500, 32],
  [128, 60, 128],
  [32, 500, 32],
] as const) {
  const gu = 4 * u;
  const U = heap.alloc(u * gu).offset;
  for (let i = 0; i < u * gu; i++) heap.f32[U + i] = ((i % 17) - 8) * 0.01;
  const z = heap.alloc(T * B * gu).offset;
  const h = heap.alloc((T + 1) * B * u).offset;
  const c = heap.alloc((T + 1) * B * u).offset;
  const dh = heap.alloc(B * u).offset;
  const dc = heap.alloc(B * u).offset;
  const dz = heap.alloc(T * B * gu).offset;
  const flops = 3 * 2 * T * B * u * gu;
  const loop = (k: Calls, rows: Range): void => lstmLoop(k, rows, B, T, u, z, h, c, U, dh, dc, dz);
  const one = time(() => new RowSplit(base, B, null).run(loop), 1000);
  const split = time(() => splitRows(threaded, B, Infinity).run(loop), 1000);
  const label = `B ${B}, T ${T}, units ${u}`;
  console.log(
    `${label.padEnd(40)}${one.toFixed(1).padStart(12)}${split.toFixed(1).padStart(12)}${(one / split).toFixed(2).padStart(11)}   (${(flops / one / 1e6).toFixed(1)} → ${(flops / split / 1e6).toFixed(1)})`,
  );
}
console.log(
  `\nload average at end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
