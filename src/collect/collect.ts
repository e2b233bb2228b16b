// collectReviews: the book's Selenium scrape (chapter 12.7) with headless Chromium. Polite (robots.txt,
// a delay between pages, a user agent naming sunhwan, one page at a time), forgiving where the book
// is ("more" links that fail are skipped, a bad rating keeps its row), and resumable: each page's
// new rows are appended to the CSV and fsynced before the next page is opened, and a rerun skips
// the rows whose key is already in the file.

import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { Progbar } from '../utils/progbar.ts';
import { getLogSink } from '../utils/output.ts';
import { findChromium, launchChromium, type LaunchedBrowser } from './browser.ts';
import { openOutput, type ReviewRow } from './csv-file.ts';
import { checkSelectorSyntax, clickMoreLinks, countMatches, NetworkTracker, readItems, type ItemSelectors, type RawItem } from './page.ts';
import { RobotsPolicy } from './robots.ts';

const WHERE = 'collectReviews';

/** The user agent sent with every request: it names sunhwan so site owners can tell who is reading. */
export const DEFAULT_USER_AGENT = 'Mozilla/5.0 (compatible; sunhwan/0.1; review collector; +https://www.npmjs.com/package/sunhwan)';

export interface CollectReviewsOptions {
  /** The first page of reviews. */
  url: string;
  /** CSS selector of one review (the book: '.review-container'). */
  item: string;
  /** CSS selector, inside a review, of the rating element (the book: '.ui_bubble_rating'). */
  rating: string;
  /** Attribute holding the rating (the book: 'class'); default: the rating element's text. */
  ratingAttr?: string;
  /** Text before the number in the rating (the book: 'ui_bubble_rating bubble_', so 'bubble_50' → 50). */
  ratingPrefix?: string;
  /** CSS selector, inside a review, of its text (the book: '.partial_entry'). */
  text: string;
  /** CSS selector of the "more" links to click first (the book: '.ulBlueLinks'). */
  more?: string;
  /** CSS selector of the link to the next page of reviews. */
  next?: string;
  /** Pages to visit, the first included (default 1). */
  pages?: number;
  /** Pause between pages in ms (default 2000; robots.txt's Crawl-delay when that is longer). */
  delayMs?: number;
  /** Path of the Chromium executable (default: CHROME_PATH, or chromium / google-chrome on PATH). */
  browser?: string;
  /** The CSV to append to (created with a header when missing). */
  out: string;
  /** Attribute giving each review a stable id (default 'id'); without one the key is a hash of page URL + text. */
  idAttr?: string;
  /** User agent header (default names sunhwan). robots.txt is always matched for the token 'sunhwan'. */
  userAgent?: string;
  /** Timeout for loading a page, ms (default 30000); clicking a "more" link waits a tenth of it. */
  timeoutMs?: number;
  /** Stops the collection; pages already written stay in the file. */
  signal?: AbortSignal;
  /** Called after each page's rows are written. */
  onProgress?: (progress: CollectProgress) => void;
  /** Called with each warning (an unparsable rating, a missing text); default: printed unless verbose is 0. */
  onWarning?: (message: string) => void;
  /** 1: a progress bar per page (default); 0: silent. */
  verbose?: 0 | 1;
}

export interface CollectProgress {
  /** 1-based page number and the number of pages asked for. */
  page: number;
  pages: number;
  url: string;
  /** Reviews found on this page, rows written for it, and rows skipped as already collected. */
  reviews: number;
  written: number;
  skipped: number;
  moreClicked: number;
  moreFailed: number;
  /** Rows in the file now. */
  totalRows: number;
}

