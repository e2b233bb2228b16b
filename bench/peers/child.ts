// The child side of the peer benchmark protocol (the Python child speaks the same one).
// The orchestrator starts one child per framework and workload, then writes one command
// per line on stdin; the child answers one JSON line on stdout per command:
//   (start)   -> {"ready": true, "label": "...", "check": 1e-7}  or {"unavailable": "why"}
//                check = max |this child's predict output − sunhwan's| on the case file's
//                weights and batch (dump.ts), before any training; absent for the writer
//   "train N"   -> {"ms": 12.3, "runs": N}   N consecutive training steps on the batch (forward,
//                  backward, update); ms is their mean. Fewer than N when the runs so far took
//                  more than BURST_LIMIT_MS (slow peers), never fewer than one.
//   "predict N" -> {"ms": 4.5, "runs": N}    the same for inference batches, read back to JS memory
//   "mem"     -> {"hwmMB": 310, "notes": "…"}   VmHWM of this process (+ optional notes)
//   "quit"    -> exits
// Errors in a step answer {"error": "message"}. Anything else a child prints goes to stderr.

import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface Runner {
  label: string;
  /** max |output − sunhwan's output| with the same weights and batch (dump.ts). */
  check?: number;
  /** Absent for an inference-only peer (ONNX Runtime). */
  train?(): unknown;
  predict(): unknown;
  /** Extra facts printed under the table (e.g. how the threads were used). */
  notes?(): string;
}

/** Peak resident memory of this process in MB (Linux), or NaN elsewhere. */
export function peakRssMB(): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function reply(message: object): void {
  process.stdout.write(JSON.stringify(message) + '\n');
}

/** A burst stops early once its runs took this long (a slow peer runs one step per command). */
export const BURST_LIMIT_MS = 2000;

export class Unavailable extends Error {}

/** Runs the command loop; `setup` builds the model or throws Unavailable. */
export async function serveChild(setup: () => Promise<Runner>): Promise<void> {
  // Libraries that log to stdout would break the protocol: send console.log to stderr.
  console.log = (...args: unknown[]) => console.error(...args);
  let runner: Runner;
  try {
    runner = await setup();
  } catch (e) {
    reply({ unavailable: e instanceof Error ? e.message : String(e) });
    process.exit(0);
  }
  reply({ ready: true, label: runner.label, check: runner.check });
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const [command = '', count = '1'] = line.trim().split(/\s+/);
    if (command === 'quit') break;
    try {
      if (command === 'train' && !runner.train) {
        reply({ error: 'inference only' });
      } else if (command === 'train' || command === 'predict') {
        const run = command === 'train' ? () => runner.train!() : () => runner.predict();
        const start = performance.now();
        let runs = 0;
        do {
          await run();
          runs++;
        } while (runs < Number(count) && performance.now() - start < BURST_LIMIT_MS);
        reply({ ms: (performance.now() - start) / runs, runs });
      } else if (command === 'mem') {
        reply({ hwmMB: peakRssMB(), notes: runner.notes?.() });
      } else {
        reply({ error: `unknown command ${command}` });
      }
    } catch (e) {
      reply({ error: e instanceof Error ? e.message : String(e) });
    }
  }
  process.exit(0);
}
