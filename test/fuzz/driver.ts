// A small seeded mutation fuzzer shared by every reader's fuzz test (test/fuzz/*.test.ts).
// A target gives valid seed inputs and a `run` that parses one input; the driver feeds it
// mutations (bit flips, byte overwrites with boundary values, truncation, insertion, duplicated
// or spliced slices) and sorts each outcome:
//   ok            the input was accepted (it must then behave: `run` checks that itself)
//   clear error   an Error of a known kind: plain Error (not TypeError/RangeError/…) whose
//                 message matches `target.errors`
//   crash         anything else: an engine error from deep inside, a non-Error throw, a message
//                 of an unknown kind, or a run slower than `maxRunMs` (a hang in the making)
// Runs are bounded: SUNHWAN_FUZZ_ITERATIONS (default: the target's `iterations`, a few seconds)
// and SUNHWAN_FUZZ_SEED. `npm run fuzz` sets a larger count.
// To add a reader (the Keras .keras/.h5 corpus, CSV files): write test/fuzz/<reader>.test.ts with
// a FuzzTarget and `await expectNoCrashes(target)`.

import { expect } from 'vitest';
import { Random } from '../../src/random.ts';

export interface FuzzTarget {
  name: string;
  /** Valid inputs to start from. */
  seeds: Uint8Array[];
  /** Parses one input; throws on bad input. Async is fine. */
  run(input: Uint8Array): unknown;
  /** What a clear error says (matched against the message). */
  errors: RegExp;
  /** Iterations in `npm test` (default 300). */
  iterations?: number;
  /** A run slower than this is reported as a hang (default 2000 ms). */
  maxRunMs?: number;
  /** Checked after every run (e.g. the heap returned to its baseline: no unbounded allocation). */
  afterRun?(): string | null;
}

export interface FuzzResult {
  runs: number;
  accepted: number;
  errors: number;
  crashes: Array<{ input: string; problem: string }>;
}

const ENGINE_ERRORS = [TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError];
const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x20, 0x22, 0x2c, 0x2d, 0x2e, 0x30, 0x39, 0x0a, 0x0d, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d];

/** Test timeout for a fuzz test: generous when SUNHWAN_FUZZ_ITERATIONS asks for a long run. */
export const FUZZ_TIMEOUT_MS = process.env.SUNHWAN_FUZZ_ITERATIONS ? 3_600_000 : 120_000;

/** SUNHWAN_FUZZ_ITERATIONS, else `fallback`. */
export function fuzzIterations(fallback: number): number {
  const env = Number(process.env.SUNHWAN_FUZZ_ITERATIONS);
  return Number.isInteger(env) && env > 0 ? env : fallback;
}

/** One mutation of `input` (never the same object). */
export function mutate(rng: Random, input: Uint8Array, seeds: Uint8Array[]): Uint8Array {
  const pick = (n: number): number => Math.floor(rng.next() * n);
  let out: Uint8Array = input.slice();
  const edits = 1 + pick(4);
  for (let e = 0; e < edits; e++) {
    const n = out.length;
    switch (pick(7)) {
      case 0: // flip a bit
        if (n > 0) out[pick(n)]! ^= 1 << pick(8);
        break;
      case 1: // a boundary byte
        if (n > 0) out[pick(n)] = INTERESTING[pick(INTERESTING.length)]!;
        break;
      case 2: // truncate
        out = out.slice(0, pick(n + 1));
        break;
      case 3: {
        // insert random bytes
        const at = pick(n + 1);
        const extra = new Uint8Array(1 + pick(8)).map(() => pick(256));
        out = concat(out.subarray(0, at), extra, out.subarray(at));
        break;
      }
      case 4: {
        // duplicate a slice (repeated structures, long runs)
        const from = pick(n + 1);
        const to = Math.min(n, from + pick(64));
        out = concat(out.subarray(0, to), out.subarray(from, to), out.subarray(to));
        break;
      }
      case 5: {
        // splice with another seed
        const other = seeds[pick(seeds.length)]!;
        const cut = pick(n + 1);
        out = concat(out.subarray(0, cut), other.subarray(pick(other.length + 1)));
        break;
      }
      default: {
        // delete a slice
        const from = pick(n + 1);
        out = concat(out.subarray(0, from), out.subarray(Math.min(n, from + 1 + pick(32))));
      }
    }
  }
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function preview(input: Uint8Array): string {
  const head = Buffer.from(input.subarray(0, 48)).toString('hex');
  return `${input.length} bytes: ${head}${input.length > 48 ? '…' : ''}`;
}

/** Runs the seeds, then `iterations` mutations, and sorts the outcomes. */
export async function fuzz(target: FuzzTarget, options: { seed?: number; iterations?: number } = {}): Promise<FuzzResult> {
  const seed = options.seed ?? (Number(process.env.SUNHWAN_FUZZ_SEED) || 1);
  const rng = new Random(seed);
  const iterations = options.iterations ?? fuzzIterations(target.iterations ?? 300);
  const maxRunMs = target.maxRunMs ?? 2000;
  const result: FuzzResult = { runs: 0, accepted: 0, errors: 0, crashes: [] };
  const inputs = function* (): Generator<Uint8Array> {
    yield* target.seeds;
    for (let i = 0; i < iterations; i++) {
      let input = target.seeds[Math.floor(rng.next() * target.seeds.length)]!;
      // stack a few generations now and then, to get past the first check
      const generations = 1 + (rng.next() < 0.2 ? Math.floor(rng.next() * 3) : 0);
      for (let g = 0; g < generations; g++) input = mutate(rng, input, target.seeds);
      yield input;
    }
  };
  for (const input of inputs()) {
    result.runs++;
    const start = performance.now();
    let problem: string | null = null;
    try {
      await target.run(input);
      result.accepted++;
    } catch (e) {
      if (!(e instanceof Error)) problem = `threw a non-Error: ${String(e)}`;
      else if (ENGINE_ERRORS.some((k) => e instanceof k)) problem = `${e.name}: ${e.message}\n${e.stack ?? ''}`;
      else if (!target.errors.test(e.message)) problem = `unexpected message: ${e.message}\n${e.stack ?? ''}`;
      else result.errors++;
    }
    const elapsed = performance.now() - start;
    if (!problem && elapsed > maxRunMs) problem = `took ${elapsed.toFixed(0)} ms (limit ${maxRunMs})`;
    problem ??= target.afterRun?.() ?? null;
    if (problem) result.crashes.push({ input: preview(input), problem });
  }
  return result;
}

/** Fuzzes a target and fails the test with the first crashes found. */
export async function expectNoCrashes(target: FuzzTarget, options: { seed?: number; iterations?: number } = {}): Promise<FuzzResult> {
  const result = await fuzz(target, options);
  const shown = result.crashes.slice(0, 3).map((c) => `  ${c.input}\n    ${c.problem.split('\n').slice(0, 6).join('\n    ')}`);
  expect(result.crashes.length, `${target.name}: ${result.crashes.length} crash(es) in ${result.runs} runs:\n${shown.join('\n')}`).toBe(0);
  expect(result.runs).toBeGreaterThan(target.seeds.length);
  return result;
}
