// A fit that can run in parts (recipes whose book settings take hours here): after every epoch
// the model with its optimizer state, the history so far and the wall seconds go to FILE (each
// written atomically); a run given an existing FILE loads them and continues at the next epoch.
// A resumed run repeats an uninterrupted one when its data depend only on the epoch (fit's
// shuffling and dropout do, given the same seed); a generator's draws may differ.
import { existsSync, readFileSync } from 'node:fs';
import { callbacks, type FitArgs, type LayersModel } from 'sunhwan';
import { loadModel, saveModelFile, writeFileAtomic } from 'sunhwan/node';

interface Saved {
  history: Record<string, number[]>;
  seconds: number;
}

export interface PartsResult {
  model: LayersModel;
  /** The whole run's history (every part). */
  history: Record<string, number[]>;
  /** Wall seconds of the earlier parts (0 for a run from the start). */
  priorSeconds: number;
}

type FitX = Parameters<LayersModel['fit']>[0];
type FitY = Exclude<Parameters<LayersModel['fit']>[1], FitArgs | undefined>;

/**
 * model.fit(x, y, args) — y undefined when x is a dataset — saved after each epoch to `path`
 * and resumed from it (no path: a plain fit).
 */
export async function fitInParts(model: LayersModel, x: FitX, y: FitY | undefined, args: FitArgs, path?: string): Promise<PartsResult> {
  let saved: Saved = { history: {}, seconds: 0 };
  if (path && existsSync(path) && existsSync(`${path}.json`)) {
    saved = JSON.parse(readFileSync(`${path}.json`, 'utf8')) as Saved;
    model = await loadModel(path);
    console.log(`resumed from ${path} after ${saved.history.loss?.length ?? 0} epoch(s), ${saved.seconds.toFixed(0)} s`);
  }
  const history: Record<string, number[]> = structuredClone(saved.history);
  const initialEpoch = history.loss?.length ?? 0;
  const start = Date.now();
  const keep = new callbacks.LambdaCallback({
    onEpochEnd: async (_epoch, logs) => {
      for (const [key, value] of Object.entries(logs)) if (typeof value === 'number') (history[key] ??= []).push(value);
      if (!path) return;
      await saveModelFile(model, path);
      await writeFileAtomic(`${path}.json`, JSON.stringify({ history, seconds: saved.seconds + (Date.now() - start) / 1000 }));
    },
  });
  if (initialEpoch < (args.epochs ?? 1)) {
    const fitArgs: FitArgs = { ...args, initialEpoch, seed: args.seed ?? 1234, callbacks: [...(args.callbacks ?? []), keep] };
    await (y === undefined ? model.fit(x, fitArgs) : model.fit(x, y, fitArgs));
  }
  return { model, history, priorSeconds: saved.seconds };
}
