// Samples that callbacks write during training (generated text per epoch, a prediction to eyeball)
// and that the HTML report and the dashboard show:
//   lambdaCallback({ onEpochEnd: (epoch) => addSample(model, generate(model, 0.5), { title: 'temperature 0.5' }) })
// Listeners are per model, so several runs in one process keep their samples apart.

export interface Sample {
  /** 0-based epoch the sample was written in (the recorder's current epoch). */
  epoch: number;
  title: string;
  text: string;
}

type Listener = (sample: Omit<Sample, 'epoch'>) => void;

const listeners = new WeakMap<object, Set<Listener>>();

/** Shows `text` in the report/dashboard of the run training `model` (no-op when none listens). */
export function addSample(model: object, text: string, options: { title?: string } = {}): void {
  if (typeof text !== 'string') throw new Error(`addSample: text must be a string (got ${typeof text})`);
  for (const listen of listeners.get(model) ?? []) listen({ title: options.title ?? 'sample', text });
}

/** Subscribes to a model's samples; returns the unsubscribe function. */
export function onSample(model: object, listen: Listener): () => void {
  let set = listeners.get(model);
  if (!set) listeners.set(model, (set = new Set()));
  set.add(listen);
  return () => set.delete(listen);
}
