// Temperature sampling and the generation loop of the books' text generators
// (Deep Learning with Python 8.1 char-level LSTM; 시작하세요! 텐서플로 2.0's (ch. 7) word- and jamo-level generation).

import { Tensor } from '../tensor.ts';
import { getGlobalRandom, type Random } from '../random.ts';

/**
 * The book's `sample(preds, temperature)`: p = exp(log(p) / T), normalised, then one multinomial
 * draw. T < 1 sharpens the distribution, T > 1 flattens it. The maximum log-probability is
 * subtracted before exp (same result after normalising; avoids all-zero underflow at small T).
 * Zero probabilities are never drawn.
 */
export function sample(probabilities: ArrayLike<number> | Tensor, temperature = 1, rng: Random = getGlobalRandom()): number {
  const p = probabilities instanceof Tensor ? probabilities.dataSync() : probabilities;
  if (!p || p.length === 0) throw new Error('sample: no probabilities');
  if (typeof temperature !== 'number' || !(temperature > 0) || !Number.isFinite(temperature)) {
    throw new Error(`sample: temperature must be a finite number > 0, got ${temperature} (for greedy decoding take the argmax)`);
  }
  const logits = new Float64Array(p.length);
  let max = -Infinity;
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (Number.isNaN(v) || v < 0) throw new Error(`sample: probability ${i} is ${v}; probabilities must be ≥ 0`);
    logits[i] = Math.log(v) / temperature;
    if (logits[i]! > max) max = logits[i]!;
  }
  if (max === -Infinity) throw new Error('sample: all probabilities are 0');
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    logits[i] = Math.exp(logits[i]! - max);
    total += logits[i]!;
  }
  const u = rng.next() * total;
  let cumulative = 0;
  let last = 0;
  for (let i = 0; i < logits.length; i++) {
    if (logits[i] === 0) continue;
    cumulative += logits[i]!;
    last = i;
    if (u < cumulative) return i;
  }
  return last; // u rounded up to the total
}

export type PredictFunction = (input: Tensor) => Tensor | Tensor[] | Promise<Tensor | Tensor[]>;

export interface GenerateSequenceOptions {
  /** The model: a predict function, or anything with a predict(input) method (e.g. a sunhwan model). */
  predict: PredictFunction | { predict: PredictFunction };
  /** Seed token ids. */
  seed: readonly number[];
  /** Number of tokens to generate. */
  length: number;
  /** Sampling temperature (default 1). */
  temperature?: number;
  rng?: Random;
  /**
   * Feed only the last `windowSize` ids (the book's `generated_text[-maxlen:]`); a shorter history
   * is pre-padded (id 0, or an all-zero one-hot row), as pad_sequences does. Default: the whole
   * history, growing each step.
   */
  windowSize?: number;
  /** 'ids': int32 [1, T] for an Embedding (default); 'oneHot': float32 [1, T, vocabularySize] (book 8.1). */
  input?: 'ids' | 'oneHot';
  vocabularySize?: number;
  /** Called with every generated id. */
  onToken?: (id: number, step: number) => void;
}

/**
 * Generates `length` ids after `seed`, feeding each prediction back: predict the next-token
 * distribution from the (windowed) history, sample it with the temperature, append, repeat.
 * The prediction may be [1, V], [V], or [1, T, V] (a return_sequences model: the last step is used).
 */
