// Node-only: collecting reviews with a real browser (the book's Selenium chapter). Reached from
// `sunhwan/node`, never from the browser entries.

export {
  collectReviews,
  parseRating,
  reviewKey,
  DEFAULT_USER_AGENT,
  type CollectReviewsOptions,
  type CollectProgress,
  type CollectResult,
} from './collect.ts';
export { findChromium, CHROMIUM_NAMES } from './browser.ts';
export { RobotsDisallowedError, ROBOTS_TOKEN } from './robots.ts';
export { REVIEW_COLUMNS } from './csv-file.ts';
