// robots.txt, as RFC 9309 asks: fetched once per origin with the collector's user agent; rules
// matched by robots-parser for the product token 'sunhwan' (else the '*' group). A missing file
// (4xx) allows everything; an unreachable one (5xx, network error) means "disallow everything".

import robotsParser from 'robots-parser';

/** The product token robots.txt groups are matched against (`User-agent: sunhwan`). */
export const ROBOTS_TOKEN = 'sunhwan';

export class RobotsDisallowedError extends Error {
  constructor(
    readonly url: string,
    readonly robotsUrl: string,
    detail: string,
  ) {
    super(`${url} may not be collected: ${detail}. sunhwan honours robots.txt; collect only pages the site allows.`);
    this.name = 'RobotsDisallowedError';
  }
}

interface Rules {
  robotsUrl: string;
  /** Why everything is disallowed (robots.txt unreachable), or null when the rules apply. */
  unreachable: string | null;
  robot: ReturnType<typeof robotsParser> | null;
}

export interface RobotsOptions {
  userAgent: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Checks URLs against their origin's robots.txt (fetched on first use, then cached). */
export class RobotsPolicy {
  private readonly cache = new Map<string, Promise<Rules>>();

  constructor(private readonly options: RobotsOptions) {}

  /** Throws RobotsDisallowedError when robots.txt disallows the URL for sunhwan. */
  async check(url: string): Promise<void> {
    const rules = await this.rules(url);
    if (rules.unreachable !== null) throw new RobotsDisallowedError(url, rules.robotsUrl, rules.unreachable);
    if (rules.robot && rules.robot.isAllowed(url, ROBOTS_TOKEN) === false) {
      const line = rules.robot.getMatchingLineNumber(url, ROBOTS_TOKEN);
      throw new RobotsDisallowedError(
        url,
        rules.robotsUrl,
        `${rules.robotsUrl} disallows it for '${ROBOTS_TOKEN}'${line > 0 ? ` (line ${line})` : ''}`,
      );
    }
  }

  /** The Crawl-delay robots.txt asks of sunhwan, in milliseconds (0 when none). */
  async crawlDelayMs(url: string): Promise<number> {
    const rules = await this.rules(url);
    const seconds = rules.robot?.getCrawlDelay(ROBOTS_TOKEN);
    return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
  }

  private rules(url: string): Promise<Rules> {
    const origin = new URL(url).origin;
    let rules = this.cache.get(origin);
    if (!rules) {
      rules = this.fetchRules(origin);
      this.cache.set(origin, rules);
    }
    return rules;
  }

  private async fetchRules(origin: string): Promise<Rules> {
    const robotsUrl = `${origin}/robots.txt`;
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 15_000);
    const signal = this.options.signal ? AbortSignal.any([this.options.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetch(robotsUrl, { headers: { 'user-agent': this.options.userAgent }, redirect: 'follow', signal });
    } catch (e) {
      if (this.options.signal?.aborted) throw e;
      return {
        robotsUrl,
        robot: null,
        unreachable: `${robotsUrl} could not be fetched (${(e as Error).message}), so the site's rules are unknown`,
      };
    }
    if (response.status >= 500) {
      return { robotsUrl, robot: null, unreachable: `${robotsUrl} answered HTTP ${response.status}, so the site's rules are unknown` };
    }
    if (response.status >= 400) return { robotsUrl, robot: null, unreachable: null };
    return { robotsUrl, robot: robotsParser(robotsUrl, await response.text()), unreachable: null };
  }
}
