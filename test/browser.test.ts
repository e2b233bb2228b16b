// The same code in a real browser: headless Chromium trains and predicts with the bundled
// public entry, with and without cross-origin isolation (scripts/browser-smoke.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const chromium = process.env.CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

describe('browser', () => {
  it.skipIf(!chromium)(
    'trains a SimpleRNN and predicts in headless Chromium (shared and plain memory); 2 worker threads train to the same weights as 1',
    () => {
      const run = spawnSync('node', ['scripts/browser-smoke.mjs'], { encoding: 'utf8', timeout: 240_000 });
      const lines = run.stdout.trim().split('\n');
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(
        lines.some(
          (l) =>
            l.includes('cross-origin isolated') &&
            l.includes('shared memory true') &&
            l.includes('2 threads, weights identical to 1 thread: true'),
        ),
      ).toBe(true);
      expect(lines.some((l) => l.includes('not isolated') && l.includes('shared memory false'))).toBe(true);
    },
    250_000,
  );
});
