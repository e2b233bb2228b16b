// `npm run bench:peers -- [--workloads W1,W7@64] [--batch 32] [--peers torch2,keras,ort,torch1] [--reps N]
//                         [--burst N] [--threads N] [--kernels simd|relaxed] [--budget S]
//                         [--sunhwan-before <checkout>] [--from-source] [--json file]`
// Times one training step and one inference batch of each case (a workload of workloads.json
// at one of its batch sizes) in sunhwan and its peers, each framework and thread setting in
// its own child process, in rounds that alternate between them (A B C A B C …). Every peer
// first loads sunhwan's initial weights and batch (the case file, dump.ts) and reports how far
// its predict output is from sunhwan's (the check). Prints a detail block per case, then one
// table with each framework's best thread setting and the ratios sunhwan ÷ best peer.
// sunhwan runs as users run it: the built package (dist/, `npm run build` first) in plain Node,
// its child script bundled to JavaScript (no tsx in the process: tsx alone adds ~45 MB of
// memory); `--from-source` runs src/ under tsx instead. The before checkout runs from source.
// It prints figures, never verdicts; bench/README.md explains how to read them.

import { execFileSync, execSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Contestant, median, type ContestantSpec } from './contestant.ts';
import { loadCases, workloadFlops, type Case } from './workloads.ts';
import { measureCeiling } from '../ceiling.ts';

/** The peers, in the order they start in each case (ort needs torch2's ONNX export). */
const PEERS = ['torch2', 'keras', 'ort', 'torch1'] as const;
type Peer = (typeof PEERS)[number];
/** A framework column of the table: its rows are its thread settings, the best one counts. */
type Group = 'sunhwan' | 'before' | Peer;
const GROUP_TITLES: Record<Group, string> = {
  sunhwan: 'sunhwan',
  before: 'sunhwan before',
  torch2: 'PyTorch 2',
  keras: 'Keras 3 / JAX',
  ort: 'ONNX Runtime (Node)',
  torch1: 'PyTorch 1.13',
};
/** Largest max |peer output − sunhwan output| that counts as the same computation. */
const CHECK_TOLERANCE = 1e-4;

interface Options {
  /** Workload ids (every batch) or case ids (`W7@64`); empty = all. */
  cases: string[];
  batches: number[];
  peers: Peer[];
  reps: number;
  /** Consecutive steps per timed command (their mean is one sample); 1 = a lone step after an idle wait. */
  burst: number;
  threads: number | null;
  budgetS: number;
  /** SUNHWAN_KERNELS for the sunhwan child (default: the library's 'auto', relaxed SIMD where the runtime has it). */
  kernels: string | null;
  /** Another checkout of sunhwan (with node_modules and built wasm) run as a second contestant. */
  before: string | null;
  /** Run this checkout's sunhwan from src/ under tsx instead of the built package. */
  fromSource: boolean;
  json: string | null;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    cases: [],
    batches: [],
    peers: [...PEERS],
    reps: 5,
    burst: 5,
    threads: null,
    budgetS: 30,
    kernels: null,
    before: null,
    fromSource: false,
    json: null,
  };
  const list = (v: string): string[] =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--workloads') options.cases = list(value()).map((s) => s.toUpperCase());
    else if (flag === '--batch') options.batches = list(value()).map(Number);
    else if (flag === '--peers') {
      const names = list(value());
      const unknown = names.filter((p) => !(PEERS as readonly string[]).includes(p));
      if (unknown.length) throw new Error(`unknown peer ${unknown.join(', ')} (have ${PEERS.join(', ')})`);
      options.peers = PEERS.filter((p) => names.includes(p));
    } else if (flag === '--reps') options.reps = Number(value());
    else if (flag === '--burst') options.burst = Math.max(1, Math.floor(Number(value())));
    else if (flag === '--threads') options.threads = Number(value());
    else if (flag === '--budget') options.budgetS = Number(value());
    else if (flag === '--kernels') options.kernels = value();
    else if (flag === '--sunhwan-before') options.before = resolve(value());
    else if (flag === '--from-source') options.fromSource = true;
    else if (flag === '--json') options.json = value();
    else if (flag === '--help' || flag === '-h') {
      console.log('see bench/README.md');
      process.exit(0);
    } else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

