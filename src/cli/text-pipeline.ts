// How a tokenizer travels with a model: a JSON file beside it, `<model without .shw>.tokenizer.json`,
// written by `sunhwan train` and `sunhwan recipe --out`, read by predict and generate (or given
// with --tokenizer). It holds the tokenizer and how its ids become the model's input:
//   { "format": "sunhwan-tokenizer", "version": 1,
//     "tokenizer": <Keras Tokenizer.to_json() object | CharTokenizer/JamoTokenizer toJSON()>,
//     "maxlen": 100, "padding": "pre", "truncating": "pre",      word models (padSequences)
//     "window": 60, "input": "ids" | "oneHot",                   generation models (generateText)
//     "classes": ["ham", "spam"] }                                classifiers trained on word labels
import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../io/files.ts';
import { CharTokenizer, JamoTokenizer } from '../preprocessing/char-tokenizer.ts';
import { Tokenizer } from '../preprocessing/tokenizer.ts';
import { padSequences } from '../preprocessing/sequence.ts';
import type { Tensor } from '../tensor.ts';
import { readJsonFile } from './json-file.ts';

export const TOKENIZER_FORMAT = 'sunhwan-tokenizer';

export interface TextPipelineOptions {
  maxlen?: number;
  padding?: 'pre' | 'post';
  truncating?: 'pre' | 'post';
  window?: number;
  input?: 'ids' | 'oneHot';
  /** Label names of a classifier: class i is classes[i] (predict prints them). */
  classes?: string[];
}

export type TextPipeline =
  ({ kind: 'word'; tokenizer: Tokenizer } & TextPipelineOptions) | ({ kind: 'char'; tokenizer: CharTokenizer } & TextPipelineOptions);

/** `dir/model.shw` → `dir/model.tokenizer.json`. */
export function tokenizerPathFor(modelPath: string): string {
  return `${modelPath.replace(/\.shw$/i, '')}.tokenizer.json`;
}

export async function saveTextPipeline(path: string, tokenizer: { toJSON(): unknown }, options: TextPipelineOptions): Promise<void> {
  const json = tokenizer.toJSON();
  const body = { format: TOKENIZER_FORMAT, version: 1, tokenizer: typeof json === 'string' ? JSON.parse(json) : json, ...options };
  await writeFileAtomic(path, `${JSON.stringify(body, null, 1)}\n`, 'save tokenizer');
}

export function loadTextPipeline(path: string): TextPipeline {
  const o = readJsonFile(path, 'tokenizer file') as Record<string, unknown>;
  if (o.format !== TOKENIZER_FORMAT)
    throw new Error(
      `${path}: not a sunhwan tokenizer file ("format" must be "${TOKENIZER_FORMAT}"); write one with 'sunhwan train' or 'sunhwan recipe --out'`,
    );
  const t = o.tokenizer as Record<string, unknown> | undefined;
  if (!t || typeof t !== 'object') throw new Error(`${path}: "tokenizer" must be an object`);
  const options: TextPipelineOptions = {};
  for (const key of ['maxlen', 'window'] as const) {
    const v = o[key];
    if (v === undefined || v === null) continue;
    if (!Number.isInteger(v) || (v as number) < 1) throw new Error(`${path}: "${key}" must be an integer ≥ 1, got ${JSON.stringify(v)}`);
    options[key] = v as number;
  }
  for (const key of ['padding', 'truncating'] as const) {
    const v = o[key];
    if (v === undefined) continue;
    if (v !== 'pre' && v !== 'post') throw new Error(`${path}: "${key}" must be "pre" or "post", got ${JSON.stringify(v)}`);
    options[key] = v;
  }
  if (o.input !== undefined) {
    if (o.input !== 'ids' && o.input !== 'oneHot')
      throw new Error(`${path}: "input" must be "ids" or "oneHot", got ${JSON.stringify(o.input)}`);
    options.input = o.input;
  }
  if (o.classes !== undefined && o.classes !== null) {
    if (!Array.isArray(o.classes) || !o.classes.every((c) => typeof c === 'string'))
      throw new Error(`${path}: "classes" must be a list of strings`);
    options.classes = o.classes as string[];
  }
  const where = (e: unknown) => new Error(`${path}: ${(e as Error).message}`);
  try {
    if (t.class_name === 'Tokenizer') return { kind: 'word', tokenizer: Tokenizer.fromJSON(t), ...options };
    if (t.class_name === 'JamoTokenizer')
      return { kind: 'char', tokenizer: JamoTokenizer.fromJSON(t as { vocabulary: string[] }), ...options };
    if (t.class_name === 'CharTokenizer')
      return { kind: 'char', tokenizer: CharTokenizer.fromJSON(t as { vocabulary: string[] }), ...options };
  } catch (e) {
    throw where(e);
  }
  throw new Error(`${path}: tokenizer.class_name must be Tokenizer, CharTokenizer or JamoTokenizer, got ${JSON.stringify(t.class_name)}`);
}

/** The tokenizer given with --tokenizer, else the one saved beside the model, else none. */
export function findTextPipeline(modelPath: string, explicit?: string): TextPipeline | null {
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`tokenizer file '${explicit}' does not exist`);
    return loadTextPipeline(explicit);
  }
  const beside = tokenizerPathFor(modelPath);
  return existsSync(beside) ? loadTextPipeline(beside) : null;
}

/** Texts → the padded id matrix a word model was trained on. */
export function textsToInput(pipeline: TextPipeline, texts: string[]): Tensor {
  if (pipeline.kind === 'word') {
    const sequences = pipeline.tokenizer.textsToSequences(texts);
    return padSequences(sequences, { maxlen: pipeline.maxlen, padding: pipeline.padding, truncating: pipeline.truncating });
  }
  const ids = texts.map((t) => pipeline.tokenizer.encode(t));
  return padSequences(ids, { maxlen: pipeline.maxlen ?? pipeline.window, padding: pipeline.padding, truncating: pipeline.truncating });
}
