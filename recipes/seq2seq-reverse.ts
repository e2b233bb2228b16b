// Seed 000 §12.5.1 (seq2seq): an encoder–decoder that learns to reverse digit strings, the
// Keras functional-API recipe (keras.io "sequence to sequence learning in ten minutes"):
//
//   encoder_inputs = Input(shape=(None,)); x = Embedding(11, 32)(encoder_inputs)
//   _, state_h, state_c = LSTM(128, return_state=True)(x)
//   decoder_inputs = Input(shape=(None,)); y = Embedding(11, 32)(decoder_inputs)
//   decoder_seq, _, _ = LSTM(128, return_sequences=True, return_state=True)(y, initial_state=[state_h, state_c])
//   outputs = TimeDistributed(Dense(10, activation='softmax'))(decoder_seq)
//   model = Model([encoder_inputs, decoder_inputs], outputs)   # teacher forcing
//
// then decodes step by step with separate inference models (encoder → states; decoder step
// [token, h, c] → [probs, h, c]). `--attention` adds Luong attention over the encoder outputs
// (decoder outputs attend to them, the context is concatenated before the softmax), which
// carries longer strings.
//
// Run: npx tsx recipes/seq2seq-reverse.ts [--quick] [--epochs N] [--attention 1] [--length N]
import { Model, Random, Tensor, input, layers, setSeed, type SymbolicTensor } from 'sunhwan';
import { adam } from '../src/optimizers/index.ts';
import { banner, fmt, main, report, type RecipeMeta, type RecipeOptions, type RecipeResult } from './common.ts';

export const START = 10; // decoder start token; digits are 0–9
const VOCAB = 11;

export interface ReverseData {
  encoder: Tensor; // [n, L] digits
  decoderIn: Tensor; // [n, L] START, y0 … y_{L−2}
  target: Tensor; // [n, L] the reversed digits
}

/** n random digit strings of `length` and their reversals, as teacher-forcing arrays. */
export function reverseData(n: number, length: number, rng: Random): ReverseData {
  const enc = new Int32Array(n * length);
  const dec = new Int32Array(n * length);
  const tgt = new Float32Array(n * length);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < length; t++) enc[i * length + t] = rng.int(10);
    for (let t = 0; t < length; t++) {
      const y = enc[i * length + length - 1 - t]!;
      tgt[i * length + t] = y;
      dec[i * length + t] = t === 0 ? START : enc[i * length + length - t]!;
    }
  }
  return { encoder: new Tensor(enc, [n, length]), decoderIn: new Tensor(dec, [n, length]), target: new Tensor(tgt, [n, length]) };
}

export interface Seq2SeqModels {
  training: Model;
  encoder: Model;
  decoderStep: Model;
  attention: boolean;
}

const one = (t: SymbolicTensor | SymbolicTensor[]): SymbolicTensor => t as SymbolicTensor;
const many = (t: SymbolicTensor | SymbolicTensor[]): SymbolicTensor[] => t as SymbolicTensor[];

/** The training model and the two inference models, sharing their layers. */
export function buildSeq2Seq(opts: { units?: number; embed?: number; attention?: boolean } = {}): Seq2SeqModels {
  const units = opts.units ?? 128;
  const embed = opts.embed ?? 32;
  const withAttention = opts.attention ?? false;
  const encoderInputs = input({ shape: [null], dtype: 'int32', name: 'encoder_inputs' });
  const encoderLstm = layers.lstm({ units, returnSequences: withAttention, returnState: true, name: 'encoder_lstm' });
  const [encoderSeq, stateH, stateC] = many(
    encoderLstm.apply(one(layers.embedding({ inputDim: VOCAB, outputDim: embed, name: 'encoder_embedding' }).apply(encoderInputs))),
  );

  const decoderInputs = input({ shape: [null], dtype: 'int32', name: 'decoder_inputs' });
  const decoderEmbedding = layers.embedding({ inputDim: VOCAB, outputDim: embed, name: 'decoder_embedding' });
  const decoderLstm = layers.lstm({ units, returnSequences: true, returnState: true, name: 'decoder_lstm' });
  const attention = withAttention ? layers.attention({ name: 'attention' }) : null;
  const join = withAttention ? layers.concatenate({ name: 'join' }) : null;
  const decoderDense = layers.timeDistributed(layers.dense({ units: 10, activation: 'softmax', name: 'decoder_dense' }));

  /** decoder: tokens (+ states, + encoder outputs) → [probs, h, c] */
  const decode = (tokens: SymbolicTensor, h: SymbolicTensor, c: SymbolicTensor, encOut: SymbolicTensor | null): SymbolicTensor[] => {
    const [seq, h2, c2] = many(decoderLstm.apply(one(decoderEmbedding.apply(tokens)), { initialState: [h, c] }));
    let features = seq!;
    if (attention && join && encOut) features = one(join.apply([seq!, one(attention.apply([seq!, encOut]))]));
    return [one(decoderDense.apply(features)), h2!, c2!];
  };

  const [probs] = decode(decoderInputs, stateH!, stateC!, withAttention ? encoderSeq! : null);
  const training = new Model({ inputs: [encoderInputs, decoderInputs], outputs: probs!, name: 'seq2seq' });
  const encoder = new Model({
    inputs: encoderInputs,
    outputs: withAttention ? [encoderSeq!, stateH!, stateC!] : [stateH!, stateC!],
    name: 'encoder',
  });

  const stepToken = input({ shape: [1], dtype: 'int32', name: 'step_token' });
  const hIn = input({ shape: [units], name: 'state_h' });
  const cIn = input({ shape: [units], name: 'state_c' });
  const encIn = withAttention ? input({ shape: [null, units], name: 'encoder_outputs' }) : null;
  const [stepProbs, hOut, cOut] = decode(stepToken, hIn, cIn, encIn);
  const decoderStep = new Model({
    inputs: encIn ? [stepToken, hIn, cIn, encIn] : [stepToken, hIn, cIn],
    outputs: [stepProbs!, hOut!, cOut!],
    name: 'decoder_step',
  });
  return { training, encoder, decoderStep, attention: withAttention };
}