const here = new URL('.', import.meta.url).pathname;
/** Python with PyTorch 2 and Keras 3 (the shared virtualenv), and Debian's with PyTorch 1.13. */
const python = process.env.PEERS_PYTHON ?? (existsSync('/work/venv/bin/python') ? '/work/venv/bin/python' : 'python3');
const python1 = process.env.PEERS_TORCH1_PYTHON ?? '/usr/bin/python3';

interface Spec extends ContestantSpec {
  group: Group;
  /** ONNX Runtime answers predict only. */
  predictOnly?: boolean;
}

const tsChild = (script: string, args: string[]): Pick<ContestantSpec, 'command' | 'args'> => ({
  command: process.execPath,
  args: ['--import', 'tsx', `${here}${script}`, ...args],
});

const root = resolve(here, '..', '..');
const builtChildPath = join(root, '.cache', 'bench-peers', 'sunhwan-child.mjs');

/** Builds the package (dist/) and bundles the sunhwan child script to plain JavaScript. */
async function buildSunhwanChild(): Promise<void> {
  console.log('building the package (npm run build) and the sunhwan child…');
  execSync('npm run build', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(here, 'sunhwan.ts')],
    outfile: builtChildPath,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
  });
  copyFileSync(join(here, 'workloads.json'), join(dirname(builtChildPath), 'workloads.json')); // workloads.ts reads it beside itself
}

/** The sunhwan child of this checkout: the built package in plain Node, or src/ under tsx. */
const sunhwanChild = (o: Options, args: string[]): Pick<ContestantSpec, 'command' | 'args'> =>
  o.fromSource
    ? tsChild('sunhwan.ts', args)
    : { command: process.execPath, args: [builtChildPath, ...args, '--lib', join(root, 'dist', 'index.js')] };

function specs(c: Case, o: Options, casePath: string, onnxPath: string): Spec[] {
  const { id, batch } = { id: c.workload.id, batch: String(c.batch) };
  const sunhwanEnv = {
    ...(o.threads === null ? {} : { SUNHWAN_THREADS: String(o.threads) }),
    ...(o.kernels === null ? {} : { SUNHWAN_KERNELS: o.kernels }),
  };
  const list: Spec[] = [{ key: 'sunhwan', group: 'sunhwan', ...sunhwanChild(o, [id, batch, '--dump', casePath]), env: sunhwanEnv }];
  if (o.before)
    list.push({
      key: 'sunhwan before',
      group: 'before',
      ...tsChild('sunhwan.ts', [id, batch, '--weights', casePath, '--src', join(o.before, 'src')]),
      env: sunhwanEnv,
    });
  for (const peer of o.peers) {
    // --reps 0 (the checks only): one thread setting is enough
    for (const threads of peer === 'ort' ? [2] : o.reps === 0 ? [2] : [1, 2]) {
      const t = String(threads);
      const key = `${peer} ${threads}t`;
      if (peer === 'torch2' || peer === 'torch1') {
        list.push({
          key,
          group: peer,
          command: peer === 'torch2' ? python : python1,
          args: [`${here}torch_child.py`, id, batch, t, '--weights', casePath],
          env: { OMP_NUM_THREADS: t, MKL_NUM_THREADS: t, OPENBLAS_NUM_THREADS: t },
        });
      } else if (peer === 'keras') {
        list.push({
          key,
          group: peer,
          command: python,
          args: [`${here}keras_child.py`, id, batch, t, '--weights', casePath],
          env: {
            KERAS_BACKEND: 'jax',
            JAX_PLATFORMS: 'cpu',
            // XLA's CPU client sizes its pools by the cores; these flags keep it on one thread
            XLA_FLAGS: threads === 1 ? '--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1' : undefined,
          },
        });
      } else {
        list.push({ key, group: peer, predictOnly: true, ...tsChild('ort.ts', [onnxPath, t, '--weights', casePath]) });
      }
    }
  }
  return list;
}

/** ONNX Runtime lives in bench/peers/ort/ (not a root dependency: its install script downloads); installs it there once. */
function ensureOnnxRuntime(): void {
  const dir = join(here, 'ort');
  if (existsSync(join(dir, 'node_modules', 'onnxruntime-node', 'package.json'))) return;
  console.error('installing onnxruntime-node into bench/peers/ort (npm ci --ignore-scripts) …');
  const r = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) console.error('onnxruntime-node did not install: the ONNX Runtime rows will say so');
}

