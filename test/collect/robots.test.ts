import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RobotsDisallowedError, RobotsPolicy } from '../../src/collect/robots.ts';

// One local server whose robots.txt answer depends on the path prefix of the "site".
let server: Server;
let origin = '';
const seen: string[] = [];
let robotsStatus = 200;
let robotsBody = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.url} ${req.headers['user-agent']}`);
    if (req.url === '/robots.txt') {
      res.writeHead(robotsStatus, { 'content-type': 'text/plain' });
      res.end(robotsBody);
    } else {
      res.end('ok');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  server.unref();
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const policy = () => new RobotsPolicy({ userAgent: 'sunhwan-test-agent' });

describe('RobotsPolicy', () => {
  it('follows the group for sunhwan, else *, and reports the line that disallows', async () => {
    robotsStatus = 200;
    robotsBody = 'User-agent: *\nDisallow: /\n\nUser-agent: sunhwan\nDisallow: /members/\nCrawl-delay: 3\n';
    const p = policy();
    await expect(p.check(`${origin}/reviews.html`)).resolves.toBeUndefined();
    const refusal = p.check(`${origin}/members/list.html`);
    await expect(refusal).rejects.toBeInstanceOf(RobotsDisallowedError);
    await expect(refusal).rejects.toThrow(
      `${origin}/members/list.html may not be collected: ${origin}/robots.txt disallows it for 'sunhwan' (line 5)`,
    );
    expect(await p.crawlDelayMs(`${origin}/reviews.html`)).toBe(3000);
    // Fetched once, with the collector's user agent.
    expect(seen.filter((s) => s.startsWith('/robots.txt'))).toEqual(['/robots.txt sunhwan-test-agent']);
  });

  it('a missing robots.txt (404) allows everything; an erroring one (5xx) allows nothing', async () => {
    robotsStatus = 404;
    await expect(policy().check(`${origin}/a.html`)).resolves.toBeUndefined();
    expect(await policy().crawlDelayMs(`${origin}/a.html`)).toBe(0);
    robotsStatus = 503;
    await expect(policy().check(`${origin}/a.html`)).rejects.toThrow(/robots\.txt answered HTTP 503, so the site's rules are unknown/);
  });

  it('an unreachable robots.txt allows nothing', async () => {
    // A port nothing listens on: the fetch fails at once.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(policy().check(`http://127.0.0.1:${port}/x.html`)).rejects.toThrow(/robots\.txt could not be fetched/);
  });
});
