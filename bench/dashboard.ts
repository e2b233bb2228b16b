// Does the live dashboard slow training? Times W1's training step (bench/peers: Embedding(10000,32)
// → LSTM(32) → Dense(1, sigmoid), 500 steps, batch 128, RMSprop) without and with
// dashboardCallback while a page is open on it (headless Chromium when present, else an
// event-stream client). The two kinds of fit alternate so drift in machine load hits both.
// Prints the median milliseconds per step of each and their ratio; run it on a quiet machine.
// Also the CPU time the reader's processes (Chromium's, from /proc) and this process spent per
// second of each kind of fit: on a loaded machine, where step times scatter, that still shows
// what the page and the server cost.
//
//   npx tsx bench/dashboard.ts [--steps 8] [--reps 7] [--reader chromium|stream]

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { engine, layers, optimizers, Sequential, Tensor } from '../src/index.ts';
import { getThreads } from '../src/threads/index.ts';
import { dashboardCallback } from '../src/viz/index.ts';
import { BATCH, findWorkload, randomBatch } from './peers/workloads.ts';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '8' },
    reps: { type: 'string', default: '7' },
    reader: { type: 'string', default: 'chromium' },
  },
});
const steps = Number(values.steps);
const reps = Number(values.reps);

const w = findWorkload('W1');
const one = randomBatch(w);
const x = new Int32Array(one.x.length * steps);
const y = new Float32Array(one.y.length * steps);
for (let s = 0; s < steps; s++) {
  x.set(one.x, s * one.x.length);
  y.set(one.y, s * one.y.length);
}
const [, T] = one.xShape as [number, number];
const model = new Sequential({
  layers: [
    layers.embedding({ inputDim: 10000, outputDim: 32, inputShape: [T] }),
    layers.lstm({ units: 32 }),
    layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
});
model.compile({ optimizer: optimizers.rmsprop({ learningRate: 0.001, rho: 0.9, epsilon: 1e-7 }), loss: w.loss });
const xs = new Tensor(x, [BATCH * steps, T]);
const ys = new Tensor(y, [BATCH * steps, 1]);

const dashboard = dashboardCallback({ port: 0, log: false });
await dashboard.start();

// A reader on the page's stream for the whole run.
// --reader stream: an event-stream client instead of a page (the server's cost alone, without a
// browser drawing on the same cores).
const chromiumPath = values.reader === 'stream' ? undefined : ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
let closeReader: () => Promise<void>;
if (chromiumPath) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage();
  await page.goto(dashboard.url);
  closeReader = () => browser.close();
} else {
  const req = request(`${dashboard.url}events`, (res) => res.resume());
  req.end();
  closeReader = async () => void req.destroy();
}
const reader = chromiumPath ? 'a Chromium page' : 'an event-stream client';

/** CPU seconds (user + system) of this process's descendants, read from /proc (0 elsewhere). */
function childrenCpuSeconds(): number {
  if (!existsSync('/proc/self/stat')) return 0;
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd on
      parent.set(Number(name), Number(fields[1]));
      ticks.set(Number(name), Number(fields[11]) + Number(fields[12])); // utime + stime
    } catch {
      // the process ended while the list was read
    }
  }
  let total = 0;
  for (const [pid, t] of ticks) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === process.pid) {
        total += t;
        break;
      }
    }
  }
  return total / 100; // USER_HZ
}

interface FitTiming {
  msPerStep: number;
  /** CPU milliseconds per wall second of the fit: the reader's processes, and this process. */
  readerCpu: number;
  ownCpu: number;
}

async function timeFit(withDashboard: boolean): Promise<FitTiming> {
  const reader0 = childrenCpuSeconds();
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  await model.fit(xs, ys, { batchSize: BATCH, epochs: 1, verbose: 0, shuffle: false, callbacks: withDashboard ? [dashboard] : [] });
  const seconds = (performance.now() - t0) / 1000;
  const own = process.cpuUsage(own0);
  return {
    msPerStep: (seconds * 1000) / steps,
    readerCpu: ((childrenCpuSeconds() - reader0) * 1000) / seconds,
    ownCpu: (own.user + own.system) / 1000 / seconds,
  };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
await timeFit(false);
await timeFit(true);
const plain: FitTiming[] = [];
const watched: FitTiming[] = [];
for (let r = 0; r < reps; r++) {
  if (r % 2) {
    watched.push(await timeFit(true));
    plain.push(await timeFit(false));
  } else {
    plain.push(await timeFit(false));
    watched.push(await timeFit(true));
  }
}
await closeReader();
await dashboard.close();

const threads = getThreads();
const ms = (v: FitTiming[]) => v.map((t) => t.msPerStep);
const cpu = (v: FitTiming[], key: 'readerCpu' | 'ownCpu') => median(v.map((t) => t[key])).toFixed(0);
console.log(
  `W1 train step, ${engine().name} kernels, ${threads} thread${threads === 1 ? '' : 's'}; ${reps} reps of ${steps} steps; load average ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} cores`,
);
console.log(
  `  without dashboard                          ${median(ms(plain)).toFixed(1)} ms/step   (all: ${ms(plain)
    .map((v) => v.toFixed(1))
    .join(' ')})`,
);
console.log(
  `  with dashboard, ${reader.padEnd(22)}${median(ms(watched)).toFixed(1)} ms/step   (all: ${ms(watched)
    .map((v) => v.toFixed(1))
    .join(' ')})`,
);
console.log(`  ratio with/without: ${(median(ms(watched)) / median(ms(plain))).toFixed(3)}`);
console.log(
  `  CPU ms per second of training, median: ${reader} ${cpu(plain, 'readerCpu')} without, ${cpu(watched, 'readerCpu')} with; ` +
    `this process ${cpu(plain, 'ownCpu')} without, ${cpu(watched, 'ownCpu')} with`,
);
process.exit(0);