/**
 * Exports the case's PyTorch 2 model (sunhwan's weights in it) to ONNX for the ONNX Runtime
 * child, in a process of its own: the exporter takes long (tens of seconds for a 500-step
 * LSTM), is not part of any timing, and must not inflate a timed child's peak memory.
 */
function exportOnnx(c: Case, casePath: string, onnxPath: string, budgetS: number): void {
  const r = spawnSync(python, [`${here}torch_child.py`, c.workload.id, String(c.batch), '2', '--weights', casePath, '--onnx', onnxPath], {
    input: 'quit\n',
    encoding: 'utf8',
    timeout: budgetS * 10 * 1000,
  });
  const ready = r.stdout?.split('\n').find((line) => line.startsWith('{"ready"'));
  if (!ready) console.error(`${c.id}: ONNX export failed: ${(r.stderr ?? '').trim().split('\n').pop() ?? r.error?.message}`);
}

interface Row {
  contestant: Contestant;
  spec: Spec;
  check: number | null;
}

/** Warm up every contestant, then time them in alternating rounds. */
async function measure(c: Case, o: Options, workDir: string): Promise<Row[]> {
  const budgetMs = o.budgetS * 1000;
  const casePath = join(workDir, c.id);
  const onnxPath = join(workDir, `${c.id}.onnx`);
  const rows: Row[] = [];
  // only one framework computes at a time: after each command, wait until the child's
  // threads are idle (a spinning BLAS pool would otherwise slow the next framework down)
  const settle = async (x: Contestant): Promise<void> => {
    x.busyAfterMs.push(await x.waitUntilIdle());
  };
  const warmUp = async (x: Contestant, predictOnly: boolean): Promise<void> => {
    if (!predictOnly) {
      await x.run('train', 1, true);
      if (x.spentMs < budgetMs / 4) await x.run('train', 1, true);
    }
    await x.run('predict', 1, true);
    await x.run('predict', 1, true);
  };
  for (const spec of specs(c, o, casePath, onnxPath)) {
    if (spec.group === 'ort') exportOnnx(c, casePath, onnxPath, o.budgetS);
    const x = new Contestant(spec, budgetMs);
    const row: Row = { contestant: x, spec, check: null };
    rows.push(row);
    await x.start(); // one at a time: setup (wasm compile, imports, XLA compile) is CPU-heavy
    row.check = x.check;
    if (spec.group === 'sunhwan' && !x.alive) break; // no case file: nothing to compare with
    if (o.reps === 0) continue; // --reps 0: the checks only
    await warmUp(x, spec.predictOnly === true);
    await settle(x);
  }
  for (let rep = 0; rep < o.reps; rep++) {
    for (const command of ['train', 'predict'] as const) {
      for (const { contestant: x, spec } of rows) {
        if (command === 'train' && spec.predictOnly) continue;
        if (!x.alive || x.spentMs > budgetMs) continue; // slow peers: fewer reps, never more than the budget
        await x.run(command, o.burst);
        await settle(x);
      }
    }
  }
  for (const { contestant: x } of rows) {
    await x.readPeakMemory();
    x.stop();
  }
  return rows;
}

const fmt = (x: number, digits = 1): string => {
  if (!Number.isFinite(x)) return '—';
  if (digits === 1 && Math.abs(x) < 10) return x.toFixed(2);
  if (digits === 1 && Math.abs(x) >= 100) return x.toFixed(0);
  return x.toFixed(digits);
};
const pad = (s: string, n: number, left = false): string => (left ? s.padEnd(n) : s.padStart(n));
const fmtCheck = (d: number | null): string => (d === null ? '' : `${d <= CHECK_TOLERANCE ? '✓' : '✗'} ${d.toExponential(0)}`);

interface Best {
  train: number;
  predict: number;
  peakMB: number;
  trainKey: string;
  predictKey: string;
  /** Worst check over the group's rows (null for sunhwan itself). */
  check: number | null;
  stopped: string | null;
}

