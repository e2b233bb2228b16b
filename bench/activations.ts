// Activation kernel throughput, ns per element, on 16,384 values (one LSTM(32) step's gates
// at batch 128). `npx tsx bench/activations.ts [--reference]`. CPU time (process.cpuUsage),
// best of 15 rounds after a warm-up, so a busy machine distorts it less.

import { Heap } from '../src/heap.ts';
import { Act, referenceKernels, type Kernels } from '../src/kernels/index.ts';
import { wasmKernels, wasmSupported } from '../src/kernels/wasm/index.ts';

const heap = new Heap();
const sets: Kernels[] = [wasmKernels(heap, { variant: 'simd' })];
if (wasmSupported('relaxed', heap.shared)) sets.push(wasmKernels(heap, { variant: 'relaxed' }));
if (process.argv.includes('--reference')) sets.unshift(referenceKernels(heap));

const n = 16384;
const x = heap.alloc(n),
  y = heap.alloc(n);
heap.view(x).forEach((_, i, v) => {
  v[i] = Math.sin(i) * 4;
});

function nsPerElement(k: Kernels, code: (typeof Act)[keyof typeof Act]): number {
  const reps = k.name === 'reference' ? 20 : 500;
  const warmUntil = performance.now() + 200;
  while (performance.now() < warmUntil) k.activation(code, x.offset, y.offset, n);
  let best = Infinity;
  for (let round = 0; round < 15; round++) {
    const t0 = process.cpuUsage();
    for (let r = 0; r < reps; r++) k.activation(code, x.offset, y.offset, n);
    const d = process.cpuUsage(t0);
    best = Math.min(best, ((d.user + d.system) * 1000) / reps / n);
  }
  return best;
}

console.log(`| activation | ${sets.map((k) => k.name).join(' | ')} |`);
console.log(`|---|${sets.map(() => '---').join('|')}|`);
for (const [name, code] of Object.entries(Act)) {
  console.log(`| ${name} | ${sets.map((k) => nsPerElement(k, code).toFixed(2)).join(' | ')} |`);
}

// The fused LSTM gate kernels on one step of 64 rows × 128 units (W6's rows per thread), Keras'
// default cell (tanh, sigmoid): without a mask they take the loop whose activations are fixed at
// compile time; a mask of ones gives the same values through the general loop.
const rows = 64,
  units = 128;
const z = heap.alloc(rows * 4 * units),
  zSaved = heap.alloc(rows * 4 * units),
  dz = heap.alloc(rows * 4 * units);
const c0 = heap.alloc(rows * units),
  c1 = heap.alloc(rows * units),
  h0 = heap.alloc(rows * units),
  h1 = heap.alloc(rows * units);
const dh = heap.alloc(rows * units),
  dc = heap.alloc(rows * units),
  ones = heap.alloc(rows);
heap.view(zSaved).forEach((_, i, v) => {
  v[i] = Math.sin(i * 0.7) * 2;
});
heap.view(c0).forEach((_, i, v) => {
  v[i] = Math.cos(i) * 0.5;
});
heap.view(ones).fill(1);

function nsPerCell(run: () => void): number {
  const warmUntil = performance.now() + 200;
  while (performance.now() < warmUntil) run();
  let best = Infinity;
  for (let round = 0; round < 15; round++) {
    const t0 = process.cpuUsage();
    for (let r = 0; r < 200; r++) run();
    const d = process.cpuUsage(t0);
    best = Math.min(best, ((d.user + d.system) * 1000) / 200 / (rows * units));
  }
  return best;
}

const wasmSets = sets.filter((k) => k.name !== 'reference');
console.log(`\n| LSTM gates, ${rows}×${units}, ns per cell | ${wasmSets.map((k) => k.name).join(' | ')} |`);
console.log(`|---|${wasmSets.map(() => '---').join('|')}|`);
for (const [label, mask] of [
  ['forward, no mask (compile-time activations)', -1],
  ['forward, mask of ones (general loop)', ones.offset],
] as const) {
  console.log(
    `| ${label} | ${wasmSets
      .map((k) =>
        nsPerCell(() => {
          k.copy(zSaved.offset, z.offset, rows * 4 * units);
          k.lstmForward(rows, units, Act.tanh, Act.sigmoid, z.offset, c0.offset, h0.offset, c1.offset, h1.offset, mask);
        }).toFixed(2),
      )
      .join(' | ')} |`,
  );
}
for (const [label, mask] of [
  ['backward, no mask (compile-time activations)', -1],
  ['backward, mask of ones (general loop)', ones.offset],
] as const) {
  console.log(
    `| ${label} | ${wasmSets
      .map((k) =>
        nsPerCell(() => {
          heap.view(dh).fill(0.1);
          heap.view(dc).fill(0.1);
          k.lstmBackward(rows, units, Act.tanh, Act.sigmoid, z.offset, c0.offset, c1.offset, dh.offset, dc.offset, dz.offset, mask);
        }).toFixed(2),
      )
      .join(' | ')} |`,
  );
}
