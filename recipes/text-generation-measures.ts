// What the text-generation recipes measure besides the training loss (issue 20 item 4): the
// per-token perplexity on held-out text the model never trained on, and the share of generated
// words that are real words of the corpus. Also the per-epoch sample log and the checkpoint that
// lets a run of many hours go in parts (--checkpoint FILE, then the same command with --resume).
// Not a recipe: shared by text-generation-nietzsche.ts and text-generation-korean.ts.
import { existsSync, readFileSync } from 'node:fs';
import { Tensor, type LayersModel } from 'sunhwan';
import { loadModel, saveModelFile, writeFileAtomic } from 'sunhwan/node';

/** Probabilities [n, V] for a batch of windows (ids [n, T] or one-hot [n, T, V]). */
type Predict = (x: Tensor) => Promise<Tensor>;

/**
 * exp(mean −log p(next token)) over `windows` evenly spaced windows of the held-out ids: the
 * window's `window` ids predict the one after. 1 = certain, V = a uniform guess over V tokens.
 */
export async function heldOutPerplexity(
  predict: Predict,
  ids: Int32Array,
  o: { window: number; input: 'ids' | 'oneHot'; vocabularySize: number; windows?: number; batchSize?: number },
): Promise<{ perplexity: number; meanNll: number; tokens: number }> {
  const { window: T, vocabularySize: V } = o;
  const available = ids.length - T;
  if (available < 1) throw new Error(`heldOutPerplexity: ${ids.length} held-out ids, need more than the window ${T}`);
  const n = Math.min(o.windows ?? 2000, available);
  const stride = available / n;
  const batchSize = o.batchSize ?? 256;
  let nll = 0;
  for (let b = 0; b < n; b += batchSize) {
    const m = Math.min(batchSize, n - b);
    const starts = Array.from({ length: m }, (_, j) => Math.floor((b + j) * stride));
    let x: Tensor;
    if (o.input === 'ids') {
      const data = new Int32Array(m * T);
      starts.forEach((s, j) => data.set(ids.subarray(s, s + T), j * T));
      x = new Tensor(data, [m, T]);
    } else {
      const data = new Float32Array(m * T * V);
      starts.forEach((s, j) => {
        for (let t = 0; t < T; t++) data[(j * T + t) * V + ids[s + t]!] = 1;
      });
      x = new Tensor(data, [m, T, V]);
    }
    const p = (await predict(x)).dataSync();
    starts.forEach((s, j) => {
      nll -= Math.log(Math.max(p[j * V + ids[s + T]!]!, 1e-7));
    });
  }
  return { perplexity: Math.exp(nll / n), meanNll: nll / n, tokens: n };
}

/**
 * The share of generated words found in the corpus vocabulary, and how many of them are distinct
 * (a sample of "the the the" is all real words but 1 distinct). `words` splits text into words
 * with their start offsets; words that begin inside the seed, and a last word cut off by the end
 * of the sample, are not counted.
 */
export function realWordShare(
  seedAndSample: string,
  seedLength: number,
  vocabulary: ReadonlySet<string>,
  words: (text: string) => { word: string; at: number }[],
): { share: number; words: number; distinct: number } {
  const all = words(seedAndSample);
  const lastComplete = all.length > 0 && all[all.length - 1]!.at + all[all.length - 1]!.word.length < seedAndSample.length;
  const counted = all.filter((w, i) => w.at >= seedLength && (i < all.length - 1 || lastComplete));
  if (counted.length === 0) return { share: 0, words: 0, distinct: 0 }; // no word at all: none real (spaces, one jamo …)
  const share = counted.filter((w) => vocabulary.has(w.word)).length / counted.length;
  return { share, words: counted.length, distinct: new Set(counted.map((w) => w.word)).size };
}

/** Words as runs of the characters `pattern` matches (with the global flag), with their offsets. */
export function wordSplitter(pattern: RegExp): (text: string) => { word: string; at: number }[] {
  return (text) => Array.from(text.matchAll(pattern), (m) => ({ word: m[0], at: m.index! }));
}

export function vocabularyOf(text: string, words: (text: string) => { word: string }[]): Set<string> {
  return new Set(words(text).map((w) => w.word));
}

/** One epoch's samples and measures, as saved in the log and the checkpoint. */
export interface EpochRecord {
  epoch: number;
  loss: number;
  /** Training accuracy of the epoch, when the model measures it. */
  accuracy?: number;
  /** Wall seconds of the whole run (all its parts) at the epoch's end. */
  seconds?: number;
  perplexity: number;
  seed: string;
  samples: { temperature: number | 'greedy'; text: string; realWordShare: number; words: number; distinctWords?: number }[];
}

/** The per-epoch samples as Markdown: what a reader looks at to see the text turn into language. */
export function samplesMarkdown(title: string, records: readonly EpochRecord[]): string {
  const out = [`# ${title}`, ''];
  for (const r of records) {
    const accuracy = r.accuracy === undefined || Number.isNaN(r.accuracy) ? '' : `, accuracy ${r.accuracy.toFixed(4)}`;
    out.push(`## epoch ${r.epoch}: loss ${r.loss.toFixed(4)}${accuracy}, held-out perplexity ${r.perplexity.toFixed(3)}`, '');
    out.push(`seed: \`${r.seed.replace(/\n/g, '⏎')}\``, '');
    for (const s of r.samples) {
      const label = s.temperature === 'greedy' ? 'greedy (argmax)' : `temperature ${s.temperature}`;
      const distinct = s.distinctWords === undefined ? '' : ` (${s.distinctWords} distinct)`;
      out.push(`### ${label}: ${(100 * s.realWordShare).toFixed(1)} % of ${s.words} words${distinct} are corpus words`, '');
      out.push('```', s.text, '```', '');
    }
  }
  return out.join('\n');
}

/**
 * A run in parts: after every epoch the model (with its optimizer) and the records so far are
 * saved; `resume` loads both, and fit() continues at initialEpoch = the epochs done.
 */
export class GenerationCheckpoint {
  constructor(readonly path: string | undefined) {}

  async save(model: LayersModel, records: readonly EpochRecord[], history: Record<string, number[]>): Promise<void> {
    if (!this.path) return;
    await saveModelFile(model, this.path);
    await writeFileAtomic(`${this.path}.records.json`, JSON.stringify({ records, history }));
  }

  async resume(): Promise<{ model: LayersModel; records: EpochRecord[]; history: Record<string, number[]> } | undefined> {
    if (!this.path || !existsSync(this.path) || !existsSync(`${this.path}.records.json`)) return undefined;
    const saved = JSON.parse(readFileSync(`${this.path}.records.json`, 'utf8')) as {
      records: EpochRecord[];
      history: Record<string, number[]>;
    };
    return { model: await loadModel(this.path), ...saved };
  }
}