export interface CollectResult {
  out: string;
  /** Pages read in this run. */
  pages: number;
  /** Rows appended in this run, and rows skipped because the file already had them. */
  written: number;
  skipped: number;
  /** Rows in the file at the end. */
  totalRows: number;
  /** 'pages': the requested number of pages was read; 'last-page': no next link was left. */
  stoppedBy: 'pages' | 'last-page';
  /** Bytes of a torn last record (an interrupted earlier run) cut off when the file was opened. */
  droppedBytes: number;
  warnings: string[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** The rating in `raw` after `prefix` ('ui_bubble_rating bubble_50' → 50); undefined when it does not parse. */
export function parseRating(raw: string, prefix?: string): number | undefined {
  let s = raw.trim();
  if (prefix) {
    const at = raw.indexOf(prefix);
    if (at < 0) return undefined;
    s =
      raw
        .slice(at + prefix.length)
        .trim()
        .split(/\s+/)[0] ?? '';
  }
  return NUMBER.test(s) ? Number(s) : undefined;
}

/**
 * The row's key: its id attribute, else a hash of page URL and text (and, for the second and later
 * reviews with the same text on the page, which one it is: two people may both write "맛있어요").
 */
export function reviewKey(id: string, pageUrl: string, text: string, occurrence = 0): string {
  if (id.trim() !== '') return id.trim();
  return `sha1:${createHash('sha1')
    .update(`${pageUrl}\n${text}${occurrence > 0 ? `\n#${occurrence}` : ''}`)
    .digest('hex')
    .slice(0, 20)}`;
}

function requireString(options: Record<string, unknown>, name: string, optional = false): void {
  const v = options[name];
  if (v === undefined && optional) return;
  if (typeof v !== 'string' || v.trim() === '')
    throw new Error(`${WHERE}: ${name} must be a non-empty string, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
}

function validate(options: CollectReviewsOptions): void {
  if (options === null || typeof options !== 'object') throw new Error(`${WHERE}: expected an options object`);
  const o = options as unknown as Record<string, unknown>;
  for (const name of ['url', 'item', 'rating', 'text', 'out']) requireString(o, name);
  for (const name of ['ratingAttr', 'ratingPrefix', 'more', 'next', 'browser', 'idAttr', 'userAgent']) requireString(o, name, true);
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch {
    throw new Error(`${WHERE}: url '${options.url}' is not an absolute URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`${WHERE}: url '${options.url}' must be http or https`);
  const pages = options.pages ?? 1;
  if (!Number.isInteger(pages) || pages < 1) throw new Error(`${WHERE}: pages must be a positive integer, got ${options.pages}`);
  if (pages > 1 && options.next === undefined)
    throw new Error(`${WHERE}: pages is ${pages} but no next selector was given (the link to the next page)`);
  for (const name of ['delayMs', 'timeoutMs'] as const) {
    const v = options[name];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0))
      throw new Error(`${WHERE}: ${name} must be a non-negative number of milliseconds, got ${v}`);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Collects reviews from `pages` pages starting at `url` into the CSV `out` (columns score, text,
 * page, url, key). Rerunning with the same `out` continues: rows already there are skipped.
 *
 *   await collectReviews({ url, item: '.review-container', rating: '.ui_bubble_rating',
 *     ratingAttr: 'class', ratingPrefix: 'ui_bubble_rating bubble_', text: '.partial_entry',
 *     more: '.ulBlueLinks', next: 'a.nav.next', pages: 5, out: 'reviews.csv' });
 */
export async function collectReviews(options: CollectReviewsOptions): Promise<CollectResult> {
  validate(options);
  const pages = options.pages ?? 1;
  const delayMs = options.delayMs ?? 2000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const verbose = options.verbose ?? 1;
  const { signal } = options;
  const sink = getLogSink();
  const warnings: string[] = [];
  const warn = (message: string): void => {
    warnings.push(message);
    if (options.onWarning) options.onWarning(message);
    else if (verbose > 0) sink.write(`warning: ${message}\n`);
  };
  const stopped = (page: number, written: number): Error => {
    const e = new Error(
      `${WHERE}: stopped during page ${page}; ${written} new rows of the pages before it are saved in '${options.out}' (run again to continue)`,
      { cause: signal?.reason },
    );
    e.name = 'AbortError';
    return e;
  };
  signal?.throwIfAborted();

  const robots = new RobotsPolicy({ userAgent, signal });
  await robots.check(options.url);
  const executable = findChromium(options.browser);
  const output = openOutput(options.out, WHERE);
  if (output.droppedBytes > 0)
    warn(
      `'${options.out}' ended in a torn record (an interrupted run); its last ${output.droppedBytes} bytes were cut off and that page will be read again`,
    );
  const selectors: ItemSelectors = {
    item: options.item,
    rating: options.rating,
    ratingAttr: options.ratingAttr ?? null,
    text: options.text,
    idAttr: options.idAttr ?? 'id',
  };

  let launched: LaunchedBrowser | null = null;
  let disconnected = false;
  const onAbort = (): void => void launched?.close();
  signal?.addEventListener('abort', onAbort, { once: true });
  let page = 0;
  /** The page being read or moved to (for messages when the run stops). */
  let current = 1;
  let written = 0;
  let skipped = 0;
  let totalRows = output.rows;
  let stoppedBy: CollectResult['stoppedBy'] = 'pages';
  try {
    launched = await launchChromium(executable, userAgent, WHERE);
    launched.browser.on('disconnected', () => (disconnected = true));
    if (signal?.aborted) throw stopped(1, 0);
    const tab = await launched.context.newPage();
    tab.setDefaultTimeout(timeoutMs);
    const network = new NetworkTracker(tab);
    await load(tab, options.url, timeoutMs);

    for (page = 1; page <= pages; page++) {
      current = page;
      const pageUrl = tab.url();
      // Where the page ended up (after redirects or a script's navigation) must be allowed too.
      await robots.check(pageUrl);
      if (page === 1) await checkFirstPage(tab, options, pages);
      const moreCount = options.more ? await countMatches(tab, options.more) : 0;
      const itemCount = await countMatches(tab, options.item);
      const target = Math.max(1, moreCount + itemCount);
      const bar = verbose > 0 ? new Progbar({ target, unitName: 'step' }) : null;
      if (bar) sink.write(`page ${page}/${pages}: ${pageUrl}\n`);
      let steps = 0;
      const step = (): void => bar?.update(++steps);
      const more = options.more
        ? await clickMoreLinks(tab, options.more, network, Math.max(500, timeoutMs / 10), step)
        : { found: 0, clicked: 0, failed: 0 };
      const raw = await readItems(tab, selectors, step);
      if (steps < target) bar?.update(target, {}, true);
      if (signal?.aborted) throw stopped(page, written);

      const rows = toRows(raw, page, pageUrl, options, warn);
      const seen = new Set<string>();
      const fresh = rows.filter((row) => !output.keys.has(row.key) && !seen.has(row.key) && seen.add(row.key));
      output.append(fresh);
      written += fresh.length;
      skipped += rows.length - fresh.length;
      totalRows += fresh.length;
      if (bar)
        sink.write(
          `  ${raw.length} reviews: ${fresh.length} new, ${rows.length - fresh.length} already collected; more links: ${more.clicked} clicked, ${more.failed} skipped\n`,
        );
      options.onProgress?.({
        page,
        pages,
        url: pageUrl,
        reviews: raw.length,
        written: fresh.length,
        skipped: rows.length - fresh.length,
        moreClicked: more.clicked,
        moreFailed: more.failed,
        totalRows,
      });

      if (page === pages) break;
      current = page + 1;
      if (signal?.aborted) throw stopped(current, written);
      const nextUrl = await nextPageUrl(tab, options.next!);
      if (nextUrl === null) {
        stoppedBy = 'last-page';
        break;
      }
      await sleep(Math.max(delayMs, await robots.crawlDelayMs(nextUrl === 'click' ? pageUrl : nextUrl)), signal);
      if (signal?.aborted) throw stopped(current, written);
      if (nextUrl === 'click') {
        await clickNext(tab, options, network, timeoutMs);
      } else {
        await robots.check(nextUrl);
        await load(tab, nextUrl, timeoutMs);
      }
    }
    return {
      out: options.out,
      pages: Math.min(page, pages),
      written,
      skipped,
      totalRows,
      stoppedBy,
      droppedBytes: output.droppedBytes,
      warnings,
    };
  } catch (e) {
    if (signal?.aborted) throw (e as Error).name === 'AbortError' ? e : stopped(current, written);
    const closed =
      disconnected ||
      (launched !== null && !launched.browser.isConnected()) ||
      /has been closed|Target closed|Browser closed/i.test((e as Error).message);
    if (closed) {
      throw new Error(
        `${WHERE}: the browser closed during page ${current}; ${written} new rows of the pages before it are saved in '${options.out}' (run again to continue)`,
        { cause: e },
      );
    }
    throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    output.close();
    await launched?.close();
  }
}

async function load(tab: Page, url: string, timeoutMs: number): Promise<void> {
  let response;
  try {
    response = await tab.goto(url, { waitUntil: 'load', timeout: timeoutMs });
  } catch (e) {
    throw new Error(`${WHERE}: could not load ${url}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (response && response.status() >= 400) throw new Error(`${WHERE}: ${url} answered HTTP ${response.status()}`);
}

/** Every selector must be valid CSS and find something on the first page, else an error names it. */
async function checkFirstPage(tab: Page, o: CollectReviewsOptions, pages: number): Promise<void> {
  await checkSelectorSyntax(tab, { item: o.item, rating: o.rating, text: o.text, more: o.more, next: o.next }, WHERE);
  const url = tab.url();
  const none = (option: string, css: string, hint: string): Error =>
    new Error(`${WHERE}: the ${option} selector '${css}' matches nothing on the first page (${url})${hint}`);
  if ((await countMatches(tab, o.item)) === 0) throw none('item', o.item, '');
  for (const [option, css] of [
    ['rating', o.rating],
    ['text', o.text],
  ] as const) {
    const inside = await tab.evaluate(
      ([item, inner]) => Array.from(document.querySelectorAll(item)).some((el) => el.querySelector(inner) !== null),
      [o.item, css] as const,
    );
    if (!inside) throw none(option, css, ` inside any '${o.item}'`);
  }
  if (o.more !== undefined && (await countMatches(tab, o.more)) === 0)
    throw none('more', o.more, '; leave it out if the reviews have no "more" links');
  if (o.next !== undefined && pages > 1 && (await countMatches(tab, o.next)) === 0) throw none('next', o.next, '');
}

function toRows(raw: readonly RawItem[], page: number, pageUrl: string, o: CollectReviewsOptions, warn: (m: string) => void): ReviewRow[] {
  const rows: ReviewRow[] = [];
  const seenTexts = new Map<string, number>();
  raw.forEach((r, i) => {
    const where = `page ${page} (${pageUrl}), review ${i + 1}${r.id ? ` (${r.id})` : ''}`;
    if (r.text === null) {
      warn(`${where}: no '${o.text}' element, so there is no text; the review is left out`);
      return;
    }
    let score: number | '' = '';
    if (r.rating === null) warn(`${where}: no '${o.rating}' element; kept with an empty score`);
    else {
      const parsed = parseRating(r.rating, o.ratingPrefix);
      if (parsed === undefined)
        warn(
          `${where}: rating ${JSON.stringify(r.rating)} does not parse as a number${o.ratingPrefix ? ` after the prefix ${JSON.stringify(o.ratingPrefix)}` : ''}; kept with an empty score`,
        );
      else score = parsed;
    }
    const occurrence = seenTexts.get(r.text) ?? 0;
    seenTexts.set(r.text, occurrence + 1);
    rows.push({ score, text: r.text, page, url: pageUrl, key: reviewKey(r.id, pageUrl, r.text, occurrence) });
  });
  return rows;
}

/** The next page's URL when the next element is a plain link, 'click' when it must be clicked, null when there is none. */
async function nextPageUrl(tab: Page, css: string): Promise<string | 'click' | null> {
  const next = await tab.$(`css=${css}`);
  if (next === null) return null;
  const href = await next.evaluate((el) => {
    const a = el.closest('a');
    const attr = a?.getAttribute('href') ?? '';
    return a && attr !== '' && !attr.startsWith('#') && !attr.toLowerCase().startsWith('javascript:') ? a.href : null;
  });
  await next.dispose();
  return href ?? 'click';
}

/** Clicks a script-driven next button and waits until the first review is replaced. */
async function clickNext(tab: Page, o: CollectReviewsOptions, network: NetworkTracker, timeoutMs: number): Promise<void> {
  const first = await tab.$(`css=${o.item}`);
  const before = tab.url();
  await tab.click(`css=${o.next!}`, { timeout: timeoutMs });
  if (first) {
    await tab
      .waitForFunction(([el, url]) => !(el as Element).isConnected || location.href !== url, [first, before] as const, {
        timeout: timeoutMs,
      })
      .catch(() => {
        throw new Error(`${WHERE}: clicking the next selector '${o.next}' did not change the reviews within ${timeoutMs} ms`);
      });
    await first.dispose().catch(() => {});
  }
  await tab.waitForLoadState('load');
  await network.quiet(200, timeoutMs);
}
