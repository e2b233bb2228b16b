// The published build (`npm run build`, run by `prepack`): dist/ holds JavaScript + .d.ts for
// every entry. Tests, recipes and benchmarks run from src/ (tsconfig paths map `sunhwan` there).
//
// - The library entries are built twice, ESM (.js/.d.ts) and CommonJS (.cjs/.d.cts), each
//   with shared chunks, so `sunhwan` and `sunhwan/node` load one engine, one heap and one
//   LayersModel class in either format.
// - The command line (src/cli/main.ts, the package's bin) and the recipes it imports are ESM
//   only, built with the library's ESM entries so they share its chunks; included once
//   src/cli/main.ts exists. The build adds its #!/usr/bin/env node line.
// - The wasm kernels: Node reads generated/<variant>.wasm beside the chunk that loads them;
//   browsers import generated/<variant>.ts, which becomes its own chunk.
// - The main entry has a Node build (dist/index.*) and a browser build (dist/browser.*), chosen
//   by the "browser" export condition; the other entries are the same everywhere.
// - The native kernels (linux-x64): generated/sunhwan-linux-x64.node beside the chunks too,
//   built by scripts/build-native.mjs before tsdown runs; a build without gcc ships none.
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { defineConfig, type UserConfig } from 'tsdown';

const NATIVE_BINARY = 'src/kernels/native/generated/sunhwan-linux-x64.node';

const LIBRARY_ENTRIES = {
  // the main entry twice: Node's adds the native kernels and the worker pool up front
  // (src/platform/node.ts); the browser condition picks the other, which has neither
  index: 'src/index.ts',
  browser: 'src/index.browser.ts',
  preprocessing: 'src/preprocessing/index.ts',
  datasets: 'src/datasets/index.ts',
  node: 'src/io/node.ts',
  viz: 'src/viz/index.ts',
};

/** The command line, once src/cli/main.ts exists; the recipes it runs come in through its imports. */
function commandLineEntries(): Record<string, string> {
  return existsSync('src/cli/main.ts') ? { cli: 'src/cli/main.ts' } : {};
}

/** dist/cli.js gets its #!/usr/bin/env node line; a command has no types to publish. */
function finishCommandLine(): void {
  if (!existsSync('dist/cli.js')) return;
  const text = readFileSync('dist/cli.js', 'utf8');
  if (!text.startsWith('#!')) writeFileSync('dist/cli.js', `#!/usr/bin/env node\n${text}`);
  chmodSync('dist/cli.js', 0o755);
  rmSync('dist/cli.d.ts', { force: true });
}

/**
 * The CommonJS declarations: each .d.ts again as .d.cts, its relative imports pointing at the
 * .d.cts files (`./x.js` → `./x.cjs`). rolldown-plugin-dts's own CommonJS declarations export
 * a runtime helper (__exportAll) that does not exist in types, which strict tsc rejects.
 */
function writeCommonJsDeclarations(): void {
  for (const name of readdirSync('dist')) {
    if (!name.endsWith('.d.ts')) continue;
    const text = readFileSync(`dist/${name}`, 'utf8').replace(/(from\s+["']\.\/[^"']+)\.js(["'])/g, '$1.cjs$2');
    writeFileSync(`dist/${name.slice(0, -'.d.ts'.length)}.d.cts`, text);
  }
}

const common: UserConfig = {
  outDir: 'dist',
  platform: 'neutral',
  target: 'es2022',
  tsconfig: 'tsconfig.build.json',
  fixedExtension: false,
  hash: true,
  clean: false,
  sourcemap: false,
  shims: true,
  deps: { neverBundle: [/^node:/] },
};

export default defineConfig([
  {
    ...common,
    clean: true,
    entry: { ...LIBRARY_ENTRIES, ...commandLineEntries() },
    format: 'esm',
    dts: true,
    copy: [
      { from: 'src/kernels/wasm/generated/*.wasm', to: 'dist/generated' },
      // the native kernels' binary, when this machine built it (scripts/build-native.mjs)
      ...(existsSync(NATIVE_BINARY) ? [{ from: NATIVE_BINARY, to: 'dist/generated' }] : []),
    ],
    hooks: {
      'build:done': () => {
        finishCommandLine();
        writeCommonJsDeclarations();
      },
    },
  },
  {
    ...common,
    entry: LIBRARY_ENTRIES,
    format: 'cjs',
    dts: false, // written from the ESM declarations (writeCommonJsDeclarations)
  },
]);
