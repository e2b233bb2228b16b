// Remakes the README's screenshots in docs/ with headless Chromium: the HTML report of
// `npm run demo` (run that first), the live dashboard during two short trainings, and the
// browser demo page after training.
//   npm run demo && npx tsx docs/screenshots.ts

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startDemoServer } from '../examples/browser/serve.ts';
import { lambdaCallback } from '../src/callbacks/index.ts';
import { layers, Sequential, setSeed, tensor } from '../src/index.ts';
import { addSample, dashboardCallback } from '../src/viz/index.ts';
import { launchChromium } from '../test/viz/chromium.ts';

const report = resolve('sunhwan-demo/sentiment.html');
if (!existsSync(report)) throw new Error(`${report} is missing: run npm run demo first`);
const browser = await launchChromium();
const page = await browser.context.newPage();
await page.setViewportSize({ width: 1100, height: 900 });

await page.goto(pathToFileURL(report).href);
await page.screenshot({ path: 'docs/report.png' });

const dash = dashboardCallback({ port: 0, interval: 100, log: false });
const n = 400;
const x = tensor(
  Float32Array.from({ length: n * 10 }, (_, i) => Math.sin(i / 7)),
  [n, 10, 1],
);
const y = tensor(
  Float32Array.from({ length: n }, (_, i) => Math.sin((i * 10 + 10) / 7)),
  [n, 1],
);
for (const [name, units] of [
  ['simple_rnn 8', 8],
  ['simple_rnn 16', 16],
] as const) {
  setSeed(units);
  const model = new Sequential({ name: name.replace(' ', '_') });
  model.add(layers.simpleRNN({ units, inputShape: [10, 1] }));
  model.add(layers.dense({ units: 1 }));
  model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
  const sampler = lambdaCallback({
    onEpochEnd: (epoch, logs) => addSample(model, `epoch ${epoch + 1}: loss ${logs.loss!.toFixed(5)}`, { title: 'note' }),
  });
  const training = model.fit(x, y, { epochs: 12, batchSize: 16, validationSplit: 0.2, verbose: 0, callbacks: [dash, sampler] });
  if (units === 16) {
    await dash.start();
    await page.goto(dash.url);
  }
  await training;
}
await page.waitForTimeout(1000);
await page.screenshot({ path: 'docs/dashboard.png' });
await dash.close();

const demo = await startDemoServer(0);
await page.goto(demo.url);
await page.waitForFunction(() => (window as unknown as { demo: { ready: boolean } }).demo?.ready);
await page.click('#train-sine');
await page.waitForFunction(() => (window as unknown as { demo: { sine: { done: boolean } } }).demo.sine.done, null, { timeout: 120_000 });
await page.click('#train-text');
await page.waitForFunction(() => (window as unknown as { demo: { text: { done: boolean } } }).demo.text.done, null, { timeout: 240_000 });
await page.click('#generate');
await page.waitForFunction(() => (window as unknown as { demo: { generated: string } }).demo.generated.length > 0);
await page.screenshot({ path: 'docs/demo-page.png', fullPage: true });
await demo.close();
await browser.close();
console.log('wrote docs/report.png, docs/dashboard.png, docs/demo-page.png');
