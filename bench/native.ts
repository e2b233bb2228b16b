// The native kernel set against the WebAssembly ones on a peer workload's training step:
// `npx tsx bench/native.ts [--workloads W6,W1] [--kernels relaxed,native] [--rounds 5] [--steps 5]`.
// Each kernel set runs in its own child process (SUNHWAN_KERNELS), in rounds that alternate
// between them; a round's figure is the mean of `steps` consecutive training steps (fit on one
// batch of 128) after warm-up steps. Prints the median per set and the ratio to the first set,
// and the process's CPU time per step (all threads): on a loaded machine wall time mostly says
// how busy the others were, while CPU time (with SUNHWAN_THREADS=1 especially) stays near what
// the step costs. On a shared machine only the ratios within one run mean anything.

import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BATCH, findWorkload, randomBatch } from './peers/workloads.ts';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

async function child(workloadId: string, steps: number): Promise<void> {
  const api = await import('../src/index.ts');
  const w = findWorkload(workloadId);
  if (w.layers.some((l) => l.type !== 'lstm' && l.type !== 'dense' && l.type !== 'embedding' && l.type !== 'gru')) {
    throw new Error(`${workloadId}: bench/native.ts builds LSTM, GRU, Embedding and Dense workloads only`);
  }
  const data = randomBatch(w);
  const layers = w.layers.map((spec, i) => {
    const first = i === 0 ? { inputShape: data.xShape.slice(1) } : {};
    if (spec.type === 'lstm') return api.layers.lstm({ units: spec.units, ...first });
    if (spec.type === 'gru') return api.layers.gru({ units: spec.units, ...first });
    if (spec.type === 'embedding') return api.layers.embedding({ inputDim: spec.inputDim, outputDim: spec.outputDim, ...first });
    if (spec.type === 'dense') return api.layers.dense({ units: spec.units, activation: spec.activation, ...first });
    throw new Error(`unexpected layer ${spec.type}`);
  });
  const model = new api.Sequential({ layers });
  model.compile({ optimizer: api.optimizers.rmsprop({ learningRate: 0.001, rho: 0.9, epsilon: 1e-7 }), loss: w.loss });
  const x = new api.Tensor(data.x, data.xShape);
  const y = new api.Tensor(data.y, data.yShape);
  const step = async () => model.fit(x, y, { batchSize: BATCH, epochs: 1, verbose: 0, shuffle: false });
  for (let i = 0; i < 3; i++) await step();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < steps; i++) await step();
  const train = (performance.now() - t0) / steps;
  const cpu = process.cpuUsage(cpu0);
  const trainCpu = (cpu.user + cpu.system) / 1000 / steps;
  const p0 = performance.now();
  for (let i = 0; i < steps; i++) model.predictOnBatch(x);
  const predict = (performance.now() - p0) / steps;
  console.log(JSON.stringify({ kernels: api.engine().name, train, trainCpu, predict }));
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

if (process.argv.includes('--child')) {
  await child(option('--child', 'W6'), Number(option('--steps', '5')));
} else {
  const workloads = option('--workloads', 'W6').split(',');
  const sets = option('--kernels', 'relaxed,native').split(',');
  const rounds = Number(option('--rounds', '5'));
  const steps = option('--steps', '5');
  console.log(`native bench — ${new Date().toISOString()}, node ${process.version}, ${availableParallelism()} cores`);
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (figures are noisy when this is above ~0.5)`,
  );
  console.log(`${rounds} rounds of ${steps} steps, batch ${BATCH}, median ms per step; ratio to ${sets[0]}\n`);
  console.log('| workload | kernels | train ms | train CPU ms | predict ms | train ratio | train CPU ratio | predict ratio |');
  console.log('|---|---|---|---|---|---|---|---|');
  const script = fileURLToPath(import.meta.url);
  for (const id of workloads) {
    const results = new Map(sets.map((s) => [s, { train: [] as number[], trainCpu: [] as number[], predict: [] as number[], name: s }]));
    for (let r = 0; r < rounds; r++) {
      for (const set of sets) {
        const out = execFileSync(process.execPath, ['--import', 'tsx', script, '--child', id, '--steps', steps], {
          env: { ...process.env, SUNHWAN_KERNELS: set },
          encoding: 'utf8',
        });
        const line = JSON.parse(out.trim().split('\n').pop()!) as { kernels: string; train: number; trainCpu: number; predict: number };
        const acc = results.get(set)!;
        acc.train.push(line.train);
        acc.trainCpu.push(line.trainCpu);
        acc.predict.push(line.predict);
        acc.name = line.kernels;
      }
    }
    const first = results.get(sets[0]!)!;
    for (const set of sets) {
      const acc = results.get(set)!;
      const t = median(acc.train),
        c = median(acc.trainCpu),
        p = median(acc.predict);
      const ratio = (x: number, y: number[]) => (x / median(y)).toFixed(2);
      console.log(
        `| ${id} | ${acc.name} | ${t.toFixed(1)} | ${c.toFixed(1)} | ${p.toFixed(1)} | ${ratio(t, first.train)} | ${ratio(c, first.trainCpu)} | ${ratio(p, first.predict)} |`,
      );
    }
  }
}
