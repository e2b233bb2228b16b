// The live dashboard: loopback-only server, and in headless Chromium during real training the
// per-batch curves gain points, a refresh keeps them, finished runs stay, runs sit side by side.
import { request } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaCallback } from '../../src/callbacks/index.ts';
import { layers, Sequential, setSeed, tensor } from '../../src/index.ts';
import { dashboardCallback, DashboardServer, isLoopbackHost, type DashboardCallback, type RunData } from '../../src/viz/index.ts';
import { CHROMIUM, launchChromium, NO_CHROMIUM_REASON } from './chromium.ts';

function get(port: number, path: string, host?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, path, headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    r.on('error', reject);
    r.end();
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function sineModel() {
  const n = 160;
  const x = tensor(
    Float32Array.from({ length: n * 10 }, (_, i) => Math.sin(i / 7)),
    [n, 10, 1],
  );
  const y = tensor(
    Float32Array.from({ length: n }, (_, i) => Math.sin((i * 10 + 10) / 7)),
    [n, 1],
  );
  const model = new Sequential();
  model.add(layers.simpleRNN({ units: 8, inputShape: [10, 1] }));
  model.add(layers.dense({ units: 1 }));
  model.compile({ optimizer: 'adam', loss: 'mse' });
  return { model, x, y };
}

/** Paces training (a sleep per batch) and holds it after `holdAt` batches until release(), so the
 * page sees it running however slowly the machine loads the page. */
function paced(ms: number, holdAt: number) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let batches = 0;
  const callback = lambdaCallback({
    onBatchEnd: async () => {
      if (++batches === holdAt) await gate;
      await new Promise<void>((r) => setTimeout(r, ms));
    },
  });
  return { callback, release };
}

const opened: DashboardCallback[] = [];
afterAll(async () => {
  for (const d of opened) await d.close();
});