/** Each group's best thread setting per column (train and predict separately). */
function bestOf(rows: Row[]): Map<Group, Best> {
  const groups = new Map<Group, Best>();
  for (const { contestant: x, spec, check } of rows) {
    const train = median(x.samples.train);
    const predict = median(x.samples.predict);
    const g = groups.get(spec.group) ?? {
      train: NaN,
      predict: NaN,
      peakMB: NaN,
      trainKey: '',
      predictKey: '',
      check: null,
      stopped: null,
    };
    if (train < g.train || (Number.isNaN(g.train) && Number.isFinite(train))) {
      g.train = train;
      g.trainKey = spec.key;
      g.peakMB = x.peakMB;
    }
    if (predict < g.predict || (Number.isNaN(g.predict) && Number.isFinite(predict))) {
      g.predict = predict;
      g.predictKey = spec.key;
      if (spec.predictOnly || Number.isNaN(g.peakMB)) g.peakMB = x.peakMB;
    }
    if (check !== null) g.check = Math.max(g.check ?? 0, check);
    if (x.stopped && !g.stopped) g.stopped = x.stopped;
    groups.set(spec.group, g);
  }
  return groups;
}

function reportCase(c: Case, rows: Row[], ceilingPerCore: number): Record<string, unknown>[] {
  const flops = workloadFlops(c.workload, c.batch);
  console.log(
    `\n${c.id} ${c.workload.name}, batch ${c.batch}: nominal ${fmt(flops.train / 1e9, 3)} GFLOP per training step, ${fmt(flops.predict / 1e9, 3)} per predict batch`,
  );
  console.log(
    `${pad('', 58, true)}${pad('train ms', 10)}${pad('predict ms', 12)}${pad('peak MB', 9)}${pad('n', 4)}  check: max |output − sunhwan's|`,
  );
  const json: Record<string, unknown>[] = [];
  for (const { contestant: x, spec, check } of rows) {
    const train = median(x.samples.train);
    const predict = median(x.samples.predict);
    const n = Math.max(x.samples.train.length, x.samples.predict.length);
    const name = pad(x.label.slice(0, 57), 58, true);
    const note = x.stopped && !(spec.predictOnly && x.stopped === 'inference only') ? `   (${x.stopped})` : '';
    if (n === 0) console.log(`${name}${pad('', 35)}${fmtCheck(check)}   (${x.stopped ?? 'not timed'})`);
    else
      console.log(
        `${name}${pad(spec.predictOnly ? '' : fmt(train), 10)}${pad(fmt(predict), 12)}${pad(fmt(x.peakMB, 0), 9)}${pad(String(n), 4)}  ${fmtCheck(check)}${note}`,
      );
    json.push({
      case: c.id,
      group: spec.group,
      key: spec.key,
      label: x.label,
      trainMs: train,
      predictMs: predict,
      samples: x.samples,
      busyAfterMs: x.busyAfterMs,
      peakMB: x.peakMB,
      check,
      stopped: x.stopped,
      notes: x.notes,
    });
  }
  const ours = rows.find((r) => r.spec.group === 'sunhwan')?.contestant;
  if (ours?.notes) console.log(`sunhwan: ${ours.notes}`);
  const lingering = rows
    .filter((r) => median(r.contestant.busyAfterMs) > 25)
    .map((r) => `${r.spec.key} ${fmt(median(r.contestant.busyAfterMs), 0)} ms`);
  if (lingering.length) console.log(`still busy after answering (median; the next command waited): ${lingering.join(', ')}`);
  const ourTrain = median(ours?.samples.train ?? []);
  const ourPredict = median(ours?.samples.predict ?? []);
  if (ours && Number.isFinite(ourTrain)) {
    // the cores sunhwan used: its notes say "worker pool of N" when a pool ran, else one
    const cores = Math.min(Number(/worker pool of (\d+)/.exec(ours.notes)?.[1] ?? 1), availableParallelism());
    const ceiling = ceilingPerCore * cores;
    const done = workloadFlops(c.workload, c.batch, 'sunhwan');
    console.log(
      `sunhwan vs the SIMD128 ceiling (${fmt(ceiling)} GFLOP/s on ${cores} core(s)), on the ${fmt(done.train / 1e9, 3)} / ${fmt(done.predict / 1e9, 3)} GFLOP it executes ` +
        `per step / predict: train ${fmt((100 * done.train) / ourTrain / 1e6 / ceiling)}%, predict ${fmt((100 * done.predict) / ourPredict / 1e6 / ceiling)}%`,
    );
  }
  return json;
}

interface Summary {
  case: string;
  groups: Record<string, Best>;
  bestPeerTrain: { ms: number; group: string } | null;
  bestPeerPredict: { ms: number; group: string } | null;
  ratioTrain: number;
  ratioPredict: number;
  ratioBeforeTrain: number;
  ratioBeforePredict: number;
}

