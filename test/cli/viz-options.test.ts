// `--report DIR` and `--dashboard [PORT]` on the training commands (recipe here: the sine-wave
// recipe, seconds): an HTML report per fit, a dashboard that served the run and closed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sunhwan, tempDir } from './helpers.ts';

const { dir, cleanup } = tempDir('viz-options');
afterAll(() => cleanup());

describe('--report / --dashboard', () => {
  it('recipe sine-wave --report DIR --dashboard 0 writes the report and serves the run', async () => {
    const r = await sunhwan('recipe', 'sine-wave', '--quick', '--verbose', '0', '--report', dir, '--dashboard', '0');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sunhwan dashboard: http:\/\/127\.0\.0\.1:\d+\//);
    const report = join(dir, 'sine-wave.html');
    expect(r.stdout).toContain(`report: ${report}`);
    expect(existsSync(report)).toBe(true);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('simple_rnn');
    expect(html).toMatch(/Final metrics.*loss/s);
    // fit() is unwrapped again: a run without the flags writes no report
    const again = await sunhwan('recipe', 'sine-wave', '--quick', '--epochs', '1', '--verbose', '0');
    expect(again.stdout).not.toContain('report:');
  });

  const nietzsche = join(process.env.SUNHWAN_DATA ?? '/work/shared/data', 'nietzsche/nietzsche.txt.gz');
  it.skipIf(!existsSync(nietzsche))(`a text-generation recipe's samples land in the report (skipped without ${nietzsche})`, async () => {
    const saved = process.env.SUNHWAN_DATA;
    process.env.SUNHWAN_DATA = join(nietzsche, '../..');
    try {
      const r = await sunhwan(
        'recipe',
        'text-generation-nietzsche',
        '--quick',
        '--epochs',
        '1',
        '--verbose',
        '0',
        '--report',
        join(dir, 'text'),
      );
      expect(r.code).toBe(0);
      const html = readFileSync(join(dir, 'text', 'text-generation-nietzsche.html'), 'utf8');
      for (const t of ['0.2', '0.5', '1', '1.2']) expect(html).toContain(`<h3>epoch 1: 온도 ${t}</h3>`);
    } finally {
      if (saved === undefined) delete process.env.SUNHWAN_DATA;
      else process.env.SUNHWAN_DATA = saved;
    }
  });

  it('a bad port is a usage error', async () => {
    const r = await sunhwan('recipe', 'sine-wave', '--quick', '--dashboard', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--dashboard.*integer/);
  });
});
