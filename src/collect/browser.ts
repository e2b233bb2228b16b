// The browser the collector drives: the system's Chromium (found on PATH, in CHROME_PATH, or given),
// through playwright-core loaded on first use. playwright-core is an optional peer dependency (it is
// 14 MB and only collecting needs it), and it never downloads a browser here.

import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';

/** Executable names tried on PATH, in order. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'chrome'] as const;

/** The flags every launch uses: headless, no GPU, no background traffic of Chromium's own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const INSTALL_HINT =
  'Install one (Debian/Ubuntu: `apt-get install chromium`) or give its path: { browser: "/path/to/chromium" } (CLI: --browser PATH)';

/**
 * The Chromium executable to drive: `browser` when given (it must exist), else CHROME_PATH, else the
 * first of chromium, chromium-browser, google-chrome-stable, google-chrome, chrome on PATH.
 */
export function findChromium(browser?: string, env: Record<string, string | undefined> = process.env, where = 'collectReviews'): string {
  if (browser !== undefined) {
    if (typeof browser !== 'string' || browser === '')
      throw new Error(`${where}: browser must be the path of a Chromium executable, got ${JSON.stringify(browser)}`);
    if (!isExecutableFile(browser)) throw new Error(`${where}: browser '${browser}' is not an executable file. ${INSTALL_HINT}`);
    return browser;
  }
  const fromEnv = env.CHROME_PATH;
  if (fromEnv && isExecutableFile(fromEnv)) return fromEnv;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of CHROMIUM_NAMES) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  throw new Error(`${where}: no Chromium found (looked for ${CHROMIUM_NAMES.join(', ')} on PATH, and CHROME_PATH). ${INSTALL_HINT}`);
}

type Playwright = typeof import('playwright-core');

/** playwright-core, imported on first use; a clear error saying how to install it when missing. */
export async function loadPlaywright(where = 'collectReviews'): Promise<Playwright> {
  try {
    return (await import('playwright-core')) as Playwright;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(
        `${where} drives Chromium through the playwright-core package, which is not installed: run \`npm install playwright-core\` (it uses your system's Chromium and downloads no browser)`,
      );
    }
    throw e;
  }
}

export interface LaunchedBrowser {
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh profile and one context carrying the user agent. */
export async function launchChromium(executablePath: string, userAgent: string, where = 'collectReviews'): Promise<LaunchedBrowser> {
  const { chromium } = await loadPlaywright(where);
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
  } catch (e) {
    throw new Error(`${where}: could not start Chromium '${executablePath}': ${(e as Error).message.split('\n')[0]}`);
  }
  const context = await browser.newContext({ userAgent });
  return {
    browser,
    context,
    close: async () => {
      await browser.close().catch(() => {});
    },
  };
}
