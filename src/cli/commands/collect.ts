// `sunhwan collect <url> --item <css> --rating <css> --text <css> --out reviews.csv [...]`: the book's
// Selenium scrape (collectReviews) from the command line. Ctrl-C stops after saving the pages
// already read; running the same command again continues where it stopped.
import type { Command } from 'commander';
import { collectReviews, type CollectReviewsOptions } from '../../collect/collect.ts';
import { CommandExit, integerOption } from '../errors.ts';
import { EXIT_INTERRUPTED } from '../interrupt.ts';

/** The command line's flags: the library's options under the same names, but for a few renamed ones. */
type CollectFlags = Omit<
  CollectReviewsOptions,
  'url' | 'delayMs' | 'timeoutMs' | 'verbose' | 'signal' | 'onProgress' | 'onWarning' | 'userAgent'
> & {
  pages: number;
  delay?: number;
  timeout?: number;
  quiet?: boolean;
};

/** The library options a `sunhwan collect` command line means. */
export function collectOptions(url: string, flags: CollectFlags): CollectReviewsOptions {
  const { delay, timeout, quiet, ...same } = flags;
  return { url, ...same, delayMs: delay, timeoutMs: timeout, verbose: quiet ? 0 : 1 };
}

export function register(program: Command): void {
  program
    .command('collect')
    .description(
      "collect reviews from web pages with headless Chromium into a CSV (score,text,page,url,key) — the book's Selenium scrape; honours robots.txt; rerun to resume",
    )
    .argument('<url>', 'the first page of reviews (http or https)')
    .requiredOption('--item <css>', "one review, e.g. '.review-container'")
    .requiredOption('--rating <css>', "the rating inside a review, e.g. '.ui_bubble_rating'")
    .option('--rating-attr <name>', "attribute holding the rating, e.g. 'class' (default: the element's text)")
    .option('--rating-prefix <text>', "text before the number, e.g. 'ui_bubble_rating bubble_' (bubble_50 → 50)")
    .requiredOption('--text <css>', "the review's text inside a review, e.g. '.partial_entry'")
    .option('--more <css>', '"more" links to click first, e.g. \'.ulBlueLinks\' (ones that fail are skipped)')
    .option('--next <css>', "the link or button to the next page, e.g. 'a.nav.next'")
    .option('--pages <n>', 'pages to read, the first included', integerOption(1), 1)
    .requiredOption('--out <file>', 'the CSV to append to (a rerun skips the rows already there)')
    .option('--browser <path>', 'Chromium executable (default: CHROME_PATH, or chromium / google-chrome on PATH)')
    .option('--delay <ms>', 'pause between pages (default 2000; longer when robots.txt asks)', integerOption(0))
    .option(
      '--id-attr <name>',
      "attribute giving each review a stable id (default 'id'; without it rows are keyed by a hash of page URL and text)",
    )
    .option('--timeout <ms>', 'page load timeout (default 30000)', integerOption(1))
    .option('--quiet', 'no progress bars or warnings (the summary line is still printed)')
    .addHelpText(
      'after',
      '\nNeeds Chromium (apt-get install chromium, or --browser PATH) and the playwright-core package (npm install playwright-core).\nCtrl-C stops after the pages already saved (exit 130); run the same command again to continue.',
    )
    .action(async (url: string, flags: CollectFlags) => {
      const stop = new AbortController();
      const onSigint = (): void => {
        if (stop.signal.aborted) process.exit(EXIT_INTERRUPTED); // a second Ctrl-C: every saved page is already fsynced
        process.stderr.write('\ninterrupted: stopping; the pages already read are saved (Ctrl-C again to quit at once)\n');
        stop.abort();
      };
      process.on('SIGINT', onSigint);
      try {
        const result = await collectReviews({ ...collectOptions(url, flags), signal: stop.signal });
        const end = result.stoppedBy === 'last-page' ? ' (no next page)' : '';
        const warnings = result.warnings.length;
        process.stdout.write(
          `collected ${result.written} new rows from ${result.pages} pages${end}; ${result.skipped} were already in ${result.out}, which now has ${result.totalRows} rows` +
            `${warnings > 0 ? `; ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}\n`,
        );
      } catch (e) {
        if (stop.signal.aborted)
          throw new CommandExit(EXIT_INTERRUPTED, `${(e as Error).message.replace(/^collectReviews: /, 'interrupted: ')}`);
        throw e;
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