function summarize(c: Case, rows: Row[]): Summary {
  const groups = bestOf(rows);
  const ours = groups.get('sunhwan');
  const pick = (column: 'train' | 'predict'): { ms: number; group: string } | null => {
    let best: { ms: number; group: string } | null = null;
    for (const [group, g] of groups) {
      if (group === 'sunhwan' || group === 'before' || !Number.isFinite(g[column])) continue;
      if (!best || g[column] < best.ms) best = { ms: g[column], group };
    }
    return best;
  };
  const bestPeerTrain = pick('train');
  const bestPeerPredict = pick('predict');
  const before = groups.get('before');
  return {
    case: c.id,
    groups: Object.fromEntries(groups),
    bestPeerTrain,
    bestPeerPredict,
    ratioTrain: (ours?.train ?? NaN) / (bestPeerTrain?.ms ?? NaN),
    ratioPredict: (ours?.predict ?? NaN) / (bestPeerPredict?.ms ?? NaN),
    ratioBeforeTrain: (ours?.train ?? NaN) / (before?.train ?? NaN),
    ratioBeforePredict: (ours?.predict ?? NaN) / (before?.predict ?? NaN),
  };
}

/** The one table (Markdown, so it pastes into a note): best thread setting per framework. */
function printTable(summaries: Summary[], o: Options): void {
  const shown: Group[] = ['sunhwan', ...(o.before ? (['before'] as const) : []), ...o.peers];
  const short: Record<Group, string> = {
    sunhwan: 'sunhwan',
    before: 'before',
    torch2: 'torch 2',
    keras: 'keras',
    ort: 'ORT',
    torch1: 'torch 1.13',
  };
  const header = [
    'case',
    ...shown.map((g) => `${GROUP_TITLES[g]}${g === 'ort' ? ' predict' : ' train / predict'}`),
    'sunhwan ÷ best peer: train / predict',
    ...(o.before ? ['sunhwan ÷ before: train / predict'] : []),
    `peak MB ${shown.map((g) => short[g]).join(' / ')}`,
    'check (worst max abs diff)',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const s of summaries) {
    const cell = (g: Group): string => {
      const b = s.groups[g];
      if (!b) return '—';
      if (!Number.isFinite(b.predict) && !Number.isFinite(b.train)) return b.stopped ? `(${b.stopped.slice(0, 40)})` : '—';
      return g === 'ort' ? fmt(b.predict) : `${fmt(b.train)} / ${fmt(b.predict)}`;
    };
    const ratio = (r: number, best: { group: string } | null): string =>
      Number.isFinite(r) ? `${fmt(r, 2)} (${short[best!.group as Group]})` : '—';
    const checks = Object.values(s.groups)
      .map((g) => g.check)
      .filter((d): d is number => d !== null);
    const worst = checks.length ? Math.max(...checks) : null;
    lines.push(
      `| ${[
        s.case,
        ...shown.map(cell),
        `${ratio(s.ratioTrain, s.bestPeerTrain)} / ${ratio(s.ratioPredict, s.bestPeerPredict)}`,
        ...(o.before ? [`${fmt(s.ratioBeforeTrain, 2)} / ${fmt(s.ratioBeforePredict, 2)}`] : []),
        shown.map((g) => fmt(s.groups[g]?.peakMB ?? NaN, 0)).join(' / '),
        fmtCheck(worst),
      ].join(' | ')} |`,
    );
  }
  console.log(`\n${lines.join('\n')}`);
}

function machine(): { cpu: string; cores: number } {
  let cpu = '';
  try {
    cpu = execSync("grep -m1 'model name' /proc/cpuinfo", { encoding: 'utf8' }).split(':')[1]!.trim();
  } catch {
    /* not Linux */
  }
  return { cpu, cores: availableParallelism() };
}

