// `sunhwan collect`: its flags (through a small commander program with only its register()), then the
// real command line against the local review site, in-process and as a child process stopped by Ctrl-C.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register, collectOptions } from '../../src/cli/commands/collect.ts';
import { scanRecords } from '../../src/collect/csv-file.ts';
import { spawnSunhwan, sunhwan } from './helpers.ts';
import { findChromium } from '../../src/collect/index.ts';
import { readCsv } from '../../src/preprocessing/csv.ts';
import { REVIEW_SITE_SELECTORS, startReviewSite, type ReviewSite } from '../../recipes/review-site.ts';

const hasChromium = (() => {
  try {
    return findChromium() !== '';
  } catch {
    return false;
  }
})();

const dir = mkdtempSync(join(tmpdir(), 'sunhwan-cli-collect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function program(): Command {
  const p = new Command('sunhwan').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  register(p);
  return p;
}

const S = REVIEW_SITE_SELECTORS;

describe('sunhwan collect: options', () => {
  it('maps the flags onto collectReviews options', async () => {
    let seen: unknown;
    const p = program();
    p.commands[0]!.action((url: string, flags: Parameters<typeof collectOptions>[1]) => void (seen = collectOptions(url, flags)));
    await p.parseAsync(
      [
        'collect',
        'http://127.0.0.1/r.html',
        '--item',
        '.r',
        '--rating',
        '.s',
        '--rating-attr',
        'class',
        '--rating-prefix',
        'ui_bubble_rating bubble_',
        '--text',
        '.t',
        '--more',
        '.m',
        '--next',
        'a.n',
        '--pages',
        '3',
        '--out',
        'x.csv',
        '--browser',
        '/usr/bin/chromium',
        '--delay',
        '500',
        '--quiet',
      ],
      { from: 'user' },
    );
    expect(seen).toEqual({
      url: 'http://127.0.0.1/r.html',
      item: '.r',
      rating: '.s',
      ratingAttr: 'class',
      ratingPrefix: 'ui_bubble_rating bubble_',
      text: '.t',
      more: '.m',
      next: 'a.n',
      pages: 3,
      out: 'x.csv',
      browser: '/usr/bin/chromium',
      delayMs: 500,
      idAttr: undefined,
      timeoutMs: undefined,
      verbose: 0,
    });
  });

  it('rejects a missing required option and a bad number, naming them (exit 2)', async () => {
    const missing = await sunhwan('collect', 'http://127.0.0.1/', '--item', '.r', '--rating', '.s', '--out', 'x.csv');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--text <css>' not specified");
    const zero = await sunhwan(
      'collect',
      'http://127.0.0.1/',
      '--item',
      '.r',
      '--rating',
      '.s',
      '--text',
      '.t',
      '--out',
      'x.csv',
      '--pages',
      '0',
    );
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain("option '--pages <n>' argument '0' is invalid. expected an integer ≥ 1, got '0'.");
    const help = await sunhwan('--help');
    expect(help.stdout).toMatch(/^  collect \[options\] <url> /m);
  });
});

describe.skipIf(!hasChromium)('sunhwan collect against the local site (skipped: no Chromium on PATH; apt-get install chromium)', () => {
  let site: ReviewSite;
  beforeAll(async () => {
    site = await startReviewSite({ pages: 2 });
  });
  afterAll(() => site?.close());

  it('collects two pages into a CSV that readCsv reads', async () => {
    const out = join(dir, 'reviews.csv');
    const r = await sunhwan(
      'collect',
      site.url,
      '--item',
      S.item,
      '--rating',
      S.rating,
      '--rating-attr',
      S.ratingAttr,
      '--rating-prefix',
      S.ratingPrefix,
      '--text',
      S.text,
      '--more',
      S.more,
      '--next',
      S.next,
      '--pages',
      '5',
      '--out',
      out,
      '--delay',
      '0',
      '--quiet',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `collected 20 new rows from 2 pages (no next page); 0 were already in ${out}, which now has 20 rows; 1 warning\n`,
    );
    const table = readCsv(readFileSync(out, 'utf8'), { columns: ['score'], dateColumn: 'text', missing: NaN });
    expect(table.dates!.length).toBe(20);
    expect(table.dates).toContain(site.data.pages[1]![9]!.text);
  }, 120_000);

  it('Ctrl-C stops after the saved pages (exit 130); the same command again finishes without duplicates', async () => {
    const out = join(dir, 'interrupted.csv');
    const argv = [
      'collect',
      site.url,
      '--item',
      S.item,
      '--rating',
      S.rating,
      '--rating-attr',
      S.ratingAttr,
      '--rating-prefix',
      S.ratingPrefix,
      '--text',
      S.text,
      '--more',
      S.more,
      '--next',
      S.next,
      '--pages',
      '2',
      '--out',
      out,
      '--delay',
      '0',
    ];
    let sent = false;
    const stopped = await spawnSunhwan(argv, {
      onOutput: (all, child) => {
        if (!sent && all.includes('page 2/2:')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(stopped.stderr).toContain('interrupted: stopping; the pages already read are saved');
    expect(stopped.code).toBe(130);
    const saved = scanRecords(readFileSync(out)).records.length - 1;
    expect([10, 20]).toContain(saved); // page 2 may have been saved before the signal arrived
    const again = await sunhwan(...argv, '--quiet');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`which now has 20 rows`);
    const keys = scanRecords(readFileSync(out))
      .records.slice(1)
      .map((r) => r.fields[4]);
    expect(new Set(keys).size).toBe(20);
  }, 180_000);
});
