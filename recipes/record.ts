// A recipe run as data: recipes/results/<name>/<variant>.json (figures, history, settings, wall time,
// kernels, threads, machine, load, date, seed, command) and its plots beside it (history curves,
// predictions against the truth for series, generated samples as markdown). The README table is
// generated from these files by scripts/recipes-table.mjs (`npm run recipes:table`).
//
// When a run is written:
//   npx tsx recipes/<name>.ts            full runs write to recipes/results/<name>/ (the repository's record)
//   npx tsx recipes/<name>.ts --quick    nothing, unless --results DIR is given
//   --results DIR                        write there instead; --results none: write nothing
//   sunhwan recipe <name> --results DIR  the CLI writes only when asked
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, platform, arch, totalmem } from 'node:os';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { engine, getThreads } from 'sunhwan';
import { historySpec, savePlot, seriesSpec } from 'sunhwan/viz';
import { writeFileAtomic } from 'sunhwan/node';
import { packageVersion } from '../src/viz/version.ts';
import type { RecipeMeta, RecipeOptions, RecipeResult } from './common.ts';
import { repoRoot } from './common.ts';

/** Options of parseArgs' `extra` that steer the run's output (or where it resumes), not the experiment. */
const OUTPUT_OPTIONS = new Set(['plot', 'results', 'why', 'samples', 'checkpoint', 'prior-seconds']);

/** The repository's results folder of a recipe. */
export function resultsDirOf(name: string): string {
  return join(repoRoot, 'recipes', 'results', name);
}

/**
 * The variant a run is filed under: 'default', or its experiment options joined ('model-gru',
 * 'cell-gru_tokenizer-morph'); --quick runs get a 'quick' prefix so they never replace full runs.
 */
export function variantOf(options: RecipeOptions): string {
  const parts = Object.entries(options.extra ?? {})
    .filter(([k]) => !OUTPUT_OPTIONS.has(k))
    .sort(([a], [b]) => a.localeCompare(b))
    // a file option (--jena data/jena_climate_2009_2016.csv) is named by its file, not its folder
    .map(([k, v]) =>
      `${k}-${v.includes('/') || v.includes('\\') ? basename(v).replace(/\.[^.]*$/, '') : v}`.replace(/[^A-Za-z0-9._-]+/g, '_'),
    );
  const body = parts.length > 0 ? parts.join('_') : 'default';
  return options.quick ? `quick-${body}` : body;
}

/** Where `npx tsx recipes/<name>.ts` writes its result (undefined: nowhere), from --quick and --results. */
export function resultsDirFor(name: string, options: RecipeOptions): string | undefined {
  const asked = options.extra?.results;
  if (asked === 'none') return undefined;
  if (asked) return asked;
  return options.quick ? undefined : resultsDirOf(name);
}

export interface RunMachine {
  cpu: string;
  cores: number;
  platform: string;
  memoryGiB: number;
  node: string;
}

/** What a run's JSON holds (version 1). */
export interface RecipeRecord {
  format: 'sunhwan-recipe-result';
  version: 1;
  recipe: string;
  variant: string;
  source: string;
  description: string;
  /** How to repeat it. */
  command: string;
  date: string;
  seed: number;
  quick: boolean;
  /** The epoch count asked for (null: the book's). */
  epochs: number | null;
  /** The recipe's own options (--model gru …). */
  options: Record<string, string>;
  metrics: Record<string, number | null>;
  history: Record<string, (number | null)[]>;
  /** Settings the recipe reports (data sizes, batch, optimizer …). */
  settings: Record<string, unknown>;
  /** Why the figure differs from the book's, when the recipe or --why says. */
  why: string | null;
  /** null when unknown (a run resumed from a checkpoint that did not keep its earlier parts' time). */
  wallSeconds: number | null;
  kernels: string;
  threads: number;
  sunhwan: string;
  /** The repository's commit the run used (null outside a git checkout); dirty: uncommitted changes. */
  git: { commit: string; dirty: boolean } | null;
  machine: RunMachine;
  /** 1/5/15-minute load averages at the start and the end (the machine is shared). */
  load: { start: number[]; end: number[] };
  /** File names (in the same folder) of the plots and samples. */
  files: string[];
}

