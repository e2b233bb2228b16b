// collectReviews end to end: headless Chromium against the local imitation of the book's review site
// (recipes/review-site.ts, on 127.0.0.1). Checks every row, rating and expanded text, the resume
// after an abort and after a SIGKILL, the robots.txt refusal and the selector errors.
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tokenizer } from '../../src/preprocessing/tokenizer.ts';
import { setLogSink } from '../../src/utils/output.ts';
import { readCsv } from '../../src/preprocessing/csv.ts';
import {
  collectReviews,
  findChromium,
  parseRating,
  reviewKey,
  RobotsDisallowedError,
  type CollectReviewsOptions,
} from '../../src/collect/index.ts';
import { scanRecords } from '../../src/collect/csv-file.ts';
import { expectedText, REVIEW_SITE_SELECTORS, SCRIPT_NEXT_SELECTOR, startReviewSite, type ReviewSite } from '../../recipes/review-site.ts';

const chromium = (() => {
  try {
    return findChromium();
  } catch {
    return null;
  }
})();

const dir = mkdtempSync(join(tmpdir(), 'sunhwan-collect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The file's rows as objects (header excluded). */
function readRows(path: string): Record<string, string>[] {
  const [header, ...records] = scanRecords(readFileSync(path)).records.map((r) => r.fields);
  return records.map((fields) => Object.fromEntries(header!.map((h, i) => [h, fields[i]!])));
}

/** Every review of the first `pages` pages appears exactly once, with its page, score and expanded text. */
function expectAllReviews(path: string, site: ReviewSite, pages: number, withIds: boolean): void {
  const rows = readRows(path);
  const perPage = site.data.pages[0]!.length;
  const expected = site.data.pages.slice(0, pages).flat();
  const keys = rows.map((r) => r.key);
  expect(new Set(keys).size).toBe(keys.length);
  const line = (page: number, score: number | null | string, text: string, key: string): string =>
    JSON.stringify([page, score === null ? '' : String(score), text, key]);
  const want = expected.map((r, i) => line(Math.floor(i / perPage) + 1, r.score, expectedText(r), withIds ? r.id : ''));
  const got = rows.map((r) => line(Number(r.page), r.score, r.text, withIds ? r.key : ''));
  expect(got.sort()).toEqual(want.sort());
  if (!withIds) expect(keys.every((k) => k.startsWith('sha1:'))).toBe(true);
}

const base = (site: ReviewSite, out: string): CollectReviewsOptions => ({
  url: site.url,
  ...REVIEW_SITE_SELECTORS,
  out,
  delayMs: 0,
  verbose: 0,
  browser: chromium ?? undefined,
});

describe.skipIf(chromium === null)('collectReviews (skipped: no Chromium on PATH; apt-get install chromium)', () => {
  let site: ReviewSite;
  beforeAll(async () => {
    site = await startReviewSite({ pages: 4 });
  });
  afterAll(() => site?.close());

  it('collects every review of three pages: scores from class names, texts expanded by the more links that work', async () => {
    const out = join(dir, 'all.csv');
    const warnings: string[] = [];
    let log = '';
    setLogSink({ dynamic: false, write: (text) => void (log += text) });
    const result = await collectReviews({
      ...base(site, out),
      pages: 3,
      delayMs: 250,
      verbose: 1,
      onWarning: (w) => warnings.push(w),
    }).finally(() => setLogSink(null));
    // A progress bar per page (7 "more" links and 10 reviews: 17 steps), then what the page gave.
    const lines = log.split('\n');
    expect(lines[0]).toBe(`page 1/3: ${site.url}`);
    expect(lines[1]).toMatch(/^17\/17 \[==============================\] - \d+s \d+m?s\/step$/);
    expect(lines[2]).toBe('  10 reviews: 10 new, 0 already collected; more links: 5 clicked, 2 skipped');
    expect(lines.filter((l) => l.startsWith('page ')).length).toBe(3);
    expect(result).toMatchObject({ pages: 3, written: 30, skipped: 0, totalRows: 30, stoppedBy: 'pages', droppedBytes: 0 });
    expectAllReviews(out, site, 3, true);
    // Rows keep the book's kinds of text: line breaks, blank lines, quotes, the cut-off "…" of the failed links.
    const texts = readRows(out).map((r) => r.text);
    expect(texts.some((t) => t.includes('\n\n'))).toBe(true);
    expect(texts.some((t) => t.includes('"맛집"') || t.includes('"유명세"'))).toBe(true);
    expect(texts.filter((t) => t.endsWith('…')).length).toBe(6);
    // The two broken ratings are reported with their page and review, and their rows kept.
    expect(warnings).toEqual([
      expect.stringMatching(
        /^page 2 \(.*-or10-.*\), review 4 \(review_1013\): rating "ui_bubble_rating bubble_xx" does not parse as a number after the prefix "ui_bubble_rating bubble_"; kept with an empty score$/,
      ),
      expect.stringMatching(/^page 3 \(.*-or20-.*\), review 8 \(review_1027\): no '\.ui_bubble_rating' element; kept with an empty score$/),
    ]);
    // Polite: robots.txt first, every request names sunhwan, pages one at a time with the delay between them.
    const pages = site.requests.filter((r) => r.path.startsWith('/Restaurant_Review'));
    expect(site.requests[0]!.path).toBe('/robots.txt');
    expect(site.requests.every((r) => /sunhwan/.test(r.userAgent))).toBe(true);
    expect(pages.length).toBe(3);
    for (let i = 1; i < pages.length; i++) expect(pages[i]!.at - pages[i - 1]!.at).toBeGreaterThanOrEqual(240);

    // The file loads straight into readCsv and the Tokenizer.
    const text = readFileSync(out, 'utf8');
    const table = readCsv(text, { columns: ['score'], dateColumn: 'text', missing: NaN });
    expect(table.rows.shape).toEqual([30, 1]);
    expect(Array.from(table.rows.dataSync()).filter(Number.isNaN).length).toBe(2);
    const tokenizer = new Tokenizer();
    tokenizer.fitOnTexts(table.dates!);
    expect(tokenizer.wordIndex.get('최고입니다')).toBeGreaterThan(0);
  }, 120_000);

  it('resumes after an abort after page 2 (and a torn last record): nothing lost, nothing twice', async () => {
    const hashed = await startReviewSite({ pages: 4, ids: false });
    try {
      const out = join(dir, 'aborted.csv');
      const stop = new AbortController();
      const first = collectReviews({
        ...base(hashed, out),
        pages: 4,
        signal: stop.signal,
        onProgress: (p) => p.page === 2 && stop.abort(),
      });
      await expect(first).rejects.toThrow(/stopped during page 3; 20 new rows of the pages before it are saved/);
      expect(readRows(out).length).toBe(20);
      // A write cut short by a crash: half a record with no line end.
      appendFileSync(out, '50,"반쯤 쓰인');
      const second = await collectReviews({ ...base(hashed, out), pages: 4 });
      expect(second).toMatchObject({
        written: 20,
        skipped: 20,
        totalRows: 40,
        droppedBytes: Buffer.byteLength('50,"반쯤 쓰인'),
        stoppedBy: 'pages',
      });
      expectAllReviews(out, hashed, 4, false);
      // A third run adds nothing.
      expect(await collectReviews({ ...base(hashed, out), pages: 4 })).toMatchObject({ written: 0, skipped: 40, totalRows: 40 });
    } finally {
      await hashed.close();
    }
  }, 180_000);

  it('resumes after the collecting process is killed with SIGKILL', async () => {
    const out = join(dir, 'killed.csv');
    const options = { ...base(site, out), pages: 4, delayMs: 1500 };
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'collect-child.ts'), JSON.stringify(options)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    // Kill it in the pause after page 2 was written.
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.includes('page 2 written')) resolve();
      });
      void exited.then(() => reject(new Error(`the child ended before page 2: ${stdout} ${stderr}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(readRows(out).length).toBe(20);
    const rerun = await collectReviews({ ...base(site, out), pages: 4 });
    expect(rerun).toMatchObject({ written: 20, skipped: 20, totalRows: 40 });
    expectAllReviews(out, site, 4, true);
  }, 180_000);

  it('resumes after the browser dies mid-way', async () => {
    const out = join(dir, 'browser-killed.csv');
    const killChromium = (): void => {
      // Chromium started by this process (playwright talks to it over a pipe).
      const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
      for (const line of children.split('\n'))
        if (line.includes('--remote-debugging-pipe')) process.kill(Number(line.trim().split(' ')[0]), 'SIGKILL');
    };
    const first = collectReviews({ ...base(site, out), pages: 3, onProgress: (p) => p.page === 1 && killChromium() });
    await expect(first).rejects.toThrow(
      /^collectReviews: the browser closed during page 2; 10 new rows of the pages before it are saved in '.*browser-killed\.csv' \(run again to continue\)$/,
    );
    expect(readRows(out).length).toBe(10);
    expect(await collectReviews({ ...base(site, out), pages: 3 })).toMatchObject({ written: 20, skipped: 10, totalRows: 30 });
    expectAllReviews(out, site, 3, true);
  }, 180_000);

  it('follows a next button that loads the following page by script', async () => {
    const out = join(dir, 'script.csv');
    const result = await collectReviews({ ...base(site, out), url: site.scriptUrl, next: SCRIPT_NEXT_SELECTOR, pages: 10 });
    expect(result).toMatchObject({ pages: 4, written: 40, stoppedBy: 'last-page' });
    expectAllReviews(out, site, 4, true);
  }, 120_000);

  it('refuses a page robots.txt disallows, before opening it or the output file', async () => {
    const out = join(dir, 'private.csv');
    const before = site.requests.length;
    const refusal = collectReviews({ ...base(site, out), url: site.privateUrl });
    await expect(refusal).rejects.toBeInstanceOf(RobotsDisallowedError);
    await expect(refusal).rejects.toThrow(
      /may not be collected: .*\/robots\.txt disallows it for 'sunhwan' \(line 2\)\. sunhwan honours robots\.txt/,
    );
    expect(site.requests.slice(before).filter((r) => r.path.startsWith('/private/'))).toEqual([]);
    expect(existsSync(out)).toBe(false);
    // An allowed address that redirects into /private/: refused where it lands, nothing collected.
    const moved = join(dir, 'moved.csv');
    await expect(collectReviews({ ...base(site, moved), url: site.movedUrl })).rejects.toThrow(
      /\/private\/Restaurant_Review.* may not be collected: .*disallows it for 'sunhwan'/,
    );
    expect(readRows(moved)).toEqual([]);
  }, 120_000);

  it('a selector that matches nothing on the first page is an error naming it', async () => {
    const out = join(dir, 'selectors.csv');
    await expect(collectReviews({ ...base(site, out), text: '.review_text' })).rejects.toThrow(
      /^collectReviews: the text selector '\.review_text' matches nothing on the first page \(http:\/\/127\.0\.0\.1:\d+\/Restaurant_Review.*\) inside any '\.review-container'$/,
    );
    await expect(collectReviews({ ...base(site, out), item: 'div..x' })).rejects.toThrow(
      /^collectReviews: the item selector 'div\.\.x' is not valid CSS/,
    );
    expect(readRows(out)).toEqual([]);
  }, 120_000);
});

describe('collectReviews options', () => {
  it('parses ratings after the prefix as the book does, and nothing else', () => {
    expect(parseRating('ui_bubble_rating bubble_50', 'ui_bubble_rating bubble_')).toBe(50);
    expect(parseRating('bubble_45 ui_bubble_rating', 'bubble_')).toBe(45);
    expect(parseRating(' 4.5 ')).toBe(4.5);
    expect(parseRating('ui_bubble_rating bubble_xx', 'ui_bubble_rating bubble_')).toBeUndefined();
    expect(parseRating('ui_bubble_rating', 'ui_bubble_rating bubble_')).toBeUndefined();
    expect(parseRating('별 다섯 개')).toBeUndefined();
  });

  it('keys rows by id, else by page URL, text and which of equal texts it is', () => {
    expect(reviewKey(' review_7 ', 'http://a/1', '맛있어요')).toBe('review_7');
    const first = reviewKey('', 'http://a/1', '맛있어요');
    expect(first).toMatch(/^sha1:[0-9a-f]{20}$/);
    expect(reviewKey('', 'http://a/1', '맛있어요', 0)).toBe(first);
    expect(reviewKey('', 'http://a/1', '맛있어요', 1)).not.toBe(first);
    expect(reviewKey('', 'http://a/2', '맛있어요')).not.toBe(first);
  });

  it('names the option that is wrong before starting anything', async () => {
    const ok = { url: 'http://127.0.0.1:9/r.html', item: '.r', rating: '.s', text: '.t', out: join(dir, 'never.csv') };
    await expect(collectReviews({ ...ok, url: 'reviews.html' })).rejects.toThrow(
      "collectReviews: url 'reviews.html' is not an absolute URL",
    );
    await expect(collectReviews({ ...ok, item: '' })).rejects.toThrow('collectReviews: item must be a non-empty string, got ""');
    await expect(collectReviews({ ...ok, pages: 0 })).rejects.toThrow('collectReviews: pages must be a positive integer, got 0');
    await expect(collectReviews({ ...ok, pages: 3 })).rejects.toThrow('collectReviews: pages is 3 but no next selector was given');
    await expect(collectReviews({ ...ok, delayMs: -1 })).rejects.toThrow(
      'collectReviews: delayMs must be a non-negative number of milliseconds, got -1',
    );
    expect(existsSync(ok.out)).toBe(false);
  });
});
