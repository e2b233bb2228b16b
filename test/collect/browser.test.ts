import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../src/collect/browser.ts';

const repoRoot = join(import.meta.dirname, '../..');

const dir = mkdtempSync(join(tmpdir(), 'sunhwan-collect-browser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function executable(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

describe('findChromium', () => {
  const empty = join(dir, 'empty');
  mkdirSync(empty, { recursive: true });

  it('finds chromium (or google-chrome) on PATH, in PATH order', () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const chrome = executable(join(a, 'google-chrome'));
    const chromium = executable(join(b, 'chromium'));
    expect(findChromium(undefined, { PATH: `${empty}:${a}:${b}` })).toBe(chrome);
    expect(findChromium(undefined, { PATH: `${b}:${a}` })).toBe(chromium);
    // A file that is not executable does not count.
    writeFileSync(join(empty, 'chromium'), 'not a program');
    expect(findChromium(undefined, { PATH: `${empty}:${b}` })).toBe(chromium);
  });

  it('takes the browser option first, then CHROME_PATH', () => {
    const given = executable(join(dir, 'given', 'my-chrome'));
    const fromEnv = executable(join(dir, 'env', 'chrome-bin'));
    expect(findChromium(given, { PATH: '', CHROME_PATH: fromEnv })).toBe(given);
    expect(findChromium(undefined, { PATH: '', CHROME_PATH: fromEnv })).toBe(fromEnv);
  });

  it('says how to install one when there is none', () => {
    expect(() => findChromium(undefined, { PATH: empty })).toThrow(
      'collectReviews: no Chromium found (looked for chromium, chromium-browser, google-chrome-stable, google-chrome, chrome on PATH, and CHROME_PATH). Install one (Debian/Ubuntu: `apt-get install chromium`) or give its path: { browser: "/path/to/chromium" } (CLI: --browser PATH)',
    );
    expect(() => findChromium(join(dir, 'nope', 'chromium'), { PATH: '' })).toThrow(
      /^collectReviews: browser '.*nope\/chromium' is not an executable file\. Install one \(Debian\/Ubuntu: `apt-get install chromium`\)/,
    );
  });
});

describe('loadPlaywright', () => {
  it('says how to install playwright-core when it is missing', () => {
    // A child process in which 'playwright-core' does not resolve (test/collect/without-playwright.mjs).
    const script =
      "import('./src/collect/browser.ts').then((m) => m.loadPlaywright()).then(() => console.log('loaded'), (e) => console.log(e.message))";
    const printed = execFileSync(process.execPath, ['--import', 'tsx', '--import', './test/collect/without-playwright.mjs', '-e', script], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(printed.trim()).toBe(
      "collectReviews drives Chromium through the playwright-core package, which is not installed: run `npm install playwright-core` (it uses your system's Chromium and downloads no browser)",
    );
  });
});
