// Argument checks at the API edge: every option of fit / evaluate / predict (and of the optimizer
// factories) is checked before any work starts, with an error that names the option, the value
// and what is accepted. Unknown options are errors too — `batch_size` (Keras' spelling) would
// otherwise be ignored silently — and suggest the camelCase name.
// model.ts calls these in one line per public method, so a split of the training loop keeps them.

import type { DType } from '../tensor.ts';
import { Tensor } from '../tensor.ts';
import { isDataset } from './data.ts';

/** How one option is checked: returns an error phrase ("must be …") or null when the value is fine. */
type Rule = (value: unknown) => string | null;

const describe = (v: unknown): string =>
  typeof v === 'string'
    ? `"${v}"`
    : typeof v === 'number' || typeof v === 'boolean' || v == null
      ? String(v)
      : Array.isArray(v)
        ? 'an array'
        : typeof v === 'function'
          ? 'a function'
          : 'an object';

export const rules = {
  positiveInt: (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? null : 'must be a positive integer'),
  nonNegativeInt: (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? null : 'must be an integer ≥ 0'),
  boolean: (v: unknown) => (typeof v === 'boolean' ? null : 'must be true or false'),
  finite: (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? null : 'must be a finite number'),
  positive: (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? null : 'must be a positive finite number'),
  nonNegative: (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : 'must be a finite number ≥ 0'),
  fraction: (v: unknown) => (typeof v === 'number' && v >= 0 && v < 1 ? null : 'must be a number in [0, 1)'),
  tensor: (v: unknown) => (v instanceof Tensor ? null : 'must be a Tensor (make one with tensor(...))'),
  object: (v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? null : 'must be an object'),
  any: () => null,
  oneOf:
    (...values: unknown[]): Rule =>
    (v) =>
      values.includes(v) ? null : `must be one of ${values.map(describe).join(', ')}`,
  callbacks: (v: unknown) => {
    if (!Array.isArray(v)) return 'must be an array of callbacks (e.g. callbacks: [earlyStopping])';
    const bad = v.findIndex((c) => c === null || typeof c !== 'object');
    return bad < 0 ? null : `must hold callback objects, but element ${bad} is ${describe(v[bad])}`;
  },
  /** Validation data: [x, y], [x, y, sampleWeight] or a dataset. */
  validationData: (v: unknown) =>
    Array.isArray(v) || isDataset(v) ? null : 'must be [xVal, yVal], [xVal, yVal, sampleWeightVal] or a dataset of batches',
} satisfies Record<string, Rule | ((...a: unknown[]) => Rule)>;

export type Schema = Record<string, Rule>;

export const fitSchema: Schema = {
  epochs: rules.nonNegativeInt,
  batchSize: rules.positiveInt,
  verbose: rules.oneOf(0, 1, 2),
  callbacks: rules.callbacks,
  validationSplit: rules.fraction,
  validationData: rules.validationData,
  shuffle: rules.boolean,
  initialEpoch: rules.nonNegativeInt,
  classWeight: rules.object,
  sampleWeight: rules.tensor,
  stepsPerEpoch: rules.positiveInt,
  validationSteps: rules.positiveInt,
  progressUnit: rules.oneOf('steps', 'samples'),
  handleInterrupt: rules.boolean,
  seed: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 32 ? null : 'must be an integer in [0, 2^32)'),
};

export const evaluateSchema: Schema = {
  batchSize: rules.positiveInt,
  verbose: rules.oneOf(0, 1),
  sampleWeight: rules.tensor,
  steps: rules.positiveInt,
};

export const predictSchema: Schema = {
  batchSize: rules.positiveInt,
  verbose: rules.oneOf(0, 1),
  steps: rules.positiveInt,
};

/** `batch_size` → `batchSize`. */
export function camelCase(name: string): string {
  return name.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known option a mistyped one most likely meant, or null. */
export function suggestOption(name: string, known: string[]): string | null {
  const camel = camelCase(name);
  const exact = known.find((k) => k === camel || k.toLowerCase() === camel.toLowerCase());
  if (exact) return exact;
  let best: string | null = null;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(camel.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/** Checks an options object against a schema: it must be a plain object, every key known, every value valid. */
export function checkOptions(options: unknown, schema: Schema, where: string, example = ''): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options) || options instanceof Tensor) {
    throw new Error(`${where}: options must be an object${example ? ` (e.g. ${example})` : ''}, got ${describe(options)}`);
  }
  const known = Object.keys(schema);
  for (const [key, value] of Object.entries(options)) {
    if (!Object.prototype.hasOwnProperty.call(schema, key)) {
      const hint = suggestOption(key, known);
      throw new Error(`${where}: unknown option '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}; options are ${known.join(', ')}`);
    }
    if (value === undefined) continue;
    const problem = schema[key]!(value);
    if (problem) throw new Error(`${where}: ${key} ${problem}, got ${describe(value)}`);
  }
}

/** Checks the options object of fit(x, y, args) or fit(dataset, args), and returns it. */
export function checkFitArgs(x: unknown, y: unknown, args: unknown, where: string): { handleInterrupt?: boolean } | undefined {
  const options = isDataset(x) ? y : args;
  checkOptions(options, fitSchema, where, '{epochs: 10, batchSize: 32}');
  return options as { handleInterrupt?: boolean } | undefined;
}

export function checkEvaluateArgs(x: unknown, y: unknown, args: unknown, where: string): void {
  checkOptions(isDataset(x) ? y : args, evaluateSchema, where, '{batchSize: 32}');
}

export function checkPredictArgs(args: unknown, where: string): void {
  checkOptions(args, predictSchema, where, '{batchSize: 32}');
}

/**
 * Inputs that feed an Embedding (dtype int32) but arrive as float32 are ids: every value must be a
 * finite integer in int32 range, or it would be truncated into some other, valid id
 * (NaN → 0, −0.5 → 0, 2^32 + 512 → 512). The Embedding itself checks the vocabulary range.
 */
export function checkFloatIds(xs: readonly Tensor[], dtypes: readonly DType[], where: string): void {
  xs.forEach((t, i) => {
    if (dtypes[i] !== 'int32' || !(t.dataSync() instanceof Float32Array)) return;
    const data = t.dataSync();
    for (let j = 0; j < data.length; j++) {
      const v = data[j]!;
      if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) {
        const row = t.shape.length > 1 ? Math.floor(j / (t.size / t.shape[0]!)) : j;
        throw new Error(
          `${where}: x${xs.length > 1 ? `[${i}]` : ''} holds token ids (it feeds an Embedding), but sample ${row} has ${v} at flat index ${j}; ids must be integers ≥ 0`,
        );
      }
    }
  });
}
