// The README's first command, `npm run demo` (examples/demo.ts), shortened (SUNHWAN_DEMO_SCALE):
// it prints the summaries, the progress bar, held-out accuracy, the judged sentences, and writes
// the HTML reports and PNG plots it names.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'sunhwan-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run demo', () => {
  it('trains both models and writes what it says', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], {
      env: { ...process.env, SUNHWAN_DEMO_SCALE: '0.1', SUNHWAN_DEMO_DIR: dir },
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = run.stdout;
    for (const model of ['sine_simplernn', 'sine_lstm', 'sentiment']) expect(out).toContain(`Model: "${model}"`);
    expect(out).toMatch(/\d+\/\d+ \[=+\]/); // the progress bar
    expect(out).toMatch(/LSTM: final training loss \S+, cosine-wave test MSE \S+/);
    expect(out).toMatch(/held-out accuracy, Korean : 0\.\d+ \(\d+\/500\)/);
    expect(out).toMatch(/(positive|negative) \(\d\.\d\d\) {2}재미있을 줄 알았는데 완전 실망했다/);
    for (const file of ['sine-lstm.html', 'sentiment.html', 'sine-forecasts.png', 'sentiment-history.png', 'sentiment-confusion.png']) {
      expect(out).toContain(join(dir, file));
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    expect(readFileSync(join(dir, 'sentiment.html'), 'utf8')).toContain('Confusion matrix (held-out reviews)');
  }, 300_000);
});
