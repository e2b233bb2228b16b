// `npm run demo:browser`: bundles the demo page (esbuild, from source) and serves it on
// 127.0.0.1 with the cross-origin isolation headers (COOP/COEP) that shared memory, and so the
// worker threads, need. Stops with Ctrl-C; startDemoServer() is what the browser test uses.
//   npm run demo:browser [-- --port 8080]

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export async function startDemoServer(port = 8080): Promise<{ url: string; close(): Promise<void> }> {
  const bundle = await build({
    entryPoints: [here('./app.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  const require = createRequire(import.meta.url);
  const files: Record<string, [string, string | Buffer]> = {
    '/': ['text/html; charset=utf-8', readFileSync(here('./index.html'), 'utf8')],
    '/app.js': ['text/javascript; charset=utf-8', bundle.outputFiles[0]!.text],
    '/uplot.css': ['text/css; charset=utf-8', readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8')],
    // the page's Hangul, for systems without a Korean font
    '/noto-sans-kr.woff': ['font/woff', readFileSync(require.resolve('noto-sans-kr/fonts/NotoSans-Regular.woff'))],
  };
  files['/index.html'] = files['/']!;
  const server = createServer((req, res) => {
    const file = files[(req.url ?? '/').split('?')[0]!];
    if (!file) return void res.writeHead(404).end('not found\n');
    res.writeHead(200, {
      'content-type': file[0],
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cache-control': 'no-store',
    });
    res.end(file[1]);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '8080' } } });
  const { url } = await startDemoServer(Number(values.port));
  console.log(`sunhwan browser demo: ${url}  (Ctrl-C stops it)`);
}
