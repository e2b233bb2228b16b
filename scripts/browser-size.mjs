// `npm run size`: what a browser app importing the main entry downloads, gzip-compressed.
// Bundles two pages with the built package (dist/, so run after `npm run build`) with esbuild,
// resolving `sunhwan` through package.json's exports as a browser bundler does (the "browser"
// condition), minified and split as bundlers do for import(): one referencing every export of the main
// entry (the upper bound) and one that trains a model; for each, adds up the static chunks
// and the larger of the two wasm chunks (a page loads one: relaxed SIMD where supported,
// else SIMD128), plus the chunks it loads on demand (the worker pool, once it starts threads).
// Budget: 100 kB; exits 1 when a page is over it.
//
//   npm run size              (builds first)
//   node scripts/browser-size.mjs --json
import { build } from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 100_000;
const root = resolve(import.meta.dirname, '..');
if (!existsSync(join(root, 'dist/index.js'))) {
  console.error('browser-size: dist/index.js is missing; run `npm run build` first');
  process.exit(2);
}

const entry = JSON.stringify('sunhwan');
/** Each page: its source, and which of its import() chunks it loads (by a dist/ file they hold). */
const APPS = {
  // every export referenced, so nothing is tree-shaken away: the upper bound of an app's download
  'every export of the main entry': {
    source: `import * as sunhwan from ${entry};\nawait sunhwan.setBackendAsync();\nglobalThis.sunhwan = sunhwan;\n`,
    onDemand: null,
  },
  // what a page that trains a model imports (test/package/consumer/browser.mjs)
  'a training app (layers, Sequential, tensor, setSeed, setBackendAsync)': {
    source: `import { layers, Sequential, setBackendAsync, setSeed, tensor } from ${entry};\nawait setBackendAsync();\nglobalThis.app = { layers, Sequential, setSeed, tensor };\n`,
    onDemand: null,
  },
  // the same on a crossOriginIsolated page that starts worker threads: the pool's code comes then
  'a training app with threads (+ startThreads)': {
    source: `import { layers, Sequential, setBackendAsync, setSeed, startThreads, tensor } from ${entry};\nawait setBackendAsync();\nawait startThreads();\nglobalThis.app = { layers, Sequential, setSeed, tensor };\n`,
    onDemand: /dist\/pool-[^/]*\.js$/,
  },
};

/** Gzip bytes a page downloads for this app: its static chunks, the larger wasm chunk and what it loads on demand. */
async function measure({ source, onDemand }) {
  const work = mkdtempSync(join(tmpdir(), 'sunhwan-size-'));
  try {
    writeFileSync(join(work, 'app.js'), source);
    mkdirSync(join(work, 'node_modules'));
    symlinkSync(root, join(work, 'node_modules', 'sunhwan'), 'dir');
    const result = await build({
      absWorkingDir: work,
      entryPoints: ['app.js'],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      outdir: join(work, 'out'),
      metafile: true,
      write: false,
      logLevel: 'error',
    });
    const files = new Map(result.outputFiles.map((f) => [relative(work, f.path), f.contents]));
    const outputs = result.metafile.outputs;
    const gzip = (name) => gzipSync(files.get(name), { level: 9 }).length;
    const isWasm = (name) =>
      Object.keys(outputs[name].inputs).some((input) => /generated\/(simd|relaxed)/.test(input) || /(simd|relaxed)-[^/]*\.js$/.test(input));
    const appChunk = Object.keys(outputs).find((name) => outputs[name].entryPoint);
    const staticChunks = new Set();
    const visit = (name) => {
      if (staticChunks.has(name)) return;
      staticChunks.add(name);
      for (const imp of outputs[name].imports) if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
    };
    visit(appChunk);
    // chunks the page imports later (and their static imports), when it uses what they hold
    if (onDemand) for (const name of Object.keys(outputs)) if (Object.keys(outputs[name].inputs).some((i) => onDemand.test(i))) visit(name);
    const wasmChunks = Object.keys(outputs).filter((name) => name.endsWith('.js') && isWasm(name));
    if (wasmChunks.length !== 2) throw new Error(`browser-size: expected 2 wasm chunks, found ${wasmChunks.length}`);
    if ([...staticChunks].some(isWasm)) throw new Error('browser-size: a wasm binary is in the static chunks');
    const jsGzipBytes = [...staticChunks].reduce((sum, name) => sum + gzip(name), 0);
    const jsMinifiedBytes = [...staticChunks].reduce((sum, name) => sum + files.get(name).length, 0);
    const wasmChunkGzipBytes = Math.max(...wasmChunks.map(gzip));
    return { jsMinifiedBytes, jsGzipBytes, wasmChunkGzipBytes, totalGzipBytes: jsGzipBytes + wasmChunkGzipBytes };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const figures = {};
for (const [name, source] of Object.entries(APPS)) figures[name] = await measure(source);
if (process.argv.includes('--json')) console.log(JSON.stringify({ budgetBytes: BUDGET_BYTES, apps: figures }));
else {
  const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
  for (const [name, f] of Object.entries(figures)) {
    console.log(`${name}:`);
    console.log(
      `  JavaScript ${kB(f.jsMinifiedBytes)} minified, ${kB(f.jsGzipBytes)} gzip; wasm kernels (one variant) ${kB(f.wasmChunkGzipBytes)} gzip`,
    );
    console.log(
      `  browser transfer: ${kB(f.totalGzipBytes)} gzip (budget ${kB(BUDGET_BYTES)})${f.totalGzipBytes > BUDGET_BYTES ? ' OVER BUDGET' : ''}`,
    );
  }
}
process.exitCode = Object.values(figures).every((f) => f.totalGzipBytes <= BUDGET_BYTES) ? 0 : 1;
