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
const x = heap.alloc(n), y = heap.alloc(n);
heap.view(x).forEach((_, i, v) => { v[i] = Math.sin(i) * 4; });

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
