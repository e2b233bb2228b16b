// `sunhwan collect` through a small commander program (the command's register()) against the local
// review site.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { register, collectOptions } from '../../src/cli/commands/collect.ts';
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
    await p.parseAsync(['collect', 'http://127.0.0.1/r.html', '--item', '.r', '--rating', '.s', '--rating-attr', 'class', '--rating-prefix', 'ui_bubble_rating bubble_', '--text', '.t', '--more', '.m', '--next', 'a.n', '--pages', '3', '--out', 'x.csv', '--browser', '/usr/bin/chromium', '--delay', '500', '--quiet'], { from: 'user' });
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

  it('rejects a missing required option and a bad number, naming them', async () => {
    await expect(program().parseAsync(['collect', 'http://127.0.0.1/', '--item', '.r', '--rating', '.s', '--out', 'x.csv'], { from: 'user' })).rejects.toThrow("required option '--text <css>' not specified");
    await expect(program().parseAsync(['collect', 'http://127.0.0.1/', '--item', '.r', '--rating', '.s', '--text', '.t', '--out', 'x.csv', '--pages', '0'], { from: 'user' })).rejects.toThrow(
      "option '--pages <n>' argument '0' is invalid. expected a whole number ≥ 1, got '0'.",
    );
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
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (printed.push(String(s)), true));
    try {
      await program().parseAsync(
        ['collect', site.url, '--item', S.item, '--rating', S.rating, '--rating-attr', S.ratingAttr, '--rating-prefix', S.ratingPrefix, '--text', S.text, '--more', S.more, '--next', S.next, '--pages', '5', '--out', out, '--delay', '0', '--quiet'],
        { from: 'user' },
      );
    } finally {
      write.mockRestore();
    }
    expect(printed.join('')).toBe(`collected 20 new rows from 2 pages (no next page); 0 were already in ${out}, which now has 20 rows; 1 warning\n`);
    const table = readCsv(readFileSync(out, 'utf8'), { columns: ['score'], dateColumn: 'text', missing: NaN });
    expect(table.dates!.length).toBe(20);
    expect(table.dates).toContain(site.data.pages[1]![9]!.text);
  }, 120_000);
});
