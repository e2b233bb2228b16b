// `sunhwan summary` and `sunhwan predict` on Keras files (test/fixtures/keras/, made by Keras 3.15
// and a tf.keras 2 layout): the table lists Keras' layer names; predictions are Keras' numbers.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, fixture } from '../io/keras/fixtures.ts';
import { sunhwan, tempDir } from './helpers.ts';

const { dir, cleanup } = tempDir('keras');
afterAll(() => cleanup());

describe('sunhwan on Keras files', () => {
  it('summary model.keras prints the Keras layers', async () => {
    const r = await sunhwan('summary', join(FIXTURES, 'encoder_decoder.keras'));
    expect(r.code, r.stderr).toBe(0);
    for (const name of ['encoder_ids', 'enc_emb', 'encoder', 'decoder', 'attention', 'additive', 'probs']) expect(r.stdout).toContain(name);
  });

  it("predict model.h5 (tf.keras 2 layout) gives Keras' predictions", async () => {
    const fx = fixture('legacy_tfkeras2');
    const [steps] = fx.inputs[0]!.shape.slice(1);
    const rows = Array.from({ length: fx.inputs[0]!.shape[0]! }, (_, i) => fx.inputs[0]!.data.slice(i * steps!, (i + 1) * steps!));
    writeFileSync(join(dir, 'ids.json'), JSON.stringify(rows));
    const r = await sunhwan('predict', join(FIXTURES, 'legacy_tfkeras2.h5'), join(dir, 'ids.json'), '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const got = (JSON.parse(r.stdout) as Array<{ prediction: number[] }>).flatMap((p) => p.prediction);
    const want = fx.outputs[0]!.data;
    expect(got).toHaveLength(want.length);
    got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5));
  });
});
