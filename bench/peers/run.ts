// `npm run bench:peers -- [--workloads W1,W2] [--peers torch,tfjs-cpu,tfjs-wasm] [--reps N] [--burst N]
//                         [--threads N] [--kernels simd|relaxed] [--budget S] [--no-splits] [--json file]`
// Times one training step and one inference batch of each workload (workloads.json) in
// sunhwan and its peers, each framework in its own child process, in rounds that alternate
// between them (A B C A B C …). Prints medians, sunhwan/peer ratios, GFLOP/s and peak memory.
// It prints figures, never verdicts; bench/README.md explains how to read them.

import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { Contestant, median, type ContestantSpec } from './contestant.ts';
import { BATCH, loadWorkloads, workloadFlops, type Workload } from './workloads.ts';
import { measureCeiling } from '../ceiling.ts';

interface Options {
  workloads: string[];
  peers: string[];
  reps: number;
  /** Consecutive steps per timed command (their mean is one sample); 1 = a lone step after an idle wait. */
  burst: number;
  threads: number | null;
  budgetS: number;
  splits: boolean;
  /** SUNHWAN_KERNELS for the sunhwan child (default: the library's 'auto', relaxed SIMD where the runtime has it). */
  kernels: string | null;
  json: string | null;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    workloads: [],
    peers: ['torch', 'tfjs-cpu', 'tfjs-wasm'],
    reps: 7,
    burst: 5,
    threads: null,
    budgetS: 30,
    splits: true,
    kernels: null,
    json: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--workloads')
      options.workloads = value()
        .split(',')
        .map((s) => s.trim().toUpperCase());
    else if (flag === '--peers')
      options.peers = value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (flag === '--reps') options.reps = Number(value());
    else if (flag === '--burst') options.burst = Math.max(1, Math.floor(Number(value())));
    else if (flag === '--threads') options.threads = Number(value());
    else if (flag === '--budget') options.budgetS = Number(value());
    else if (flag === '--no-splits') options.splits = false;
    else if (flag === '--kernels') options.kernels = value();
    else if (flag === '--json') options.json = value();
    else if (flag === '--help' || flag === '-h') {
      console.log('see bench/README.md');
      process.exit(0);
    } else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

const here = new URL('.', import.meta.url).pathname;
const node = (
  script: string,
  args: string[],
  env?: Record<string, string | undefined>,
  flags: string[] = [],
): Pick<ContestantSpec, 'command' | 'args' | 'env'> => ({
  command: process.execPath,
  args: [...flags, '--import', 'tsx', `${here}${script}`, ...args],
  env,
});

function contestants(w: Workload, o: Options): ContestantSpec[] {
  const sunhwanEnv = {
    ...(o.threads === null ? {} : { SUNHWAN_THREADS: String(o.threads) }),
    ...(o.kernels === null ? {} : { SUNHWAN_KERNELS: o.kernels }),
  };
  const list: ContestantSpec[] = [{ key: 'sunhwan', ...node('sunhwan.ts', [w.id], sunhwanEnv) }];
  for (const peer of o.peers) {
    if (peer === 'torch') {
      const torch = (key: string, omp: number, blas: number | null): ContestantSpec => ({
        key,
        command: '/usr/bin/python3',
        args: [`${here}torch_child.py`, w.id, String(omp)],
        // unset = the OpenBLAS default (one thread per core), on top of the OpenMP pool
        env: { OMP_NUM_THREADS: blas === null ? undefined : String(omp), OPENBLAS_NUM_THREADS: blas === null ? undefined : String(blas) },
      });
      list.push(torch('torch set_num_threads(2)', 2, null));
      if (o.splits)
        list.push(torch('torch omp 1 + blas 2', 1, 2), torch('torch omp 2 + blas 1', 2, 1), torch('torch omp 1 + blas 1', 1, 1));
    } else if (peer === 'tfjs-cpu' || peer === 'tfjs-wasm') {
      list.push({ key: peer, ...node('tfjs.ts', [w.id, peer.slice(5)]) });
    } else {
      throw new Error(`unknown peer ${peer} (torch, tfjs-cpu, tfjs-wasm)`);
    }
  }
  return list;
}

/** Warm up every contestant, then time them in alternating rounds. */
async function measure(w: Workload, o: Options): Promise<Contestant[]> {
  const budgetMs = o.budgetS * 1000;
  const all: Contestant[] = [];
  // only one framework computes at a time: after each command, wait until the child's
  // threads are idle (a spinning BLAS pool would otherwise slow the next framework down)
  const settle = async (c: Contestant): Promise<void> => {
    c.busyAfterMs.push(await c.waitUntilIdle());
  };
  const addFrozenEmbeddingRow = async (c: Contestant): Promise<void> => {
    // tfjs-wasm cannot train an Embedding; the frozen-embedding figure is still informative
    if (c.spec.key === 'tfjs-wasm' && c.stopped === 'no Embedding gradient') {
      const frozen = new Contestant(
        { key: 'tfjs-wasm frozen Embedding', ...node('tfjs.ts', [w.id, 'wasm', '--frozen-embedding']) },
        budgetMs,
      );
      all.push(frozen);
      await frozen.start();
      await warmUp(frozen);
    }
  };
  const warmUp = async (c: Contestant): Promise<void> => {
    await c.run('train', 1, true);
    if (c.spentMs < budgetMs / 4) await c.run('train', 1, true);
    await c.run('predict', 1, true);
  };
  for (const spec of contestants(w, o)) {
    const c = new Contestant(spec, budgetMs);
    all.push(c);
    await c.start(); // one at a time: setup (wasm compile, imports) is CPU-heavy
    await warmUp(c);
    await addFrozenEmbeddingRow(c);
    await settle(c);
  }
  for (let rep = 0; rep < o.reps; rep++) {
    for (const command of ['train', 'predict'] as const) {
      for (const c of all) {
        if (!c.alive || c.spentMs > budgetMs) continue; // slow peers: fewer reps, never more than the budget
        await c.run(command, o.burst);
        await settle(c);
      }
    }
  }
  for (const c of all) {
    await c.readPeakMemory();
    c.stop();
  }
  return all;
}

const fmt = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const pad = (s: string, n: number, left = false): string => (left ? s.padEnd(n) : s.padStart(n));

function report(w: Workload, rows: Contestant[], o: Options, ceilingPerCore: number): Record<string, unknown>[] {
  const flops = workloadFlops(w);
  console.log(
    `\n${w.id} ${w.name}: nominal ${fmt(flops.train / 1e9, 2)} GFLOP per training step, ${fmt(flops.predict / 1e9, 2)} per predict batch of ${BATCH}`,
  );
  console.log(
    `${pad('', 46, true)}${pad('train ms', 10)}${pad('GFLOP/s', 9)}${pad('predict ms', 12)}${pad('GFLOP/s', 9)}${pad('peak MB', 9)}${pad('n', 4)}   sunhwan/peer: train  predict`,
  );
  const ours = rows.find((r) => r.spec.key === 'sunhwan')!;
  const ourTrain = median(ours.samples.train);
  const ourPredict = median(ours.samples.predict);
  const json: Record<string, unknown>[] = [];
  for (const r of rows) {
    const train = median(r.samples.train);
    const predict = median(r.samples.predict);
    const n = r.samples.train.length;
    const name = pad(r.label.slice(0, 45), 46, true);
    if (n === 0 && r.samples.predict.length === 0) {
      console.log(`${name}${r.stopped ?? 'no figures'}`);
    } else {
      const ratio = r === ours ? '' : `${pad(fmt(ourTrain / train, 2), 22)}${pad(fmt(ourPredict / predict, 2), 9)}`;
      const note = r.stopped ? `   (${r.stopped})` : '';
      console.log(
        `${name}${pad(fmt(train), 10)}${pad(fmt(flops.train / train / 1e6), 9)}${pad(fmt(predict), 12)}${pad(fmt(flops.predict / predict / 1e6), 9)}` +
          `${pad(fmt(r.peakMB, 0), 9)}${pad(String(n), 4)}${ratio}${note}`,
      );
    }
    json.push({
      workload: w.id,
      key: r.spec.key,
      label: r.label,
      trainMs: train,
      predictMs: predict,
      samples: r.samples,
      busyAfterMs: r.busyAfterMs,
      peakMB: r.peakMB,
      stopped: r.stopped,
      notes: r.notes,
    });
  }
  if (ours.notes) console.log(`sunhwan: ${ours.notes}`);
  // a command's threads still busy after it answered: the bench waited for them (settle)
  const lingering = rows.filter((r) => median(r.busyAfterMs) > 25).map((r) => `${r.spec.key} ${fmt(median(r.busyAfterMs), 0)} ms`);
  if (lingering.length) console.log(`still busy after answering (median; the next command waited): ${lingering.join(', ')}`);
  // the cores sunhwan used: its notes say "worker pool of N" when a pool ran, else one
  const threads = Number(/worker pool of (\d+)/.exec(ours.notes)?.[1] ?? 1);
  if (Number.isFinite(ourTrain)) {
    const cores = Math.min(threads, availableParallelism());
    const ceiling = ceilingPerCore * cores;
    // the work sunhwan's kernels execute (fused Embedding / one-hot paths do less than nominal)
    const done = workloadFlops(w, BATCH, 'sunhwan');
    console.log(
      `sunhwan vs the SIMD128 ceiling (${fmt(ceiling)} GFLOP/s on ${cores} core(s)), on the ${fmt(done.train / 1e9, 2)} / ${fmt(done.predict / 1e9, 2)} GFLOP it executes ` +
        `per step / predict: train ${fmt((100 * done.train) / ourTrain / 1e6 / ceiling)}%, predict ${fmt((100 * done.predict) / ourPredict / 1e6 / ceiling)}%`,
    );
  }
  return json;
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const all = loadWorkloads();
  const chosen = o.workloads.length ? all.filter((w) => o.workloads.includes(w.id)) : all;
  if (chosen.length === 0) throw new Error(`no workload matches ${o.workloads.join(',')} (have ${all.map((w) => w.id).join(',')})`);
  let cpu = '';
  try {
    cpu = execSync("grep -m1 'model name' /proc/cpuinfo", { encoding: 'utf8' }).split(':')[1]!.trim();
  } catch {
    /* not Linux */
  }
  console.log(`peer benchmark — ${new Date().toISOString()}, node ${process.version}, ${availableParallelism()} cores ${cpu}`);
  console.log(
    `load average at start: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} (figures are noisy when this is above ~0.5)`,
  );
  console.log(
    `reps ${o.reps} of ${o.burst} consecutive steps (a rep's figure is their mean), budget ${o.budgetS} s per command, sunhwan threads ${o.threads ?? 'default'}; ratio < 1 means sunhwan is faster`,
  );
  // the machine's SIMD128 FMA peak as wasm reaches it (bench/ceiling.ts), per core
  const ceiling = await measureCeiling();
  const perCore = ceiling.allCores / ceiling.cores;
  console.log(
    `SIMD128 ceiling (bench/ceiling.ts, ${ceiling.kind}): ${fmt(ceiling.oneThread)} GFLOP/s on 1 thread, ${fmt(ceiling.allCores)} on ${ceiling.cores} cores at once`,
  );
  const results: Record<string, unknown>[] = [];
  for (const w of chosen) results.push(...report(w, await measure(w, o), o, perCore));
  console.log(
    `\nload average at end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  if (o.json) writeFileSync(o.json, JSON.stringify({ date: new Date().toISOString(), cpu, ceiling, options: o, results }, null, 2));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
