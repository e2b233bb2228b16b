// Ctrl-C during training: the first SIGINT asks the model being fitted to stop after the current
// batch (model.stopTraining), so the command can save it and say where; a second one exits at once.
//
// fit() runs its batches without returning to the event loop, so a signal would wait for the end of
// training; watchTraining() wraps LayersModel.prototype.fit (in this process only) to add a callback
// that yields to the event loop every ~100 ms (and TerminateOnNaN, the CLI's default), and to
// remember which model is training (recipes build theirs internally).
import { TerminateOnNaN } from '../callbacks/misc.ts';
import { LayersModel } from '../models/model.ts';
import { withCallbacks, type Fit } from './fit-args.ts';

export const EXIT_INTERRUPTED = 130; // 128 + SIGINT, the shell's convention

let originalFit: Fit | null = null;
let training: LayersModel | null = null;
let lastTrained: LayersModel | null = null;

function yielder(): { onBatchEnd(): Promise<void> } {
  let last = Date.now();
  return {
    async onBatchEnd() {
      if (Date.now() - last < 100) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
      last = Date.now();
    },
  };
}

/** Wraps fit() once per process (see above). */
export function watchTraining(): void {
  if (originalFit) return;
  const fit = LayersModel.prototype.fit;
  originalFit = fit;
  LayersModel.prototype.fit = async function (this: LayersModel, ...args: Parameters<Fit>) {
    training = this;
    try {
      // The CLI stops a diverging run (Keras' TerminateOnNaN) unless the caller already does.
      const withList = (args as unknown[]).find(
        (a) => a !== null && typeof a === 'object' && Array.isArray((a as { callbacks?: unknown }).callbacks),
      );
      const given = ((withList as { callbacks?: unknown[] } | undefined)?.callbacks ?? []) as unknown[];
      const nanGuard = given.some((c) => c instanceof TerminateOnNaN) ? [] : [new TerminateOnNaN()];
      return await fit.apply(this, withCallbacks(args, [yielder(), ...nanGuard]));
    } finally {
      training = null;
      lastTrained = this;
    }
  } as Fit;
}

/** The model fitting now, else the last one fitted (what an interrupted command saves). */
export function currentModel(): LayersModel | null {
  return training ?? lastTrained;
}

export interface InterruptWatch {
  /** True once Ctrl-C was pressed. */
  readonly interrupted: boolean;
  dispose(): void;
}

/**
 * Handles SIGINT while `work` runs: the first stops training after the current batch (or, when
 * nothing is training, exits); the second exits at once with 130.
 */
export function onInterrupt(): InterruptWatch {
  watchTraining();
  let count = 0;
  const handler = () => {
    count++;
    if (count === 1 && training) {
      training.stopTraining = true;
      process.stderr.write('\ninterrupted: stopping after the current batch, then saving (Ctrl-C again to quit at once)\n');
      return;
    }
    process.stderr.write('\ninterrupted\n');
    process.exit(EXIT_INTERRUPTED);
  };
  process.on('SIGINT', handler);
  return {
    get interrupted() {
      return count > 0;
    },
    dispose() {
      process.off('SIGINT', handler);
    },
  };
}