describe('dashboard server', () => {
  it('accepts only loopback Host headers', () => {
    expect(isLoopbackHost('127.0.0.1:6006', 6006)).toBe(true);
    expect(isLoopbackHost('localhost:6006', 6006)).toBe(true);
    expect(isLoopbackHost('[::1]:6006', 6006)).toBe(true);
    expect(isLoopbackHost('127.0.0.1:6007', 6006)).toBe(false);
    expect(isLoopbackHost('evil.example:6006', 6006)).toBe(false);
    expect(isLoopbackHost('127.0.0.1.evil.example:6006', 6006)).toBe(false);
    expect(isLoopbackHost(undefined, 6006)).toBe(false);
  });

  it('serves the page, the runs and refuses other hosts', async () => {
    setSeed(1);
    const { model, x, y } = sineModel();
    const dash = dashboardCallback({ port: 0, log: false });
    opened.push(dash);
    await model.fit(x, y, { epochs: 2, batchSize: 32, verbose: 0, callbacks: [dash] });
    const port = dash.server.port;
    const page = await get(port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>sunhwan dashboard</title>');
    expect(page.body).not.toMatch(/<script[^>]+src=|<link[^>]+href=/); // everything inlined
    const runs = JSON.parse((await get(port, '/api/runs')).body);
    expect(runs).toHaveLength(1);
    expect(runs[0].status).toBe('finished');
    expect(runs[0].epochs).toHaveLength(2);
    expect(runs[0].batches).toHaveLength(10);
    expect((await get(port, '/font.woff')).status).toBe(200);
    expect((await get(port, '/nothing')).status).toBe(404);
    expect((await get(port, '/', 'evil.example')).status).toBe(403);
    expect((await get(port, '/api/runs', `attacker.example:${port}`)).status).toBe(403);
    expect(() => dashboardCallback({ port: 70000 })).toThrow(/port must be an integer/);
    // hold() keeps serving until close()
    let held = false;
    const holding = dash.hold().then(() => (held = true));
    expect((await get(port, '/api/runs')).status).toBe(200);
    expect(held).toBe(false);
    await dash.close();
    await holding;
    expect(held).toBe(true);
    await expect(get(port, '/')).rejects.toThrow(); // refused (or a pooled socket hung up)
  });

  it.skipIf(!CHROMIUM)(
    `shows live curves in Chromium that survive a refresh, runs side by side (${CHROMIUM ? 'chromium' : NO_CHROMIUM_REASON})`,
    async () => {
      const port = await freePort();
      setSeed(2);
      const first = sineModel();
      const before = dashboardCallback({ port, interval: 100, log: false, name: 'first run' });
      opened.push(before);
      await first.model.fit(first.x, first.y, { epochs: 2, batchSize: 32, verbose: 0, callbacks: [before] });

      const browser = await launchChromium();
      try {
        const page = await browser.context.newPage();
        page.setDefaultTimeout(90_000);
        const second = sineModel();
        const pace = paced(15, 40);
        const live = dashboardCallback({ port, interval: 100, log: false, name: 'second run' });
        expect(live.server).toBe(before.server);
        const training = second.model.fit(second.x, second.y, {
          epochs: 40,
          batchSize: 16,
          verbose: 0,
          validationSplit: 0.2,
          callbacks: [live, pace.callback],
        });
        await page.goto(`http://127.0.0.1:${port}/`);
        const points = async () => Number(await page.getAttribute('[data-chart="batch:loss"]', 'data-points'));
        await page.waitForSelector('[data-chart="batch:loss"]');
        await page.waitForFunction(() => Number(document.querySelector('[data-chart="batch:loss"]')?.getAttribute('data-points')) > 20);
        const n1 = await points();
        pace.release();
        await page.waitForFunction(
          (n) => Number(document.querySelector('[data-chart="batch:loss"]')?.getAttribute('data-points')) > n + 10,
          n1,
        );
        const n2 = await points();
        expect(n2).toBeGreaterThan(n1);
        expect(await page.textContent('#status')).toBe('live');

        await page.reload();
        await page.waitForFunction(
          (n) => Number(document.querySelector('[data-chart="batch:loss"]')?.getAttribute('data-points')) >= n,
          n2,
        );
        expect(await page.locator('section.run').count()).toBe(2);
        expect(await page.textContent('section.run:first-of-type h2')).toContain('first run — finished');

        await training;
        await page.waitForFunction(() =>
          document.querySelector('section.run:last-of-type h2')?.textContent?.includes('second run — finished'),
        );
        await page.waitForSelector('[data-chart="epoch:loss"]');
        await page.waitForSelector('[data-chart="time"]');
        await page.waitForSelector('[data-chart="lr"]');
        const epochs = await page.evaluate(() =>
          (window as unknown as { sunhwanDashboard: { runs(): { epochs: unknown[] }[] } }).sunhwanDashboard
            .runs()
            .map((r) => r.epochs.length),
        );
        expect(epochs).toEqual([2, 40]);
      } finally {
        await browser.close();
      }
    },
    300_000,
  );

  it.skipIf(!CHROMIUM)(
    `draws a long run thinned, extends it by new batches and adds a new run to the charts it has (${CHROMIUM ? 'chromium' : NO_CHROMIUM_REASON})`,
    async () => {
      const run = (id: string, batches: number): RunData => ({
        id,
        name: id,
        model: 'sequential',
        startedAt: Date.now(),
        finishedAt: null,
        status: 'running',
        summary: 'Model: "sequential"',
        params: null,
        environment: { kernels: 'reference', threads: 1, runtime: 'test', version: '0' },
        epochs: [],
        batches: Array.from({ length: batches }, (_, i) => ({ step: i + 1, epoch: 0, logs: { loss: 1 / (i + 1) } })),
        samples: [],
      });
      const server = new DashboardServer({ port: 0, interval: 50 });
      await server.start();
      const long = run('long', 5000);
      server.addRun(long);
      const browser = await launchChromium();
      try {
        const page = await browser.context.newPage();
        page.setDefaultTimeout(60_000);
        await page.goto(server.url);
        const charts = () =>
          page.evaluate(
            () =>
              (
                window as unknown as { sunhwanDashboard: { charts(): Record<string, { series: number; drawn: number }> } }
              ).sunhwanDashboard.charts()['batch:loss'],
          );
        await page.waitForFunction(() => document.querySelector('[data-chart="batch:loss"]')?.getAttribute('data-points') === '5000');
        expect(await charts()).toEqual({ series: 2, drawn: 625 }); // 5000 batches in buckets of 8
        await page.evaluate(() => ((document.querySelector('[data-chart="batch:loss"]') as HTMLElement & { kept?: boolean }).kept = true));

        for (let i = 5000; i < 5200; i++) long.batches.push({ step: i + 1, epoch: 0, logs: { loss: 1 / (i + 1) } });
        server.addRun(run('short', 100));
        await page.waitForFunction(() => document.querySelector('[data-chart="batch:loss"]')?.getAttribute('data-points') === '5200');
        await page.waitForFunction(() => document.querySelectorAll('section.run').length === 2);
        expect(await charts()).toEqual({ series: 3, drawn: 650 + 100 - 12 }); // the long run's bucket ends (8, 16, …) joined with 1…100
        expect(
          await page.evaluate(() => (document.querySelector('[data-chart="batch:loss"]') as HTMLElement & { kept?: boolean }).kept),
        ).toBe(true);
      } finally {
        await browser.close();
        await server.close();
      }
    },
    120_000,
  );
});
