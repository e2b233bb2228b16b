// Seq2seq with the functional API (seed 000 §12.5.1): the encoder LSTM's returned states start
// the decoder LSTM (teacher forcing); then greedy decoding step by step with separate inference
// models that share the trained layers. The full-size run is recipes/seq2seq-reverse.ts.
import { describe, expect, it } from 'vitest';
import { trainReverse } from '../../recipes/seq2seq-reverse.ts';

describe('seq2seq: reversing digit strings', () => {
  it('encoder–decoder LSTM(64) reaches ≥ 95% held-out exact match on 5-digit strings', async () => {
    const r = await trainReverse({ length: 5, trainSamples: 4000, epochs: 16, units: 64, attention: false, learningRate: 0.01 });
    expect(r.exact).toBeGreaterThanOrEqual(0.95);
    expect(r.models.decoderStep.inputs.length).toBe(3);
  }, 120_000);

  it('with Luong attention over the encoder outputs it reaches ≥ 95% on 8-digit strings, at least as well as without', async () => {
    const cfg = { length: 8, trainSamples: 4000, epochs: 12, units: 64, learningRate: 0.01, batchSize: 32 };
    const withAttention = await trainReverse({ ...cfg, attention: true });
    const plain = await trainReverse({ ...cfg, attention: false });
    expect(withAttention.exact).toBeGreaterThanOrEqual(0.95);
    expect(withAttention.exact).toBeGreaterThanOrEqual(plain.exact);
    expect(withAttention.models.training.layers.map((l) => l.className)).toContain('Attention');
  }, 120_000);
});
