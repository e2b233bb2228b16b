// reportCallback writes one self-contained, valid HTML file per run with the summary, curves,
// final metrics, epoch times, samples and environment.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaCallback } from '../../src/callbacks/index.ts';
import { layers, Sequential, setSeed, tensor } from '../../src/index.ts';
import { addSample, confusionSpec, reportCallback } from '../../src/viz/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'sunhwan-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tinyData(n: number) {
  const x = new Float32Array(n * 5);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < 5; t++) x[i * 5 + t] = Math.sin((i + t) / 4);
    y[i] = x[i * 5 + 4]! > 0 ? 1 : 0;
  }
  return [tensor(x, [n, 5, 1]), tensor(y, [n, 1])] as const;
}

describe('reportCallback', () => {
  it('writes a valid self-contained report of the run', async () => {
    setSeed(3);
    const model = new Sequential({ name: 'report_test' });
    model.add(layers.simpleRNN({ units: 4, inputShape: [5, 1] }));
    model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
    model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['acc'] });
    const [x, y] = tinyData(64);
    const report = reportCallback({ dir, name: '실험 1' });
    const sampler = lambdaCallback({
      onEpochEnd: (epoch) => addSample(model, `에포크 ${epoch + 1}: 생성된 <문장>`, { title: 'temperature 0.5' }),
    });
    await model.fit(x, y, { epochs: 3, batchSize: 16, validationSplit: 0.25, verbose: 0, callbacks: [report, sampler] });
    report.addPlot('Confusion matrix', confusionSpec({ yTrue: [0, 1, 1], yPred: [0, 1, 0], labels: ['부정', '긍정'] }));
    const path = await report.write();
    expect(path).toBe(join(dir, '실험_1.html'));
    const html = readFileSync(path, 'utf8');

    expect(html).toContain('Model: &quot;report_test&quot;');
    expect(html).toContain('simple_rnn');
    expect(html).toMatch(/Final metrics.*val_loss/s);
    expect(html).toContain('>loss<'); // a history panel
    expect(html).toContain('>acc<');
    expect(html).toContain('Loss per batch');
    expect(html).toContain('>부정<'); // the added plot
    expect(html).toContain('에포크 3: 생성된 &lt;문장&gt;');
    expect(html).toMatch(/(reference|simd|relaxed|native) kernels · \d+ threads? · Node/);
    expect(html).toMatch(/sunhwan \d+\.\d+\.\d+/);
    // Epoch table: one row per epoch with its time.
    expect(html.match(/<tr><td>\d<\/td><td>\d+\.\d\d<\/td>/g)?.length).toBe(3);
    // Self-contained: no scripts, nothing loaded from elsewhere.
    expect(html).not.toMatch(/<script|<link|\ssrc=|url\(http/);
    expect(html).toContain("@font-face{font-family:'Noto Sans KR';src:url(data:font/woff;base64,"); // Hangul shows anywhere

    const validator = new HtmlValidate({
      extends: ['html-validate:recommended'],
      rules: { 'no-inline-style': 'off', 'long-title': 'off' },
    });
    const result = await validator.validateString(html);
    const messages = result.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`));
    expect(messages).toEqual([]);
  });

  it('needs a dir', () => {
    expect(() => reportCallback({} as never)).toThrow(/needs \{ dir/);
  });
});
