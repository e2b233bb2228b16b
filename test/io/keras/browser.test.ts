// The Keras reader in headless Chromium: a page bundled from the public entry (esbuild, with
// code splitting as browser bundlers do) fetches every fixture from 127.0.0.1, loads it from
// bytes and predicts; the numbers must be Keras' to 1e-5. Also checks that the Keras code
// (fflate, h5wasm) sits in chunks loaded on demand, not in the entry chunk.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../../src/collect/browser.ts';
import { FIXTURES, MODELS, fixture } from './fixtures.ts';

const chromium = process.env.CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

const PAGE_SCRIPT = `
import { loadKerasModelFromBytes, Tensor } from './index.ts';
const results = {};
for (const [name, format] of ${JSON.stringify(MODELS.flatMap((m) => fixture(m).formats.map((f) => [m, f])))}) {
  try {
    const fx = await (await fetch('/fixtures/' + name + '.json')).json();
    const bytes = new Uint8Array(await (await fetch('/fixtures/' + name + '.' + format)).arrayBuffer());
    const model = await loadKerasModelFromBytes(bytes, {}, name + '.' + format);
    const xs = fx.inputs.map((i) => new Tensor(i.dtype === 'int32' ? Int32Array.from(i.data) : Float32Array.from(i.data), i.shape));
    const y = await model.predict(xs.length === 1 ? xs[0] : xs);
    const ys = Array.isArray(y) ? y : [y];
    let worst = 0;
    ys.forEach((t, k) => { const d = t.dataSync(); fx.outputs[k].data.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - d[i])); }); });
    results[name + '.' + format] = worst;
  } catch (e) {
    results[name + '.' + format] = String(e && e.stack || e);
  }
}
await fetch('/result', { method: 'POST', body: JSON.stringify(results) });
`;

let server: Server | null = null;
const profile = mkdtempSync(join(tmpdir(), 'sunhwan-keras-chromium-'));
afterAll(() => {
  server?.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

describe('Keras files in the browser', () => {
  it.skipIf(!chromium)(
    "every fixture loads from bytes and predicts Keras' numbers to 1e-5 in headless Chromium",
    async () => {
      const bundle = await build({
        stdin: {
          contents: PAGE_SCRIPT,
          resolveDir: join(import.meta.dirname, '..', '..', '..', 'src'),
          sourcefile: 'page.js',
          loader: 'js',
        },
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        outdir: '/out',
        write: false,
        logLevel: 'error',
      });
      const files = new Map(bundle.outputFiles.map((f) => [f.path.replace(/^\/out/, ''), f.text]));
      const entry = files.get('/stdin.js')!;
      expect(entry).toBeDefined();
      // the Keras code is loaded on demand: neither h5wasm nor fflate is in the entry chunk
      expect(entry.includes('H5Fopen') || entry.includes('h5wasm')).toBe(false);
      expect(entry.includes('unzipSync')).toBe(false);

      let resolveResult: (r: Record<string, number | string>) => void = () => {};
      const result = new Promise<Record<string, number | string>>((r) => (resolveResult = r));
      server = createServer((req, res) => {
        const url = req.url ?? '/';
        if (req.method === 'POST' && url === '/result') {
          let body = '';
          req.on('data', (c: Buffer) => (body += c));
          req.on('end', () => {
            res.end('ok');
            resolveResult(JSON.parse(body) as Record<string, number | string>);
          });
          return;
        }
        if (url === '/')
          return res
            .writeHead(200, { 'Content-Type': 'text/html' })
            .end('<!doctype html><meta charset="utf-8"><script type="module" src="/stdin.js"></script>');
        if (files.has(url)) return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(files.get(url));
        const fixtureFile = /^\/fixtures\/([\w.]+)$/.exec(url)?.[1];
        if (fixtureFile && existsSync(join(FIXTURES, fixtureFile)))
          return res.writeHead(200).end(readFileSync(join(FIXTURES, fixtureFile)));
        res.writeHead(404).end();
      });
      await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
      const port = (server.address() as { port: number }).port;

      const { chromium: launcher } = await import('playwright-core');
      const browser = await launcher.launchPersistentContext(profile, {
        executablePath: chromium,
        args: [...CHROMIUM_ARGS],
        headless: true,
      });
      try {
        const page = await browser.newPage();
        await page.goto(`http://127.0.0.1:${port}/`);
        const outcome = await Promise.race([
          result,
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no result from the page in 120 s')), 120_000)),
        ]);
        const expected = MODELS.flatMap((m) => fixture(m).formats.map((f) => `${m}.${f}`));
        expect(Object.keys(outcome).sort()).toEqual(expected.sort());
        for (const [file, worst] of Object.entries(outcome)) {
          expect(typeof worst === 'number' ? worst : Infinity, `${file}: ${String(worst)}`).toBeLessThan(1e-5);
        }
      } finally {
        await browser.close();
      }
    },
    180_000,
  );
});
