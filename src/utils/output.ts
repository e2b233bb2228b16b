// Where logs go: process.stdout in Node (with \r redraws on a TTY), console.log elsewhere.

export interface LogSink {
  /** True when the sink can redraw the current line (a terminal). */
  readonly dynamic: boolean;
  write(text: string): void;
}

interface NodeStdout {
  isTTY?: boolean;
  write(s: string): boolean;
}

let override: LogSink | null = null;

/** Sends all progress output somewhere else (tests capture it; null restores the default). */
export function setLogSink(sink: LogSink | null): void {
  override = sink;
}

export function getLogSink(): LogSink {
  if (override) return override;
  const stdout = (globalThis as { process?: { stdout?: NodeStdout } }).process?.stdout;
  if (stdout && typeof stdout.write === 'function') {
    return { dynamic: Boolean(stdout.isTTY), write: (s) => void stdout.write(s) };
  }
  // browsers: console.log adds its own newline, so buffer until one arrives
  let pending = '';
  return {
    dynamic: false,
    write: (s) => {
      pending += s;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) console.log(line);
    },
  };
}

/** Monotonic seconds. */
export function nowSeconds(): number {
  return (globalThis.performance?.now() ?? Date.now()) / 1000;
}