/** Greedy decoding, one step at a time with the inference models: [n, L] predicted digits. */
export function decodeGreedy(models: Seq2SeqModels, encoderTokens: Tensor, length: number): Int32Array {
  const n = encoderTokens.shape[0]!;
  const enc = models.encoder.predictOnBatch(encoderTokens) as Tensor[];
  const encOut = models.attention ? enc[0]! : null;
  let [h, c] = models.attention ? [enc[1]!, enc[2]!] : [enc[0]!, enc[1]!];
  let token = new Tensor(new Int32Array(n).fill(START), [n, 1]);
  const out = new Int32Array(n * length);
  for (let t = 0; t < length; t++) {
    const [probs, h2, c2] = models.decoderStep.predictOnBatch(encOut ? [token, h!, c!, encOut] : [token, h!, c!]) as Tensor[];
    const p = probs!.dataSync();
    const next = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let k = 1; k < 10; k++) if (p[i * 10 + k]! > p[i * 10 + best]!) best = k;
      next[i] = best;
      out[i * length + t] = best;
    }
    token = new Tensor(next, [n, 1]);
    [h, c] = [h2!, c2!];
  }
  return out;
}

/** Fraction of samples whose whole decoded string equals the target. */
export function exactMatch(decoded: Int32Array, target: Tensor, length: number): number {
  const y = target.dataSync();
  const n = target.shape[0]!;
  let ok = 0;
  for (let i = 0; i < n; i++) {
    let same = true;
    for (let t = 0; t < length && same; t++) same = decoded[i * length + t] === y[i * length + t];
    if (same) ok++;
  }
  return ok / n;
}

export interface ReverseRun {
  length: number;
  trainSamples: number;
  epochs: number;
  units: number;
  attention: boolean;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  verbose?: 0 | 1 | 2;
}

/** Trains with teacher forcing and returns the held-out exact-match accuracy of greedy decoding. */
export async function trainReverse(
  cfg: ReverseRun,
): Promise<{ exact: number; tokenAcc: number; models: Seq2SeqModels; history: Record<string, number[]> }> {
  setSeed(cfg.seed ?? 7);
  const rng = new Random(cfg.seed ?? 7);
  const train = reverseData(cfg.trainSamples, cfg.length, rng);
  const test = reverseData(200, cfg.length, rng);
  const models = buildSeq2Seq({ units: cfg.units, attention: cfg.attention });
  models.training.compile({
    optimizer: adam({ learningRate: cfg.learningRate ?? 0.005 }),
    loss: 'sparse_categorical_crossentropy',
    metrics: ['acc'],
  });
  const fitted = await models.training.fit([train.encoder, train.decoderIn], train.target, {
    epochs: cfg.epochs,
    batchSize: cfg.batchSize ?? 64,
    verbose: cfg.verbose ?? 0,
    seed: cfg.seed ?? 7,
  });
  const [, tokenAcc] = (await models.training.evaluate([test.encoder, test.decoderIn], test.target, { verbose: 0 })) as number[];
  const decoded = decodeGreedy(models, test.encoder, cfg.length);
  return { exact: exactMatch(decoded, test.target, cfg.length), tokenAcc: tokenAcc!, models, history: fitted.history };
}

export const meta: RecipeMeta = {
  name: 'seq2seq-reverse',
  source: 'seed 000 §12.5.1',
  description: 'encoder–decoder LSTM that learns to reverse digit strings',
};

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const quick = options.quick ?? false;
  const withAttention = (options.extra?.attention ?? '0') !== '0';
  const length = Number(options.extra?.length ?? (withAttention ? 12 : 6));
  const cfg: ReverseRun = {
    length,
    trainSamples: quick ? 1000 : 8000,
    epochs: options.epochs ?? (quick ? 3 : 20),
    units: quick ? 32 : 128,
    attention: withAttention,
    seed: options.seed ?? 1234,
    verbose: options.verbose ?? 2,
  };
  banner(
    `seq2seq-reverse: reverse ${length}-digit strings, LSTM(${cfg.units}) encoder–decoder${withAttention ? ' + Luong attention' : ''}`,
    ['seed 000 §12.5.1 seq2seq with teacher forcing; greedy step-by-step decoding with inference models'],
    options,
  );
  const r = await trainReverse(cfg);
  r.models.training.summary();
  console.log(`held-out exact match ${fmt(r.exact)}, token accuracy ${fmt(r.tokenAcc)}`);
  const metrics = { exact_match: r.exact, token_acc: r.tokenAcc };
  report(metrics);
  return {
    metrics,
    history: r.history,
    model: r.models.training,
    settings: { length, trainSamples: cfg.trainSamples, testSamples: 200, units: cfg.units, batchSize: 64, optimizer: 'adam(0.005)' },
  };
}

main(meta, import.meta.url, run);
