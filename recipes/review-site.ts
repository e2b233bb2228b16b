// A local imitation of the restaurant-review page the book scrapes with Selenium (chapter 12.7),
// served on 127.0.0.1 for the collect-reviews recipe and test/collect: paged reviews
// ('.review-container'), ratings in class names ('ui_bubble_rating bubble_50'), texts cut short
// behind "더보기" links ('.ulBlueLinks') that expand in place or from the server, some of which throw,
// are hidden, or vanish when a neighbour's link expands both, Korean text with line breaks and
// quotes, two broken ratings, and a robots.txt that closes /private/. The data are generated from a
// seed, so every expected row is known.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a review's "more" link behaves. */
export type MoreKind = 'none' | 'inline' | 'fetch' | 'removed' | 'throws' | 'hidden';

export interface SiteReview {
  id: string;
  /** The score in the class name, or null when the page's rating is broken. */
  score: number | null;
  /** The class attribute of the rating element; null when the review has no rating element. */
  ratingClass: string | null;
  text: string;
  /** The text shown before "more" is clicked. */
  shown: string;
  more: MoreKind;
  /** Another review this one's "more" link expands too (its own link is then removed). */
  alsoExpands?: string;
}

const POSITIVE = [
  '국물이 정말 시원하고 깔끔해요',
  '해장에 최고입니다',
  '직원분들이 친절하고 회전이 빨라요',
  '가격도 착하고 양도 많아요',
  '다음에 또 오고 싶은 "맛집"입니다',
  '북엇국이 부드럽고 담백해서 좋았어요',
  '줄 서서 먹을 만한 가치가 있어요',
  '술 먹은 다음 날, 최고의 선택',
];
const NEGATIVE = [
  '국물이 너무 짜고 밍밍했어요',
  '직원이 불친절해서 기분이 상했습니다',
  '기다리는 시간이 너무 길어요',
  '가격에 비해 양이 적어요',
  '다시는 안 갈 것 같아요',
  '테이블이 지저분하고 시끄러웠어요',
  '"유명세"에 비해 실망스러웠습니다',
  '반찬이 식어 있어서, 별로였어요',
];
const NEUTRAL = ['그냥 무난한 맛이었어요', '특별하지는 않지만 나쁘지 않아요', '한 번쯤 가볼 만합니다'];

/** The "more" behaviour of the i-th review on a page (each page has every kind). */
const PAGE_PATTERN: MoreKind[] = ['fetch', 'none', 'inline', 'removed', 'throws', 'none', 'inline', 'hidden', 'fetch', 'none'];
const SHOWN_CHARS = 30;

function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export interface ReviewSiteData {
  /** pages[p][i]: the i-th review on page p + 1. */
  pages: SiteReview[][];
}

