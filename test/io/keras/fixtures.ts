// The Keras fixtures (test/fixtures/keras/, made by fixtures-src/keras/make_fixtures.py) and
// a helper that predicts with a loaded model and returns the worst difference from Keras.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LayersModel } from '../../../src/models/model.ts';
import { Tensor } from '../../../src/tensor.ts';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'keras');
export const MODELS = ['seq_lstm', 'seq_gru', 'seq_conv', 'bidirectional', 'encoder_decoder', 'compiled_trained', 'legacy_tfkeras2'];

export interface Fixture {
  keras_version: string;
  formats: string[];
  inputs: Array<{ shape: number[]; dtype: string; data: number[] }>;
  outputs: Array<{ shape: number[]; data: number[] }>;
}

export const fixture = (name: string): Fixture => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Fixture;
export const fixtureBytes = (file: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, file)));

export function inputsOf(fx: Fixture): Tensor[] {
  return fx.inputs.map((i) => new Tensor(i.dtype === 'int32' ? Int32Array.from(i.data) : Float32Array.from(i.data), i.shape));
}

/** max |sunhwan − Keras| over every output of the fixture's batch. */
export async function worstDifference(model: LayersModel, fx: Fixture): Promise<number> {
  const xs = inputsOf(fx);
  const y = await model.predict(xs.length === 1 ? xs[0]! : xs);
  const ys = Array.isArray(y) ? y : [y];
  let worst = 0;
  ys.forEach((t, k) => {
    if (t.shape.join() !== fx.outputs[k]!.shape.join())
      throw new Error(`output ${k} has shape [${t.shape}], Keras' is [${fx.outputs[k]!.shape}]`);
    const d = t.dataSync();
    fx.outputs[k]!.data.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(v - d[i]!));
    });
  });
  return worst;
}
