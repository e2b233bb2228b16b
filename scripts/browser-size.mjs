// `npm run size`: what a browser app importing the main entry downloads, gzip-compressed.
// Bundles a page that uses the whole public API of the built package (dist/, so run after
// `npm run build`) with esbuild, minified and split as bundlers do by default for import(),
// then adds up the app's static chunks and the larger of the two wasm chunks (a page loads
// one: relaxed SIMD where supported, else SIMD128). Budget: 100 kB.
//
//   npm run size              (builds first)
//   node scripts/browser-size.mjs --json
import { build } from 'esbuild';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 100_000;
const root = resolve(import.meta.dirname, '..');
if (!existsSync(join(root, 'dist/index.js'))) {
  console.error('browser-size: dist/index.js is missing; run `npm run build` first');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'sunhwan-size-'));
try {
  // every export referenced, so nothing is tree-shaken away: the upper bound of an app's download
  writeFileSync(
    join(work, 'app.js'),
    `import * as sunhwan from ${JSON.stringify(join(root, 'dist/index.js'))};\nawait sunhwan.setBackendAsync();\nglobalThis.sunhwan = sunhwan;\n`,
  );
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

  const entry = Object.keys(outputs).find((name) => outputs[name].entryPoint);
  const staticChunks = new Set();
  const visit = (name) => {
    if (staticChunks.has(name)) return;
    staticChunks.add(name);
    for (const imp of outputs[name].imports) if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
  };
  visit(entry);
  const wasmChunks = Object.keys(outputs).filter((name) => name.endsWith('.js') && isWasm(name));
  if (wasmChunks.length !== 2) throw new Error(`browser-size: expected 2 wasm chunks, found ${wasmChunks.length}`);
  if ([...staticChunks].some(isWasm)) throw new Error('browser-size: a wasm binary is in the static chunks');

  const jsBytes = [...staticChunks].reduce((sum, name) => sum + gzip(name), 0);
  const jsRaw = [...staticChunks].reduce((sum, name) => sum + files.get(name).length, 0);
  const wasmBytes = Math.max(...wasmChunks.map(gzip));
  const total = jsBytes + wasmBytes;
  const figures = {
    jsMinifiedBytes: jsRaw,
    jsGzipBytes: jsBytes,
    wasmChunkGzipBytes: wasmBytes,
    totalGzipBytes: total,
    budgetBytes: BUDGET_BYTES,
  };
  if (process.argv.includes('--json')) console.log(JSON.stringify(figures));
  else {
    const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
    console.log(`JavaScript: ${kB(jsRaw)} minified, ${kB(jsBytes)} gzip (${staticChunks.size} chunk${staticChunks.size === 1 ? '' : 's'})`);
    console.log(`wasm kernels (one variant: a chunk of gzip + base64): ${kB(wasmBytes)} gzip`);
    console.log(`browser transfer: ${kB(total)} gzip (budget ${kB(BUDGET_BYTES)})`);
  }
  process.exitCode = total <= BUDGET_BYTES ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