/** The site's reviews: `pages` pages of `perPage` (a multiple of the 10-review pattern is not required). */
export function reviewSiteData(pages = 6, perPage = 10, seed = 19): ReviewSiteData {
  const next = lcg(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const out: SiteReview[][] = [];
  let n = 0;
  for (let p = 0; p < pages; p++) {
    const page: SiteReview[] = [];
    for (let i = 0; i < perPage; i++, n++) {
      const more = PAGE_PATTERN[i % PAGE_PATTERN.length]!;
      const r = next();
      const score = r < 0.42 ? 50 : r < 0.55 ? 40 : r < 0.62 ? 30 : r < 0.8 ? 20 : 10;
      const bank = score >= 40 ? POSITIVE : score <= 20 ? NEGATIVE : NEUTRAL;
      let text: string;
      if (more === 'none') text = pick(bank);
      else {
        const parts = [pick(bank), pick(bank), pick(bank), pick(bank)];
        // Line breaks (single and double) and sentence ends, as real reviews have them.
        text = `${parts[0]}. ${parts[1]}\n${parts[2]}!${n % 3 === 0 ? '\n\n' : ' '}${parts[3]}`;
      }
      const shown = more === 'none' ? text : `${text.slice(0, SHOWN_CHARS).trimEnd()}…`;
      const id = `review_${1000 + n}`;
      // Two broken ratings: a class with no number, and a review with no rating element.
      const broken = n === 13 ? 'class' : n === 27 ? 'missing' : null;
      page.push({
        id,
        score: broken ? null : score,
        ratingClass: broken === 'missing' ? null : `ui_bubble_rating bubble_${broken === 'class' ? 'xx' : score}`,
        text,
        shown,
        more,
      });
    }
    for (let i = 0; i + 1 < page.length; i++) if (page[i + 1]!.more === 'removed') page[i]!.alsoExpands = page[i + 1]!.id;
    out.push(page);
  }
  return { pages: out };
}

/** The text a collector that clicks every "more" link and skips the failing ones reads. */
export function expectedText(review: SiteReview): string {
  return review.more === 'throws' || review.more === 'hidden' ? review.shown : review.text;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const textHtml = (s: string): string => s.split('\n').map(escapeHtml).join('<br>');

function reviewHtml(r: SiteReview, ids: boolean): string {
  const rating =
    r.ratingClass === null
      ? ''
      : `<div class="rating reviewItemInline"><span class="${r.ratingClass}"></span><span class="ratingDate">2018년 5월 1일</span></div>`;
  const link =
    r.more === 'none'
      ? ''
      : `<span class="taLnk ulBlueLinks" data-rid="${r.id}" data-kind="${r.more}"${r.alsoExpands ? ` data-also="${r.alsoExpands}"` : ''}${r.more === 'hidden' ? ' style="display:none"' : ''}>더보기</span>`;
  return `<div class="review-container"${ids ? ` id="${r.id}"` : ''}>${rating}<div class="entry"><p class="partial_entry" data-rid="${r.id}">${textHtml(r.shown)}</p>${link}</div></div>`;
}

function listHtml(reviews: readonly SiteReview[], ids: boolean): string {
  return reviews.map((r) => reviewHtml(r, ids)).join('\n');
}

const SCRIPT = `
function setText(id, text) {
  const p = document.querySelector('p.partial_entry[data-rid="' + id + '"]');
  p.textContent = '';
  text.split('\\n').forEach((line, i) => { if (i > 0) p.appendChild(document.createElement('br')); p.appendChild(document.createTextNode(line)); });
}
document.addEventListener('click', async (ev) => {
  const link = ev.target.closest('.ulBlueLinks');
  if (!link) return;
  const id = link.dataset.rid;
  if (link.dataset.kind === 'throws') throw new Error('review ' + id + ': this more link is broken');
  const also = link.dataset.also;
  if (link.dataset.kind === 'fetch') {
    const answer = await fetch('/api/review/' + id);
    setText(id, (await answer.json()).text);
  } else {
    setText(id, FULL[id]);
  }
  link.remove();
  if (also) {
    setText(also, FULL[also]);
    document.querySelector('.ulBlueLinks[data-rid="' + also + '"]').remove();
  }
});
async function nextPage(button) {
  const answer = await (await fetch('/spa/page/' + button.dataset.page)).json();
  Object.assign(FULL, answer.full);
  document.querySelector('#REVIEWS').innerHTML = answer.html;
  document.querySelector('.pagination').innerHTML = answer.nav;
}
`;

export interface ReviewSite {
  /** First page of the reviews (link pagination, like the book's site). */
  url: string;
  /** The same reviews under /private/, which robots.txt disallows. */
  privateUrl: string;
  /** An allowed address that redirects to privateUrl. */
  movedUrl: string;
  /** The same reviews on one page whose next button loads the following page by script. */
  scriptUrl: string;
  origin: string;
  data: ReviewSiteData;
  /** Requests served: path, user agent and time (Date.now()). */
  requests: { path: string; userAgent: string; at: number }[];
  close(): Promise<void>;
}

export interface ReviewSiteOptions {
  pages?: number;
  perPage?: number;
  seed?: number;
  /** Give each review container its id attribute (default true); without, keys are hashes. */
  ids?: boolean;
  /** Delay of the server's "more" answers, so the collector must wait for them (default 60 ms). */
  fetchDelayMs?: number;
}

const PAGE_PATH = /^\/(private\/)?Restaurant_Review-g294197-d1234567-Reviews(?:-or(\d+))?-Bukeoguk_Jip-Seoul\.html$/;
const pagePath = (index: number, perPage: number): string =>
  `/Restaurant_Review-g294197-d1234567-Reviews${index > 0 ? `-or${index * perPage}` : ''}-Bukeoguk_Jip-Seoul.html`;

/** Starts the site on 127.0.0.1 (a free port). The server does not keep the process alive. */
export async function startReviewSite(options: ReviewSiteOptions = {}): Promise<ReviewSite> {
  const perPage = options.perPage ?? 10;
  const data = reviewSiteData(options.pages ?? 6, perPage, options.seed ?? 19);
  const ids = options.ids ?? true;
  const fetchDelayMs = options.fetchDelayMs ?? 60;
  const byId = new Map(data.pages.flat().map((r) => [r.id, r]));
  const requests: ReviewSite['requests'] = [];

  // Texts the page's script expands in place (the others come from /api/review/<id>).
  const fullTexts = (index: number): Record<string, string> =>
    Object.fromEntries(data.pages[index]!.filter((r) => r.more === 'inline' || r.more === 'removed').map((r) => [r.id, r.text]));
  const nav = (index: number, prefix: string, script: boolean): string => {
    const last = index === data.pages.length - 1;
    if (script) return last ? '' : `<button class="nav next" data-page="${index + 1}" onclick="nextPage(this)">다음</button>`;
    return last
      ? '<span class="nav next disabled">다음</span>'
      : `<a class="nav next" href="${prefix}${pagePath(index + 1, perPage).slice(1)}">다음</a>`;
  };
  const page = (index: number, prefix: string, script: boolean): string =>
    `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>북어국집, 서울 - 레스토랑 리뷰</title></head><body>
<h1>북어국집</h1><div id="REVIEWS">${listHtml(data.pages[index]!, ids)}</div>
<div class="unified pagination">${nav(index, prefix, script)}</div>
<script>var FULL = ${JSON.stringify(fullTexts(index))};${SCRIPT}</script></body></html>`;

  const send = (res: ServerResponse, status: number, type: string, body: string): void => {
    res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
    res.end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    requests.push({ path, userAgent: String(req.headers['user-agent'] ?? ''), at: Date.now() });
    if (path === '/robots.txt') return send(res, 200, 'text/plain', 'User-agent: *\nDisallow: /private/\nAllow: /\n');
    const m = PAGE_PATH.exec(path);
    if (m) {
      const index = m[2] ? Number(m[2]) / perPage : 0;
      if (!Number.isInteger(index) || index >= data.pages.length) return send(res, 404, 'text/plain', 'no such page');
      return send(res, 200, 'text/html', page(index, m[1] ? '/private/' : '/', false));
    }
    if (path === '/moved.html') {
      // An allowed address that redirects into /private/ (a collector must check where it lands).
      res.writeHead(302, { location: `/private${pagePath(0, perPage)}` });
      res.end();
      return;
    }
    if (path === '/spa.html') return send(res, 200, 'text/html', page(0, '/', true));
    const spa = /^\/spa\/page\/(\d+)$/.exec(path);
    if (spa && Number(spa[1]) < data.pages.length) {
      const index = Number(spa[1]);
      return send(
        res,
        200,
        'application/json',
        JSON.stringify({ html: listHtml(data.pages[index]!, ids), full: fullTexts(index), nav: nav(index, '/', true) }),
      );
    }
    const api = /^\/api\/review\/(review_\d+)$/.exec(path);
    if (api && byId.has(api[1]!)) {
      setTimeout(() => send(res, 200, 'application/json', JSON.stringify({ text: byId.get(api[1]!)!.text })), fetchDelayMs);
      return;
    }
    send(res, 404, 'text/plain', 'not found');
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  server.unref();
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}${pagePath(0, perPage)}`,
    privateUrl: `${origin}/private${pagePath(0, perPage)}`,
    movedUrl: `${origin}/moved.html`,
    scriptUrl: `${origin}/spa.html`,
    origin,
    data,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The selectors of the book's scrape, for this site. */
export const REVIEW_SITE_SELECTORS = {
  item: '.review-container',
  rating: '.ui_bubble_rating',
  ratingAttr: 'class',
  ratingPrefix: 'ui_bubble_rating bubble_',
  text: '.partial_entry',
  more: '.ulBlueLinks',
  next: 'a.nav.next',
} as const;

/** The next button of the script-driven variant (scriptUrl). */
export const SCRIPT_NEXT_SELECTOR = 'button.nav.next';
