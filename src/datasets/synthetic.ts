// The small data sets the seeds build by hand, with no download.
import { Tensor } from '../tensor.ts';
import { getGlobalRandom, Random } from '../random.ts';

export interface WaveOptions {
  /** Number of points. Default 1000 (the RNN lesson, 11장: `for i in np.arange(0, 1000)`). */
  n?: number;
  /** Step of the argument in units of π. Default 0.01: value i = sin(π·i·0.01). */
  step?: number;
}

function wave(fn: (x: number) => number, { n = 1000, step = 0.01 }: WaveOptions): Tensor {
  if (!Number.isInteger(n) || n < 1) throw new Error(`synthetic wave: n must be a positive integer, got ${n}`);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = fn(Math.PI * i * step);
  return new Tensor(out, [n, 1]);
}

/** Seed 004's series: [n, 1] with value i = sin(π·i·step). Window it with the time-series helpers. */
export function sineWave(options: WaveOptions = {}): Tensor {
  return wave(Math.sin, options);
}

/** The same with cos (the RNN lesson predicts the cosine with the model trained on the sine). */
export function cosineWave(options: WaveOptions = {}): Tensor {
  return wave(Math.cos, options);
}

/**
 * Seed 002's first SimpleRNN example ("시작하세요! 텐서플로 2.0" 7.3): for i = 0..count-1 the input
 * is the 4 steps [i, i+1, i+2, i+3]/10 and the target is (i+4)/10.
 * x: [count, 4, 1], y: [count, 1]. Default count 6 (targets 0.4 … 0.9).
 */
export function sequencePrediction(options: { count?: number; steps?: number; start?: number } = {}): { x: Tensor; y: Tensor } {
  const { count = 6, steps = 4, start = 0 } = options;
  const x = new Float32Array(count * steps);
  const y = new Float32Array(count);
  for (let s = 0; s < count; s++) {
    const i = start + s;
    for (let t = 0; t < steps; t++) x[s * steps + t] = (i + t) / 10;
    y[s] = (i + steps) / 10;
  }
  return { x: new Tensor(x, [count, steps, 1]), y: new Tensor(y, [count, 1]) };
}

export interface MultiplicationOptions {
  /** Number of samples. Default 3000 (the TensorFlow 2.0 book, ch. 7: 2,560 for training, 440 for testing). */
  n?: number;
  /** Sequence length. Default 100. */
  length?: number;
  /** Seed for a private generator; default: the global generator (setSeed). */
  seed?: number;
}

/**
 * The LSTM paper's multiplication problem as the TensorFlow 2.0 book (ch. 7) builds it: each sample has `length` random
 * numbers in [0, 1) and two distinct marked positions. x[:, t, 0] is the marker (one-hot, 1 at the
 * two positions), x[:, t, 1] the number; y is the product of the two marked numbers.
 * x: [n, length, 2], y: [n, 1].
 */
export function multiplication(options: MultiplicationOptions = {}): { x: Tensor; y: Tensor } {
  const { n = 3000, length = 100 } = options;
  if (length < 2) throw new Error(`multiplication: length must be at least 2, got ${length}`);
  const random = options.seed === undefined ? getGlobalRandom() : new Random(options.seed);
  const x = new Float32Array(n * length * 2);
  const y = new Float32Array(n);
  for (let s = 0; s < n; s++) {
    const base = s * length * 2;
    for (let t = 0; t < length; t++) x[base + t * 2 + 1] = random.next();
    const first = random.int(length);
    let second = random.int(length - 1);
    if (second >= first) second++; // two distinct positions, like np.random.choice(100, 2, replace=False)
    x[base + first * 2] = 1;
    x[base + second * 2] = 1;
    y[s] = x[base + first * 2 + 1]! * x[base + second * 2 + 1]!;
  }
  return { x: new Tensor(x, [n, length, 2]), y: new Tensor(y, [n, 1]) };
}