/** The checkout's commit and whether src/ or recipes/ have uncommitted changes (null without git). */
export function gitState(): { commit: string; dirty: boolean } | null {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { commit: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', '--', 'src', 'recipes/*.ts').length > 0 };
  } catch {
    return null;
  }
}

/** The machine and load part of a record, read now. */
export function machineNow(): RunMachine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    platform: `${platform()} ${arch()}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
/** JSON has no NaN/Infinity: they become null. */
const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

export interface RunContext {
  meta: RecipeMeta;
  options: RecipeOptions;
  /** The command line that repeats the run. */
  command: string;
  startedAt: Date;
  wallSeconds: number;
  loadAtStart: number[];
}

/** The JSON record of a finished run (no files written). */
export function recordOf(result: RecipeResult, run: RunContext): RecipeRecord {
  const options = Object.fromEntries(Object.entries(run.options.extra ?? {}).filter(([k]) => !OUTPUT_OPTIONS.has(k)));
  return {
    format: 'sunhwan-recipe-result',
    version: 1,
    recipe: run.meta.name,
    variant: variantOf(run.options),
    source: run.meta.source,
    description: run.meta.description,
    command: run.command,
    date: run.startedAt.toISOString(),
    seed: run.options.seed ?? 1234,
    quick: run.options.quick ?? false,
    epochs: run.options.epochs ?? null,
    options,
    metrics: Object.fromEntries(Object.entries(result.metrics).map(([k, v]) => [k, finiteOrNull(v)])),
    history: Object.fromEntries(Object.entries(result.history ?? {}).map(([k, s]) => [k, s.map(finiteOrNull)])),
    settings: result.settings ?? {},
    why: run.options.extra?.why ?? result.why ?? null,
    wallSeconds: Number.isFinite(run.wallSeconds) ? round(run.wallSeconds, 1) : null,
    kernels: engine().name,
    threads: getThreads(),
    sunhwan: packageVersion(),
    git: gitState(),
    machine: machineNow(),
    load: { start: run.loadAtStart.map((v) => round(v)), end: loadavg().map((v) => round(v)) },
    files: [],
  };
}

/** Generated samples as markdown: one section per title, in the order they came. */
export function samplesMarkdown(title: string, samples: NonNullable<RecipeResult['samples']>): string {
  const lines = [`# ${title}: generated samples`, ''];
  for (const s of samples) {
    lines.push(`## ${s.title}`, '', '```text', s.text.replace(/```/g, "'''"), '```', '');
  }
  return lines.join('\n');
}

/**
 * Writes the record and its pictures into `dir`: `<variant>.json`, `<variant>-history.svg` (every
 * metric, train against validation), `<variant>-series-<i>.svg` for each predicted series and
 * `<variant>-samples.md`. Returns the paths written.
 */
export async function writeRecipeResult(dir: string, result: RecipeResult, run: RunContext): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const record = recordOf(result, run);
  const base = join(dir, record.variant);
  const files: string[] = [];
  const history = result.history ?? {};
  if (Object.values(history).some((s) => s.length > 1)) {
    const curves = Object.fromEntries(Object.entries(history).filter(([, s]) => s.length > 0 && s.every(Number.isFinite)));
    await savePlot(historySpec(curves, { title: `${record.recipe} (${record.variant})` }), `${base}-history.svg`);
    files.push(`${record.variant}-history.svg`);
  }
  for (const [i, s] of (result.series ?? []).entries()) {
    const file = `${record.variant}-series-${i + 1}.svg`;
    await savePlot(seriesSpec({ ...s, title: s.title ?? `${record.recipe}: predictions and truth` }), join(dir, file));
    files.push(file);
  }
  if (result.samplesMarkdown || (result.samples && result.samples.length > 0)) {
    const file = `${record.variant}-samples.md`;
    const text = result.samplesMarkdown ?? samplesMarkdown(`${record.recipe} (${record.variant})`, result.samples!);
    await writeFileAtomic(join(dir, file), text, 'recipe samples');
    files.push(file);
  }
  record.files = files;
  await writeFileAtomic(`${base}.json`, recordJson(record), 'recipe result');
  return [`${base}.json`, ...files.map((f) => join(dir, f))];
}

/**
 * Writes a run's records: the run's own (writeRecipeResult), or, for a run of several experiments
 * (RecipeResult.parts), one per part under the part's variant, with the command that repeats it
 * alone. A resumed run's earlier wall time (priorSeconds) is added to its own.
 */
export async function writeRecipeResults(dir: string, result: RecipeResult, run: RunContext): Promise<string[]> {
  const written: string[] = [];
  const parts = result.parts ?? [
    { options: {}, result, startedAt: run.startedAt, loadAtStart: run.loadAtStart, wallSeconds: run.wallSeconds },
  ];
  for (const part of parts) {
    const options = { ...run.options, extra: { ...run.options.extra, ...part.options } };
    const command = Object.entries(part.options).reduce((c, [name, value]) => withOption(c, name, value), run.command);
    const context = { ...run, options, command, startedAt: part.startedAt, loadAtStart: part.loadAtStart };
    written.push(
      ...(await writeRecipeResult(dir, part.result, { ...context, wallSeconds: part.wallSeconds + (part.result.priorSeconds ?? 0) })),
    );
  }
  return written;
}

/** A command line with `--name value` set to `value` (replaced where it is, else appended). */
export function withOption(command: string, name: string, value: string): string {
  const option = new RegExp(`(^|\\s)--${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(=|\\s+)\\S+`);
  return option.test(command) ? command.replace(option, `$1--${name} ${value}`) : `${command} --${name} ${value}`;
}

/** JSON text of a record: indented, with arrays of numbers (histories) on one line each. */
export function recordJson(record: RecipeRecord): string {
  return `${JSON.stringify(record, null, 1).replace(/\[\n[-\d.e+,\snul]*\]/g, (list) => list.replace(/\s+/g, ' ').replace('[ ', '[').replace(' ]', ']'))}\n`;
}

/** The command line of this process, as a user would type it from the repository. */
export function commandLine(meta: RecipeMeta, argv: readonly string[] = process.argv.slice(2)): string {
  const quote = (a: string) => (/^[\w./=:@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);
  return ['npx tsx', `recipes/${meta.name}.ts`, ...argv.map(quote)].join(' ');
}
