// Runs sunhwan in a real browser: bundles the public entry for browsers (esbuild), serves it
// from 127.0.0.1, opens headless Chromium on a page that trains a small SimpleRNN on the sine
// wave and predicts, and prints what the page reported back. Serves the page twice: with
// cross-origin isolation (shared memory) and without (plain memory), so both wasm builds run;
// the isolated page also trains with the worker pool (2 threads) and checks the weights equal
// those of 1 thread, bit for bit.
//
//   node scripts/browser-smoke.mjs            (exit 0 when every page trained and predicted)
//   CHROMIUM=/path/to/chromium node scripts/browser-smoke.mjs

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const chromium = process.env.CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
if (!chromium) {
  console.error('browser-smoke: no Chromium found (apt-get install chromium, or set CHROMIUM)');
  process.exit(2);
}

const bundle = await build({
  entryPoints: ['src/index.browser.ts'],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  logLevel: 'error',
});
const script = bundle.outputFiles[0].text;

const page = `<!doctype html><meta charset="utf-8"><title>sunhwan smoke</title><script type="module">
import { getThreads, layers, Sequential, setBackendAsync, setSeed, setThreads, startThreads, tensor } from './sunhwan.js';
const report = (body) => fetch('/result', { method: 'POST', body: JSON.stringify(body) });
try {
  const kernels = await setBackendAsync('auto');
  setSeed(1);
  const wave = Array.from({ length: 300 }, (_, i) => Math.sin(Math.PI * i * 0.03));
  const n = wave.length - 10;
  const x = new Float32Array(n * 10), y = new Float32Array(n);
  for (let i = 0; i < n; i++) { for (let j = 0; j < 10; j++) x[i * 10 + j] = wave[i + j]; y[i] = wave[i + 10]; }
  const model = new Sequential([
    layers.simpleRNN({ units: 10, inputShape: [10, 1] }),
    layers.dense({ units: 1, activation: 'tanh' }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'mse' });
  const history = await model.fit(tensor(x, [n, 10, 1]), tensor(y, [n, 1]), { epochs: 15, batchSize: 32, verbose: 0 });
  const predicted = await model.predict(tensor(x.subarray(0, 10), [1, 10, 1]), { verbose: 0 });
  // cross-origin isolated: the worker pool (Blob-URL workers on the shared heap) trains an LSTM
  // with its batch split across 2 threads, to the same weights as 1 thread, bit for bit
  let threads = null;
  if (self.crossOriginIsolated) {
    const trainWith = async (n) => {
      setThreads(n);
      await startThreads();
      setSeed(3);
      const m = new Sequential([layers.lstm({ units: 32, inputShape: [30, 6] }), layers.dense({ units: 1 })]); // big enough to split (src/threads/policy.ts)
      m.compile({ optimizer: 'rmsprop', loss: 'mse' });
      const xs = new Float32Array(64 * 30 * 6).map((_, i) => Math.sin(i * 0.37));
      const ys = new Float32Array(64).map((_, i) => i % 2);
      await m.fit(tensor(xs, [64, 30, 6]), tensor(ys, [64, 1]), { epochs: 2, batchSize: 64, verbose: 0, shuffle: false, seed: 1 });
      return { used: getThreads(), weights: JSON.stringify(m.getWeights().map((w) => Array.from(w.dataSync()))) };
    };
    const one = await trainWith(1);
    const two = await trainWith(2);
    threads = { used: two.used, identical: one.weights === two.weights };
  }
  report({ ok: true, kernels: kernels.name, shared: kernels.heap.shared, isolated: self.crossOriginIsolated, threads,
    firstLoss: history.history.loss[0], lastLoss: history.history.loss.at(-1), prediction: predicted.dataSync()[0], truth: y[0] });
} catch (e) {
  report({ ok: false, error: String(e && e.stack || e) });
}
</script>`;

async function runPage(isolated) {
  let resolveResult;
  const result = new Promise((resolve) => (resolveResult = resolve));
  const headers = isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {};
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/result') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.end('ok');
        resolveResult(JSON.parse(body));
      });
      return;
    }
    if (req.url === '/sunhwan.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript', ...headers });
      res.end(script);
    } else if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'Content-Type': 'text/html', ...headers });
      res.end(page);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const profile = mkdtempSync(join(tmpdir(), 'sunhwan-chromium-'));
  const browser = spawn(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      url,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  let stderr = '';
  browser.stderr.on('data', (c) => (stderr += c));
  const timeout = new Promise((resolve) =>
    setTimeout(() => resolve({ ok: false, error: `no result within 90 s\n${stderr.slice(-2000)}` }), 90_000),
  );
  const outcome = await Promise.race([result, timeout]);
  const exited = new Promise((r) => browser.once('exit', r));
  // the whole process group: Chromium's renderer and utility processes write to the profile too
  try {
    process.kill(-browser.pid, 'SIGKILL');
  } catch {
    browser.kill('SIGKILL');
  }
  await exited;
  server.close();
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch (e) {
    console.error(`browser-smoke: could not remove ${profile}: ${e.message}`);
  }
  return outcome;
}

let failed = false;
for (const isolated of [true, false]) {
  const r = await runPage(isolated);
  const label = isolated ? 'cross-origin isolated' : 'not isolated';
  const threadsOk = !isolated || (r.threads && r.threads.used === 2 && r.threads.identical);
  if (r.ok && r.lastLoss < r.firstLoss && threadsOk) {
    const threads = r.threads ? `; ${r.threads.used} threads, weights identical to 1 thread: ${r.threads.identical}` : '';
    console.log(
      `browser-smoke (${label}): kernels ${r.kernels}, shared memory ${r.shared}, loss ${r.firstLoss.toFixed(4)} -> ${r.lastLoss.toFixed(4)}, predict ${r.prediction.toFixed(3)} (truth ${r.truth.toFixed(3)})${threads}`,
    );
  } else {
    failed = true;
    console.log(`browser-smoke (${label}): FAILED ${JSON.stringify(r)}`);
  }
}
process.exit(failed ? 1 : 0);
