// Ctrl-C during fit({handleInterrupt: true}): the first SIGINT (or SIGTERM) sets stopTraining, so
// the current batch finishes, the epoch-end callbacks run (a ModelCheckpoint saves) and fit()
// returns normally; a second one exits at once (status 130). Without the option, or outside
// Node, signals keep their default behaviour.

import { getLogSink } from '../utils/output.ts';

interface SignalProcess {
  on(event: string, listener: () => void): unknown;
  off(event: string, listener: () => void): unknown;
  exit(code: number): never;
}

const interrupted = new WeakSet<object>();

/** True when the model's last fit() stopped because of Ctrl-C (the CLI exits with 130 then). */
export function wasInterrupted(model: object): boolean {
  return interrupted.has(model);
}

export async function withInterruptHandler<T>(
  model: { name: string; stopTraining: boolean },
  enabled: boolean,
  run: () => Promise<T>,
): Promise<T> {
  interrupted.delete(model);
  const proc = (globalThis as { process?: Partial<SignalProcess> }).process;
  if (!enabled || typeof proc?.on !== 'function' || typeof proc.off !== 'function') return run();
  const signals = ['SIGINT', 'SIGTERM'];
  const onSignal = (): void => {
    if (interrupted.has(model)) {
      getLogSink().write('\nInterrupted again: exiting now.\n');
      proc.exit!(130);
    }
    interrupted.add(model);
    model.stopTraining = true;
    getLogSink().write(
      `\n${model.name}: interrupted; finishing this batch, running the epoch-end callbacks (checkpoints), then stopping. Press Ctrl-C again to quit at once.\n`,
    );
  };
  for (const s of signals) proc.on(s, onSignal);
  try {
    return await run();
  } finally {
    for (const s of signals) proc.off!(s, onSignal);
  }
}