export async function generateSequence(options: GenerateSequenceOptions): Promise<number[]> {
  const where = 'generateSequence';
  const { seed, length, temperature = 1, rng = getGlobalRandom(), windowSize, input = 'ids', vocabularySize, onToken } = options;
  const predictor = options.predict;
  const predict: PredictFunction | undefined =
    typeof predictor === 'function'
      ? predictor
      : predictor && typeof predictor.predict === 'function'
        ? (x) => predictor.predict(x)
        : undefined;
  if (!predict) throw new Error(`${where}: predict must be a function (input: Tensor) => Tensor, or a model with predict()`);
  if (!Array.isArray(seed)) throw new Error(`${where}: seed must be an array of token ids`);
  if (!Number.isInteger(length) || length < 0) throw new Error(`${where}: length must be an integer ≥ 0, got ${length}`);
  if (windowSize !== undefined && (!Number.isInteger(windowSize) || windowSize < 1))
    throw new Error(`${where}: windowSize must be an integer ≥ 1, got ${windowSize}`);
  if (input !== 'ids' && input !== 'oneHot') throw new Error(`${where}: input must be 'ids' or 'oneHot', got '${String(input)}'`);
  if (input === 'oneHot' && (!Number.isInteger(vocabularySize) || vocabularySize! < 1))
    throw new Error(`${where}: input 'oneHot' needs vocabularySize (an integer ≥ 1)`);
  seed.forEach((id, i) => {
    if (!Number.isInteger(id) || id < 0 || (input === 'oneHot' && id >= vocabularySize!)) {
      throw new Error(`${where}: seed id ${i} is ${id}; ids must be integers in [0, ${input === 'oneHot' ? vocabularySize : '∞'})`);
    }
  });
  if (seed.length === 0 && windowSize === undefined)
    throw new Error(`${where}: an empty seed needs a windowSize (the model must see at least one step)`);

  const history = [...seed];
  const generated: number[] = [];
  for (let step = 0; step < length; step++) {
    const T = windowSize ?? history.length;
    const start = history.length - T; // negative: pre-padding
    let x: Tensor;
    if (input === 'ids') {
      const ids = new Int32Array(T);
      for (let t = 0; t < T; t++) ids[t] = start + t >= 0 ? history[start + t]! : 0;
      x = new Tensor(ids, [1, T]);
    } else {
      const V = vocabularySize!;
      const oneHot = new Float32Array(T * V);
      for (let t = 0; t < T; t++) if (start + t >= 0) oneHot[t * V + history[start + t]!] = 1;
      x = new Tensor(oneHot, [1, T, V]);
    }
    let y = await predict(x);
    if (Array.isArray(y)) y = y[0]!;
    if (!(y instanceof Tensor)) throw new Error(`${where}: predict returned ${typeof y}, not a Tensor`);
    const V = y.shape[y.shape.length - 1]!;
    const values = y.dataSync();
    if (values.length < V || V < 1)
      throw new Error(`${where}: predict returned shape [${y.shape.join(', ')}], expected [1, V] or [1, T, V]`);
    const id = sample(values.subarray(values.length - V), temperature, rng);
    history.push(id);
    generated.push(id);
    onToken?.(id, step);
  }
  return generated;
}

export interface GenerateTextOptions extends Omit<GenerateSequenceOptions, 'seed'> {
  /** The seed text. */
  seedText: string;
  /** Text ⇄ ids, e.g. a CharTokenizer / JamoTokenizer, or wrappers around a Keras-style Tokenizer. */
  tokenizer?: { encode(text: string): number[]; decode(ids: number[]): string };
  encode?: (text: string) => number[];
  decode?: (ids: number[]) => string;
}

/**
 * Text generation at any level (word, character, jamo): encodes the seed text, generates
 * `length` tokens, and returns decode(seed ids + generated ids). For jamo-level tokenizers this
 * composes syllables across the seed/generated boundary.
 */
export async function generateText(options: GenerateTextOptions): Promise<string> {
  const encode = options.encode ?? (options.tokenizer ? (t: string) => options.tokenizer!.encode(t) : undefined);
  const decode = options.decode ?? (options.tokenizer ? (ids: number[]) => options.tokenizer!.decode(ids) : undefined);
  if (!encode || !decode) throw new Error('generateText: give a tokenizer ({ encode, decode }) or both encode and decode functions');
  if (typeof options.seedText !== 'string') throw new Error('generateText: seedText must be a string');
  const seed = encode(options.seedText);
  const generated = await generateSequence({ ...options, seed });
  return decode([...seed, ...generated]);
}