function pythonVersions(): string {
  const probe = (bin: string, code: string, env: Record<string, string> = {}): string => {
    try {
      return execFileSync(bin, ['-c', code], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      return `(not available from ${bin})`;
    }
  };
  return [
    `PyTorch 2: ${probe(python, 'import torch; print(torch.__version__)')}`,
    `Keras: ${probe(python, 'import keras, jax; print(keras.__version__, "on jax", jax.__version__)', { KERAS_BACKEND: 'jax' })}`,
    `PyTorch 1.13: ${probe(python1, 'import torch; print(torch.__version__)')}`,
  ].join(', ');
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const all = loadCases();
  const chosen = all.filter(
    (c) =>
      (o.cases.length === 0 || o.cases.includes(c.workload.id) || o.cases.includes(c.id)) &&
      (o.batches.length === 0 || o.batches.includes(c.batch)),
  );
  if (chosen.length === 0) throw new Error(`no case matches (have ${all.map((c) => c.id).join(', ')})`);
  if (o.before && !existsSync(join(o.before, 'src', 'index.ts')))
    throw new Error(`--sunhwan-before ${o.before}: no src/index.ts there (give a checkout of the repository with its node_modules)`);
  if (o.before && !existsSync(join(o.before, 'src', 'kernels', 'wasm', 'generated')))
    throw new Error(`--sunhwan-before ${o.before}: its wasm kernels are not built (run npm install there)`);
  if (o.peers.includes('ort')) ensureOnnxRuntime();
  if (!o.fromSource) await buildSunhwanChild();
  const { cpu, cores } = machine();
  const loadStart = loadavg();
  console.log(`peer benchmark — ${new Date().toISOString()}, node ${process.version}, ${cores} cores ${cpu}`);
  console.log(`load average at start: ${loadStart.map((x) => x.toFixed(2)).join(' ')} (figures are noisy when this is above ~0.5)`);
  const commit = (dir: string): string => {
    try {
      return execFileSync('git', ['-C', dir, 'log', '-1', '--format=%h %cs %s'], { encoding: 'utf8' }).trim().slice(0, 80);
    } catch {
      return '(not a git checkout)';
    }
  };
  const versions = [
    `sunhwan: ${commit(join(here, '..', '..'))}`,
    ...(o.before ? [`before: ${commit(o.before)}`] : []),
    pythonVersions(),
  ].join(', ');
  console.log(`peers: ${versions}`);
  console.log(
    `cases ${chosen.map((c) => c.id).join(' ')}; reps ${o.reps} of ${o.burst} consecutive steps (a rep's figure is their mean), budget ${o.budgetS} s per command, ` +
      `sunhwan threads ${o.threads ?? 'default'}${o.before ? `, before = ${o.before}` : ''}; ratio < 1 means sunhwan is faster`,
  );
  // the machine's SIMD128 FMA peak as wasm reaches it (bench/ceiling.ts), per core
  const ceiling = await measureCeiling();
  const perCore = ceiling.allCores / ceiling.cores;
  console.log(
    `SIMD128 ceiling (bench/ceiling.ts, ${ceiling.kind}): ${fmt(ceiling.oneThread)} GFLOP/s on 1 thread, ${fmt(ceiling.allCores)} on ${ceiling.cores} cores at once`,
  );
  const workDir = mkdtempSync(join(tmpdir(), 'sunhwan-peers-'));
  const results: Record<string, unknown>[] = [];
  const summaries: Summary[] = [];
  const started = performance.now();
  try {
    for (const c of chosen) {
      const caseStart = performance.now();
      const rows = await measure(c, o, workDir);
      console.log(`(${c.id} took ${((performance.now() - caseStart) / 1000).toFixed(0)} s)`);
      results.push(...reportCase(c, rows, perCore));
      summaries.push(summarize(c, rows));
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  const labels = new Map<string, string>();
  for (const r of results) if (!labels.has(r.group as string) && !r.stopped) labels.set(r.group as string, r.label as string);
  printTable(summaries, o);
  console.log(
    `\nEach framework's cell is its best thread setting per column (median ms per step); ratio < 1: sunhwan faster; ` +
      `check ✓: every peer's predict output within ${CHECK_TOLERANCE} of sunhwan's on the same weights and batch.`,
  );
  console.log(`machine: ${cpu}, ${cores} cores; ${[...labels].map(([g, l]) => `${g}: ${l}`).join('; ')}`);
  const loadEnd = loadavg();
  console.log(
    `load average at start ${loadStart.map((x) => x.toFixed(2)).join(' ')}, at end ${loadEnd.map((x) => x.toFixed(2)).join(' ')}; ` +
      `run took ${((performance.now() - started) / 60000).toFixed(1)} min`,
  );
  if (o.json)
    writeFileSync(
      o.json,
      JSON.stringify(
        { date: new Date().toISOString(), cpu, cores, loadStart, loadEnd, versions, ceiling, options: o, summaries, results },
        null,
        2,
      ),
    );
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
