// Keras' progress bar (keras.utils.Progbar), character for character:
//   31/31 [==============================] - 0s 2ms/step - loss: 5.6981e-04
//   13184/20000 [==================>...........] - ETA: 1s - loss: 0.5087 - acc: 0.7805
// On a terminal it redraws one line with \r (throttled to `interval` seconds); elsewhere
// (verbose 1 to a pipe or file, and verbose 2) it prints one line when finalized.

import { formatLogValue } from './format.ts';
import { getLogSink, nowSeconds, type LogSink } from './output.ts';

export interface ProgbarOptions {
  /** Total steps (or samples); null when unknown. */
  target: number | null;
  width?: number;
  /** 1: bar; 2: one summary line per epoch; 0: silent. */
  verbose?: 0 | 1 | 2;
  /** Minimum seconds between redraws on a terminal. */
  interval?: number;
  unitName?: string;
  sink?: LogSink;
}

export class Progbar {
  readonly target: number | null;
  private readonly width: number;
  private readonly verbose: 0 | 1 | 2;
  private readonly interval: number;
  private readonly unitName: string;
  private readonly sink: LogSink;
  private readonly start = nowSeconds();
  private lastUpdate = 0;
  private totalWidth = 0;
  private values = new Map<string, number>();

  constructor(options: ProgbarOptions) {
    this.target = options.target;
    this.width = options.width ?? 30;
    this.verbose = options.verbose ?? 1;
    this.interval = options.interval ?? 0.05;
    this.unitName = options.unitName ?? 'step';
    this.sink = options.sink ?? getLogSink();
  }

  /** Shows progress `current` with the given (already averaged) values. */
  update(current: number, values: Record<string, number> = {}, finalize?: boolean): void {
    const done = finalize ?? (this.target !== null && current >= this.target);
    for (const [k, v] of Object.entries(values)) this.values.set(k, v);
    const now = nowSeconds();
    if (this.verbose === 0) return;
    if (this.verbose === 2 || !this.sink.dynamic) {
      if (!done) return;
      const count = this.target !== null ? `${String(current).padStart(digits(this.target))}/${this.target}` : `${current}`;
      if (this.verbose === 2) {
        // Keras: "31/31 - 0s - loss: 0.0123 - 3ms/epoch - 97us/step"
        const elapsed = now - this.start;
        this.sink.write(
          `${count} - ${Math.round(elapsed)}s${this.valuesText()} - ${formatTime(elapsed, 'epoch')} - ${formatTime(current > 0 ? elapsed / current : 0, this.unitName)}\n`,
        );
      } else {
        this.sink.write(`${this.bar(current)}${this.info(current, now, true)}\n`);
      }
      return;
    }
    if (now - this.lastUpdate < this.interval && !done) return;
    const previous = this.totalWidth;
    const bar = this.bar(current);
    let info = this.info(current, now, done);
    this.totalWidth = bar.length + info.length;
    if (previous > this.totalWidth) info += ' '.repeat(previous - this.totalWidth);
    this.sink.write(`\r${bar}${info}${done ? '\n' : ''}`);
    this.lastUpdate = now;
  }

  private bar(current: number): string {
    if (this.target === null) return `${String(current).padStart(7)}/Unknown`;
    let bar = `${String(current).padStart(digits(this.target))}/${this.target} [`;
    const progWidth = Math.floor((this.width * current) / this.target);
    if (progWidth > 0) bar += '='.repeat(progWidth - 1) + (current < this.target ? '>' : '=');
    bar += '.'.repeat(Math.max(0, this.width - progWidth)) + ']';
    return bar;
  }

  private info(current: number, now: number, done: boolean): string {
    const elapsed = now - this.start;
    const perUnit = current > 0 ? elapsed / current : 0;
    let info: string;
    if (this.target === null || done) {
      info = ` - ${Math.round(elapsed)}s ${formatTime(perUnit, this.unitName)}`;
    } else {
      const eta = perUnit * (this.target - current);
      const etaText =
        eta > 3600
          ? `${Math.floor(eta / 3600)}:${pad2((eta % 3600) / 60)}:${pad2(eta % 60)}`
          : eta > 60
            ? `${Math.floor(eta / 60)}:${pad2(eta % 60)}`
            : `${Math.floor(eta)}s`;
      info = ` - ETA: ${etaText}`;
    }
    return info + this.valuesText();
  }

  private valuesText(): string {
    let s = '';
    for (const [k, v] of this.values) s += ` - ${k}: ${formatLogValue(v)}`;
    return s;
  }
}

function digits(n: number): number {
  return Math.floor(Math.log10(Math.max(1, n))) + 1;
}

function pad2(x: number): string {
  return String(Math.floor(x)).padStart(2, '0');
}

/** ' %.0fs/step', ' %.0fms/step' or ' %.0fus/step' as Keras chooses. */
export function formatTime(seconds: number, unit: string): string {
  if (seconds >= 1 || seconds === 0) return `${Math.round(seconds)}s/${unit}`;
  if (seconds >= 1e-3) return `${Math.round(seconds * 1e3)}ms/${unit}`;
  return `${Math.round(seconds * 1e6)}us/${unit}`;
}
