// One framework in its own child process (so each has its own peak-memory figure), driven
// through the line protocol of child.ts, with a time budget per command: a command that
// takes longer kills the child and the contestant reports "> N s" instead of hanging.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface ContestantSpec {
  /** Short row name, e.g. 'sunhwan', 'torch2 1t', 'keras 2t'. */
  key: string;
  command: string;
  args: string[];
  env?: Record<string, string | undefined>;
}

type Reply = {
  ready?: boolean;
  label?: string;
  /** max |predict output − sunhwan's| on the case file (child.ts). */
  check?: number | null;
  unavailable?: string;
  ms?: number;
  runs?: number;
  hwmMB?: number;
  notes?: string;
  error?: string;
};

export class Contestant {
  label: string;
  /** Why this contestant has no (more) figures: unavailable, failed, over budget. */
  stopped: string | null = null;
  readonly samples = { train: [] as number[], predict: [] as number[] };
  /** Time spent in timed commands, to stop slow peers after `budget` seconds of reps. */
  spentMs = 0;
  /** How long its threads kept the CPU busy after each timed command answered (waitUntilIdle). */
  readonly busyAfterMs: number[] = [];
  peakMB = NaN;
  notes = '';
  /** The child's check at start (null when it has none: the case file's writer). */
  check: number | null = null;
  private child: ChildProcess | null = null;
  private waiting: ((reply: Reply) => void) | null = null;
  private stderrTail: string[] = [];

  constructor(
    readonly spec: ContestantSpec,
    private readonly budgetMs: number,
  ) {
    this.label = spec.key;
  }

  get alive(): boolean {
    return this.child !== null && this.stopped === null;
  }

  async start(): Promise<void> {
    const child = spawn(this.spec.command, this.spec.args, {
      env: { ...process.env, ...this.spec.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let reply: Reply;
      try {
        reply = JSON.parse(line) as Reply;
      } catch {
        return; // stray output; the protocol lines are JSON
      }
      const waiter = this.waiting;
      this.waiting = null;
      waiter?.(reply);
    });
    createInterface({ input: child.stderr! }).on('line', (line) => {
      this.stderrTail.push(line);
      if (this.stderrTail.length > 5) this.stderrTail.shift();
    });
    child.on('exit', (code, signal) => {
      const waiter = this.waiting;
      this.waiting = null;
      const why = this.stderrTail.filter((l) => l.trim()).pop() ?? `exit ${code ?? signal}`;
      waiter?.({ error: `child exited: ${why}` });
      this.child = null;
    });
    // setup (imports torch, compiles wasm, XLA-compiles Keras' predict) is not timed: be generous
    const first = await this.receive(Math.max(this.budgetMs * 2, 180_000));
    if (first.ready) {
      this.label = first.label ?? this.spec.key;
      this.check = typeof first.check === 'number' ? first.check : null;
    } else this.stop(first.unavailable ?? first.error ?? 'did not start');
  }

  /** One timed command of `burst` consecutive runs; records their mean unless `warmUp`. */
  async run(command: 'train' | 'predict', burst: number, warmUp = false): Promise<void> {
    if (!this.alive) return;
    const reply = await this.send(`${command} ${burst}`);
    if (reply.ms !== undefined) {
      this.spentMs += reply.ms * (reply.runs ?? 1);
      if (!warmUp) this.samples[command].push(reply.ms);
    } else {
      this.stop(reply.error ?? 'no answer');
    }
  }

  async readPeakMemory(): Promise<void> {
    if (!this.child) return;
    const reply = await this.send('mem', true);
    if (reply.hwmMB !== undefined) this.peakMB = reply.hwmMB;
    if (reply.notes) this.notes = reply.notes;
  }

  /**
   * Waits until the child's threads stop using the CPU (its user + system time, from
   * /proc/<pid>/stat, stays the same for `quietMs`), at most `maxMs`; returns how long it
   * waited. A thread pool can keep spinning after its command has answered (OpenBLAS'
   * threads poll for up to ~2^28 cycles, ~0.1 s, by default): the next framework's
   * command must not share the cores with it. Returns 0 where /proc is missing.
   */
  async waitUntilIdle(quietMs = 30, maxMs = 2000): Promise<number> {
    const pid = this.child?.pid;
    const cpuTicks = (): number | null => {
      try {
        // fields after the command name "(…)": state is 3rd, utime 14th, stime 15th
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[11]) + Number(fields[12]);
      } catch {
        return null;
      }
    };
    if (pid === undefined || cpuTicks() === null) return 0;
    const start = performance.now();
    let last = cpuTicks();
    for (;;) {
      await new Promise((r) => setTimeout(r, quietMs));
      const now = cpuTicks();
      if (now === null || now === last || performance.now() - start > maxMs) return performance.now() - start;
      last = now;
    }
  }

  /** Ends the child (kills it when it is over budget). */
  stop(reason: string | null = null): void {
    if (reason !== null && this.stopped === null) this.stopped = reason;
    if (!this.child) return;
    if (reason === null && this.child.stdin!.writable) this.child.stdin!.write('quit\n');
    else this.child.kill('SIGKILL');
    this.child = null;
  }

  private send(command: string, ignoreStopped = false): Promise<Reply> {
    if (!this.child || (!ignoreStopped && this.stopped !== null)) return Promise.resolve({ error: this.stopped ?? 'not running' });
    this.child.stdin!.write(command + '\n');
    return this.receive(this.budgetMs);
  }

  private receive(timeoutMs: number): Promise<Reply> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        const reply = { error: `> ${Math.round(timeoutMs / 1000)} s` };
        this.stop(reply.error);
        resolve(reply);
      }, timeoutMs);
      this.waiting = (reply) => {
        clearTimeout(timer);
        resolve(reply);
      };
    });
  }
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
