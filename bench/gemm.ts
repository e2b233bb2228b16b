// GEMM throughput of each kernel set on the shapes of /work/shared/reference/performance.md.
// `npx tsx bench/gemm.ts [--reference] [--only TEXT]` (the relaxed variant's column appears
// wherever the runtime has relaxed SIMD: Node 20 gets it from a V8 flag set at run time; the
// native column where the native kernels load).
// Prints GFLOP/s (2·m·n·k per call) from the CPU time (process.cpuUsage) of the best of 15
// rounds after a warm-up, so other processes on a shared machine distort it less; one thread.

import { Heap } from '../src/heap.ts';
import { referenceKernels, type Kernels } from '../src/kernels/index.ts';
import { wasmKernels, wasmSupported } from '../src/kernels/wasm/index.ts';
import { nativeKernels, nativeSupported } from '../src/kernels/native/index.ts';

interface Shape {
  label: string;
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
}
const SHAPES: Shape[] = [
  { label: '128×32 · 32×128', transA: false, transB: false, m: 128, n: 128, k: 32 },
  { label: '64000×32 · 32×128', transA: false, transB: false, m: 64000, n: 128, k: 32 },
  { label: '128×128 · 128×512', transA: false, transB: false, m: 128, n: 512, k: 128 },
  { label: '(64000×32)ᵀ · 64000×128', transA: true, transB: false, m: 32, n: 128, k: 64000 },
  { label: '64000×128 · (32×128)ᵀ', transA: false, transB: true, m: 64000, n: 32, k: 128 },
  { label: '256×256 · 256×256', transA: false, transB: false, m: 256, n: 256, k: 256 },
  // the recurrent layers' weight gradients over one block of 1024 rows (dW = Xᵀ·dZ, dU = Hᵀ·dZ)
  { label: '(1024×32)ᵀ · 1024×128 (LSTM(32) dW, dU)', transA: true, transB: false, m: 32, n: 128, k: 1024 },
  { label: '32×1024 · 1024×128 (the same, A untransposed)', transA: false, transB: false, m: 32, n: 128, k: 1024 },
  { label: '(1024×14)ᵀ · 1024×96 (GRU(32) dW)', transA: true, transB: false, m: 14, n: 96, k: 1024 },
  { label: '(1024×32)ᵀ · 1024×96 (GRU(32) dU)', transA: true, transB: false, m: 32, n: 96, k: 1024 },
  { label: '(1024×57)ᵀ · 1024×512 (LSTM(128) dW)', transA: true, transB: false, m: 57, n: 512, k: 1024 },
  // W6 (LSTM(128), batch 128): a step's h·U and dZ·Uᵀ, and dU = Hᵀ·dZ over a block
  { label: '64×128 · 128×512 (LSTM(128) h·U, half the batch)', transA: false, transB: false, m: 64, n: 512, k: 128 },
  { label: '128×512 · (128×512)ᵀ (LSTM(128) dZ·Uᵀ)', transA: false, transB: true, m: 128, n: 128, k: 512 },
  { label: '(1024×128)ᵀ · 1024×512 (LSTM(128) dU)', transA: true, transB: false, m: 128, n: 512, k: 1024 },
];
// `--only TEXT`: just the shapes whose label contains TEXT (e.g. --only 1024)
const only = process.argv.includes('--only') ? (process.argv[process.argv.indexOf('--only') + 1] ?? '') : '';

const heap = new Heap({ initialBytes: 128 << 20 });
const sets: Kernels[] = [wasmKernels(heap, { variant: 'simd' })];
if (wasmSupported('relaxed', heap.shared)) sets.push(wasmKernels(heap, { variant: 'relaxed' }));
if (nativeSupported(heap.shared)) sets.push(nativeKernels(heap)); // the C kernels (AVX-512 / AVX2), where they load
if (process.argv.includes('--reference')) sets.unshift(referenceKernels(heap));

function gflops(k: Kernels, s: Shape, a: number, b: number, c: number): number {
  const lda = s.transA ? s.m : s.k,
    ldb = s.transB ? s.k : s.n;
  const call = () => k.gemm(s.transA, s.transB, s.m, s.n, s.k, 1, a, lda, b, ldb, 0, c, s.n);
  const flops = 2 * s.m * s.n * s.k;
  const reps = Math.max(1, Math.round((k.name === 'reference' ? 2e6 : 6e7) / flops));
  const warmUntil = performance.now() + 300; // let V8 tier the wasm up (Liftoff -> TurboFan)
  while (performance.now() < warmUntil) call();
  let best = Infinity;
  for (let round = 0; round < 15; round++) {
    const t0 = process.cpuUsage();
    for (let r = 0; r < reps; r++) call();
    const d = process.cpuUsage(t0);
    best = Math.min(best, (d.user + d.system) / 1000 / reps);
  }
  return flops / (best * 1e6);
}

console.log(`| shape | ${sets.map((k) => k.name).join(' | ')} |`);
console.log(`|---|${sets.map(() => '---').join('|')}|`);
for (const s of SHAPES.filter((shape) => shape.label.includes(only))) {
  const a = heap.alloc(s.m * s.k),
    b = heap.alloc(s.k * s.n),
    c = heap.alloc(s.m * s.n);
  heap.view(a).forEach((_, i, v) => {
    v[i] = Math.sin(i);
  });
  heap.view(b).forEach((_, i, v) => {
    v[i] = Math.cos(i);
  });
  const cells = sets.map((k) =>
    k.name === 'reference' && s.m * s.n * s.k > 3e7 ? '—' : gflops(k, s, a.offset, b.offset, c.offset).toFixed(1),
  );
  console.log(`| ${s.label} | ${cells.join(' | ')} |`);
  heap.release(c);
  heap.release(b);
  heap.release(a);
}
