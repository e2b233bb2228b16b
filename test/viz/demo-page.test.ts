// The browser demo page (examples/browser): loads in headless Chromium, says which kernels and
// threads it runs, trains both models with the loss going down, and generates text.
import { describe, expect, it } from 'vitest';
import { startDemoServer } from '../../examples/browser/serve.ts';
import { CHROMIUM, launchChromium, NO_CHROMIUM_REASON } from './chromium.ts';

type Demo = {
  ready: boolean;
  kernels: string;
  threads: number;
  sine: { losses: number[]; done: boolean };
  text: { losses: number[]; done: boolean };
  generated: string;
};
const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;

describe('browser demo page', () => {
  it.skipIf(!CHROMIUM)(
    `trains in the page and the loss goes down (${CHROMIUM ? 'chromium' : NO_CHROMIUM_REASON})`,
    async () => {
      const server = await startDemoServer(0);
      const browser = await launchChromium();
      try {
        const page = await browser.context.newPage();
        page.setDefaultTimeout(90_000);
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(server.url);
        await page.waitForFunction(() => (window as unknown as { demo: Demo }).demo?.ready, null, { timeout: 60_000 });
        expect(await page.textContent('#env')).toMatch(/kernels: wasm-\S+ .*\d+ threads?.*cross-origin isolated/);
        await page.click('#train-sine');
        await page.waitForFunction(() => (window as unknown as { demo: Demo }).demo.sine.done, null, { timeout: 120_000 });
        await page.click('#train-text');
        await page.waitForFunction(() => (window as unknown as { demo: Demo }).demo.text.done, null, { timeout: 240_000 });
        await page.fill('#temperature', '0.2');
        await page.click('#generate');
        await page.waitForFunction(() => (window as unknown as { demo: Demo }).demo.generated.length > 100);
        const demo = await page.evaluate(() => (window as unknown as { demo: Demo }).demo);
        expect(demo.kernels).toMatch(/^wasm/);
        expect(demo.threads).toBeGreaterThanOrEqual(1);
        expect(mean(demo.sine.losses.slice(-20))).toBeLessThan(mean(demo.sine.losses.slice(0, 20)) / 5);
        expect(mean(demo.text.losses.slice(-20))).toBeLessThan(mean(demo.text.losses.slice(0, 20)) * 0.8);
        expect(await page.textContent('#generated')).toContain('temperature 0.2');
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
        await server.close();
      }
    },
    400_000,
  );
});
