// `npx tsx bench/ceiling.ts`: the machine's 128-bit SIMD ceiling as WebAssembly sees it — a
// loop of 12 independent f32x4 FMA chains (relaxed_madd; plain mul + add when the runtime has
// no relaxed SIMD), compiled here with AssemblyScript, on 1 thread and on every core at once.
// bench:peers measures it first and reports each workload as a percentage of it.

import { availableParallelism, cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import asc from 'assemblyscript/asc';
import { wasmSupported } from '../src/kernels/wasm/index.ts';

const relaxed = wasmSupported('relaxed');
const SOURCE = `
@inline function fma(a: v128, b: v128, c: v128): v128 {
  return ${relaxed ? 'f32x4.relaxed_madd(a, b, c)' : 'f32x4.add(f32x4.mul(a, b), c)'};
}
export function peak(iterations: i32): f32 {
  const a = f32x4.splat(0.999999), b = f32x4.splat(1e-7);
  let c0 = f32x4.splat(0), c1 = f32x4.splat(1), c2 = f32x4.splat(2), c3 = f32x4.splat(3);
  let c4 = f32x4.splat(4), c5 = f32x4.splat(5), c6 = f32x4.splat(6), c7 = f32x4.splat(7);
  let c8 = f32x4.splat(8), c9 = f32x4.splat(9), c10 = f32x4.splat(10), c11 = f32x4.splat(11);
  for (let i = 0; i < iterations; i++) {
    c0 = fma(c0, a, b); c1 = fma(c1, a, b); c2 = fma(c2, a, b); c3 = fma(c3, a, b);
    c4 = fma(c4, a, b); c5 = fma(c5, a, b); c6 = fma(c6, a, b); c7 = fma(c7, a, b);
    c8 = fma(c8, a, b); c9 = fma(c9, a, b); c10 = fma(c10, a, b); c11 = fma(c11, a, b);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7)));
  return f32x4.extract_lane(f32x4.add(s, f32x4.add(f32x4.add(c8, c9), f32x4.add(c10, c11))), 0);
}
`;

async function compile(): Promise<Uint8Array> {
  let binary: Uint8Array | null = null;
  const { error, stderr } = await asc.main(
    ['ceiling.ts', '--outFile', 'ceiling.wasm', '-O3', '--runtime', 'stub', '--enable', relaxed ? 'simd,relaxed-simd' : 'simd'],
    {
      readFile: (name: string) => (name === 'ceiling.ts' ? SOURCE : null),
      writeFile: (name: string, contents: string | Uint8Array) => {
        if (name === 'ceiling.wasm' && typeof contents !== 'string') binary = contents;
      },
      listFiles: () => [],
    },
  );
  if (error || !binary) throw new Error(`bench/ceiling: asc failed: ${error?.message ?? ''} ${stderr.toString()}`);
  return binary;
}

/** GFLOP/s of one thread running `peak` for about `ms` (the median of 5 runs). */
const MEASURE = `
const { parentPort, workerData } = require('node:worker_threads');
const module = new WebAssembly.Module(workerData.binary);
const { peak } = new WebAssembly.Instance(module, {}).exports;
parentPort.once('message', () => {
  const iterations = 2_000_000;
  // several calls first: V8 starts wasm on its baseline compiler and swaps in the optimized
  // code only at a later call
  for (let i = 0; i < 20; i++) peak(iterations / 10);
  const rates = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    peak(iterations);
    rates.push((iterations * 12 * 4 * 2) / (performance.now() - t) / 1e6);
  }
  rates.sort((a, b) => a - b);
  parentPort.postMessage(rates[2]);
});
`;

async function run(binary: Uint8Array, threads: number): Promise<number[]> {
  if (relaxed)
    (process as unknown as { getBuiltinModule(id: string): { setFlagsFromString(f: string): void } })
      .getBuiltinModule('node:v8')
      .setFlagsFromString('--experimental-wasm-relaxed-simd');
  const workers = Array.from({ length: threads }, () => new Worker(MEASURE, { eval: true, workerData: { binary } }));
  await Promise.all(workers.map((w) => new Promise((resolve) => w.once('online', resolve))));
  const results = workers.map((w) => new Promise<number>((resolve) => w.once('message', resolve)));
  for (const w of workers) w.postMessage('go'); // all at once: the cores are busy together
  const rates = await Promise.all(results);
  await Promise.all(workers.map((w) => w.terminate()));
  return rates;
}

export interface Ceiling {
  /** GFLOP/s of one thread, and of every core at once (summed). */
  oneThread: number;
  allCores: number;
  cores: number;
  kind: string;
}

/** Measures the ceiling (~5 s). */
export async function measureCeiling(): Promise<Ceiling> {
  const binary = await compile();
  const cores = availableParallelism();
  // a first run on all cores brings them out of idle (a lone thread measured right after
  // start-up read 5–20 GFLOP/s on this VM, 45 after); then 1 thread, then all cores again
  await run(binary, cores);
  const one = await run(binary, 1);
  const all = await run(binary, cores);
  return {
    oneThread: one[0]!,
    allCores: all.reduce((a, b) => a + b, 0),
    cores,
    kind: relaxed ? 'relaxed_madd (FMA)' : 'mul + add (no relaxed SIMD)',
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const c = await measureCeiling();
  console.log(`SIMD128 ceiling — ${new Date().toISOString()}, node ${process.version}, ${c.cores} cores ${cpus()[0]?.model ?? ''}`);
  console.log(
    `${c.kind}, 12 independent f32x4 chains; load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  console.log(`1 thread: ${c.oneThread.toFixed(1)} GFLOP/s; ${c.cores} threads at once: ${c.allCores.toFixed(1)} GFLOP/s`);
}
