// What the collector does on one page, the book's Selenium steps: click every "more" link and skip
// the ones that fail (hidden, gone, or detached by an earlier click), wait for the expansions to
// load, then read each review's rating and text. Selectors are plain CSS.

import type { ElementHandle, Page } from 'playwright-core';

export interface ItemSelectors {
  item: string;
  rating: string;
  /** Attribute holding the rating (e.g. 'class'); null: the rating element's text. */
  ratingAttr: string | null;
  text: string;
  /** Attribute giving a review its stable id (default 'id'). */
  idAttr: string;
}

export interface RawItem {
  id: string;
  /** The rating attribute or text; null when the rating element is missing. */
  rating: string | null;
  /** innerText of the text element (newlines kept); null when it is missing. */
  text: string | null;
}

/** Counts the page's requests in flight so expansions loaded by a click can be waited for. */
export class NetworkTracker {
  private inflight = 0;
  private lastChange = Date.now();

  constructor(page: Page) {
    const start = (): void => {
      this.inflight++;
      this.lastChange = Date.now();
    };
    const end = (): void => {
      this.inflight = Math.max(0, this.inflight - 1);
      this.lastChange = Date.now();
    };
    page.on('request', start);
    page.on('requestfinished', end);
    page.on('requestfailed', end);
  }

  /** Resolves once nothing has been in flight for `quietMs` (or after `timeoutMs`). */
  async quiet(quietMs = 200, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.inflight === 0 && Date.now() - this.lastChange >= quietMs) return;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/** Throws an error naming the option when a selector is not valid CSS. */
export async function checkSelectorSyntax(page: Page, selectors: Record<string, string | undefined>, where: string): Promise<void> {
  for (const [option, css] of Object.entries(selectors)) {
    if (css === undefined) continue;
    const problem = await page.evaluate((s) => {
      try {
        document.createDocumentFragment().querySelector(s);
        return null;
      } catch (e) {
        return (e as Error).message;
      }
    }, css);
    if (problem !== null) throw new Error(`${where}: the ${option} selector '${css}' is not valid CSS (${problem})`);
  }
}

export interface MoreResult {
  found: number;
  clicked: number;
  /** Links skipped because clicking failed: hidden, removed, or detached by an earlier click. */
  failed: number;
}

/** Clicks every element matching `css` in document order; a click that throws is skipped. */
export async function clickMoreLinks(
  page: Page,
  css: string,
  network: NetworkTracker,
  timeoutMs: number,
  step: () => void,
): Promise<MoreResult> {
  const links: ElementHandle[] = await page.$$(`css=${css}`);
  let clicked = 0;
  let failed = 0;
  for (const link of links) {
    try {
      // A link that is hidden (or was removed by an earlier click) would make click() wait out its
      // timeout; skip it at once, as the book's bare `except: pass` does.
      if (!(await link.isVisible())) throw new Error('not visible');
      await link.click({ timeout: timeoutMs });
      clicked++;
    } catch {
      failed++;
    }
    step();
  }
  for (const link of links) await link.dispose().catch(() => {});
  if (clicked > 0) await network.quiet(200, timeoutMs * 5);
  return { found: links.length, clicked, failed };
}

/** Reads rating, text and id of each item; one round trip per item so the page's bar can move. */
export async function readItems(page: Page, s: ItemSelectors, step: () => void): Promise<RawItem[]> {
  const items = (await page.$$(`css=${s.item}`)) as ElementHandle<Element>[];
  const out: RawItem[] = [];
  for (const item of items) {
    const raw = await item.evaluate(
      (el, sel) => {
        const ratingEl = el.querySelector(sel.rating);
        const textEl = el.querySelector(sel.text) as HTMLElement | null;
        const rating =
          ratingEl === null
            ? null
            : sel.ratingAttr === null
              ? (ratingEl as HTMLElement).innerText
              : (ratingEl.getAttribute(sel.ratingAttr) ?? '');
        return { id: el.getAttribute(sel.idAttr) ?? '', rating, text: textEl === null ? null : textEl.innerText };
      },
      { rating: s.rating, ratingAttr: s.ratingAttr, text: s.text, idAttr: s.idAttr },
    );
    out.push(raw);
    step();
  }
  for (const item of items) await item.dispose().catch(() => {});
  return out;
}

/** How many elements match `css` on the page. */
export async function countMatches(page: Page, css: string): Promise<number> {
  return page.locator(`css=${css}`).count();
}
