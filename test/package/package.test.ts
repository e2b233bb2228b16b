// The package as a user gets it: `npm pack` (its prepack builds dist/), the tarball installed
// offline into a temporary project (only the tarball and npm's cache, which `npm ci` filled),
// then used there from plain Node ESM, CommonJS, a strict `tsc` build (NodeNext and Bundler),
// an esbuild browser bundle trained in headless Chromium, and the `sunhwan` command; publint
// and @arethetypeswrong/cli check the tarball. The programs are in test/package/consumer/.
import { spawn, type SpawnOptions } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CharTokenizer } from '../../src/preprocessing/index.ts';
import { CHROMIUM_ARGS } from '../../src/collect/browser.ts';

const root = resolve(import.meta.dirname, '../..');
const consumer = join(root, 'test/package/consumer');
const bin = (name: string) => join(root, 'node_modules/.bin', name);
const chromium = process.env.CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

let work = '';
let project = '';
let tarball = '';
let installed = '';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end without blocking the event loop (the browser test serves files meanwhile). */
function run(command: string, args: string[], options: SpawnOptions & { timeout?: number } = {}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: project, ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 280_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolvePromise({ status, stdout, stderr });
    });
  });
}

function expectOk(r: Run): void {
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
}

/** The last line of a program's output, parsed. */
function lastJson(r: Run): Record<string, unknown> {
  expectOk(r);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

/**
 * The consumer's package.json and lockfile: sunhwan from the tarball, its dependencies at the
 * versions (and integrity) of this repository's lockfile, so `npm ci --offline` takes them from
 * npm's cache, which this repository's own install filled. (A plain `npm install --offline
 * <tarball>` asks for full registry documents the cache does not hold.)
 */
function writeConsumerProject(tarballName: string): void {
  const repoLock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const ours = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const dependencies = { sunhwan: `file:../${tarballName}` };
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', version: '1.0.0', dependencies },
    'node_modules/sunhwan': { version: ours.version, resolved: `file:../${tarballName}`, dependencies: ours.dependencies, bin: ours.bin },
  };
  // every package the tarball's dependencies reach, at the lockfile path Node would resolve
  // (nested copies included), as the repository's lockfile holds them
  const nearest = (from: string, name: string): string | null => {
    for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/node_modules/')))) {
      const path = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (repoLock.packages[path]) return path;
      if (!dir) return null;
    }
  };
  const todo: Array<[string, string, boolean]> = [
    ...Object.keys(ours.dependencies ?? {}).map((name): [string, string, boolean] => ['', name, false]),
    ...Object.keys(ours.optionalDependencies ?? {}).map((name): [string, string, boolean] => ['', name, true]),
  ];
  while (todo.length) {
    const [from, name, optional] = todo.pop()!;
    const path = nearest(from, name);
    if (!path) {
      if (optional) continue; // a platform build the lockfile does not record
      throw new Error(`package-lock.json has no ${name} for ${from || 'the package'}`);
    }
    if (packages[path]) continue;
    const entry = repoLock.packages[path];
    packages[path] = entry;
    for (const dep of Object.keys(entry.dependencies ?? {})) todo.push([path, dep, false]);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) todo.push([path, dep, true]);
  }
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, version: '1.0.0', type: 'module', dependencies }),
  );
  writeFileSync(
    join(project, 'package-lock.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }),
  );
}

/** Whether `npm pack` (prepack: npm run build) built the native kernels here: x86-64 Linux with gcc. */
let nativeBuilt = false;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sunhwan-package-'));
  project = join(work, 'app');
  // npm pack runs prepack: the wasm build (up to date) and tsdown into dist/
  const pack = await run('npm', ['pack', '--pack-destination', work], { cwd: root, timeout: 480_000 });
  expectOk(pack);
  nativeBuilt = existsSync(join(root, 'src/kernels/native/generated/sunhwan-linux-x64.node'));
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  tarball = join(work, `sunhwan-${version}.tgz`);
  mkdirSync(project);
  for (const file of readdirSync(consumer)) copyFileSync(join(consumer, file), join(project, file));
  writeConsumerProject(`sunhwan-${version}.tgz`);
  const install = await run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { timeout: 240_000 });
  expectOk(install);
  installed = join(project, 'node_modules/sunhwan');
}, 720_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

// the checks are independent (own files and output folders): they run side by side
describe.concurrent('the packed package', () => {
  it('holds dist/, README, LICENSE, CHANGELOG and needs no install script', () => {
    const files = readdirSync(installed);
    expect(files.sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'package.json']);
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    // (npm runs `prepare` only for git and folder installs, never for a tarball)
    for (const script of ['preinstall', 'install', 'postinstall']) expect(pkg.scripts?.[script]).toBeUndefined();
    // only the dist files: no TypeScript source, and the two wasm binaries Node reads
    const dist = readdirSync(join(installed, 'dist'), { recursive: true }).map(String);
    expect(dist.filter((f) => extname(f) === '.ts' && !f.endsWith('.d.ts'))).toEqual([]);
    expect(dist.filter((f) => f.endsWith('.wasm')).sort()).toEqual(['generated/relaxed.wasm', 'generated/simd.wasm']);
    // and the native kernels' binary where the build made one (x86-64 Linux with gcc, as on CI)
    expect(dist.filter((f) => f.endsWith('.node'))).toEqual(nativeBuilt ? ['generated/sunhwan-linux-x64.node'] : []);
  });

  it('runs in plain Node ESM (the native kernels, or the wasm ones, load synchronously from dist; workers too)', async () => {
    const out = lastJson(await run('node', ['esm.mjs']));
    if (nativeBuilt) expect(out.kernels).toBe('native');
    else expect(out.kernels).toMatch(/^wasm-/);
    expect(out.warnings).toEqual([]);
    expect(out.lastLoss as number).toBeLessThan(out.firstLoss as number);
    expect(out).toMatchObject({ sameClass: true, generate: 'function', vocabulary: CharTokenizer.fit('hello').vocabularySize });
  }, 300_000);

  it('runs from CommonJS, with sunhwan and sunhwan/node sharing one LayersModel class', async () => {
    const out = lastJson(await run('node', ['cjs.cjs']));
    if (nativeBuilt) expect(out.kernels).toBe('native');
    else expect(out.kernels).toMatch(/^wasm-/);
    expect(out.lastLoss as number).toBeLessThan(out.firstLoss as number);
    expect(out).toMatchObject({ sameClass: true, sameHeap: true });
  }, 300_000);

  for (const resolution of ['NodeNext', 'Bundler'] as const) {
    it(`compiles in a strict tsc build (moduleResolution ${resolution}, skipLibCheck false) and the emitted program runs`, async () => {
      const outDir = `out-${resolution.toLowerCase()}`;
      const files = resolution === 'NodeNext' ? ['typed.ts', 'typed-cjs.cts'] : ['typed.ts'];
      const tsconfig = {
        compilerOptions: {
          target: 'ES2022',
          module: resolution === 'NodeNext' ? 'NodeNext' : 'ESNext',
          moduleResolution: resolution,
          lib: ['ES2022', 'DOM'],
          types: [],
          strict: true,
          skipLibCheck: false,
          outDir,
        },
        files,
      };
      writeFileSync(join(project, `tsconfig.${resolution}.json`), JSON.stringify(tsconfig));
      const tsc = await run('node', [join(root, 'node_modules/typescript/bin/tsc'), '-p', `tsconfig.${resolution}.json`]);
      expect(tsc.stdout + tsc.stderr).toBe('');
      expectOk(tsc);
      const out = lastJson(await run('node', [join(outDir, 'typed.js')]));
      expect(out).toMatchObject({
        epochs: 2,
        padded: [2, 3],
        vocabulary: CharTokenizer.fit('hello').vocabularySize,
        generate: 'function',
        loader: 'function',
      });
    }, 300_000);
  }

  it.skipIf(!chromium)(
    'bundles for the browser with esbuild (no configuration), loads one wasm variant and trains in headless Chromium',
    async () => {
      const { build } = await import('esbuild');
      const outdir = join(project, 'web');
      await build({
        absWorkingDir: project,
        entryPoints: ['browser.mjs'],
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'browser',
        minify: true,
        outdir,
        logLevel: 'error',
      });
      writeFileSync(join(outdir, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="./browser.js"></script>');
      const requested: string[] = [];
      const server = createServer((req, res) => {
        const file = join(outdir, (req.url ?? '/').split('?')[0]!.replace(/^\/$/, '/index.html'));
        if (!file.startsWith(outdir) || !existsSync(file)) return void res.writeHead(404).end();
        requested.push(file);
        res.writeHead(200, { 'content-type': file.endsWith('.html') ? 'text/html' : 'text/javascript' }).end(readFileSync(file));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const { chromium: playwright } = await import('playwright-core');
      const browser = await playwright.launch({
        executablePath: chromium,
        args: [...CHROMIUM_ARGS],
      });
      try {
        const page = await browser.newPage();
        await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
        await page.waitForFunction(() => (globalThis as { result?: unknown }).result !== undefined, null, { timeout: 150_000 });
        const result = (await page.evaluate(() => (globalThis as { result?: unknown }).result)) as Record<string, unknown>;
        expect(result.ok, String(result.error)).toBe(true);
        expect(result.kernels).toMatch(/^wasm-/);
        expect(result.lastLoss as number).toBeLessThan(result.firstLoss as number);
        // of the two chunks that hold a wasm binary (gzip in base64: a string starting "H4sI"), one was loaded
        const wasmChunks = readdirSync(outdir).filter((f) => /["'`]H4sI/.test(readFileSync(join(outdir, f), 'utf8')));
        expect(wasmChunks.length).toBe(2);
        expect(requested.filter((f) => wasmChunks.some((c) => f.endsWith(c))).length).toBe(1);
        // the "browser" condition picked the entry without the native kernels' loader (which names the addon file)
        expect(readdirSync(outdir).filter((f) => readFileSync(join(outdir, f), 'utf8').includes('sunhwan-linux-x64.node'))).toEqual([]);
        // the budget: what the page downloaded, gzip-compressed, ≤ 100 kB (npm run size prints it)
        const transfer = requested.reduce((sum, f) => sum + gzipSync(readFileSync(f), { level: 9 }).length, 0);
        expect(transfer).toBeLessThanOrEqual(100_000);
      } finally {
        await browser.close();
        server.close();
      }
    },
    300_000,
  );

  const cliBuilt = existsSync(join(root, 'src/cli/main.ts'));
  it.skipIf(!cliBuilt)(
    'runs `npx sunhwan --help` and `npx sunhwan recipe sine-wave --quick` (when the package has its command line)',
    async () => {
      const help = await run('npx', ['--no', '--', 'sunhwan', '--help']);
      expectOk(help);
      expect(help.stdout).toMatch(/recipe/);
      const recipe = await run('npx', ['--no', '--', 'sunhwan', 'recipe', 'sine-wave', '--quick'], { timeout: 240_000 });
      expectOk(recipe);
      expect(recipe.stdout).toMatch(/sine-wave/);
    },
    300_000,
  );

  it('passes publint', async () => {
    const { publint } = await import('publint');
    const { formatMessage } = await import('publint/utils');
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    const { messages } = await publint({ pkgDir: installed, pack: false, strict: true });
    const problems = messages.map((m) => `${m.type}: ${formatMessage(m, pkg, { color: false })}`);
    // the bin is the command line's build (src/cli/main.ts), which lands separately
    const expected = cliBuilt ? [] : ['error: pkg.bin.sunhwan is ./dist/cli.js but the file does not exist.'];
    expect(problems).toEqual(expected);
  }, 300_000);

  it('passes @arethetypeswrong/cli (node10, node16 from ESM and CommonJS, bundler)', async () => {
    const attw = await run(bin('attw'), [tarball, '--format', 'json'], { cwd: root });
    const report = JSON.parse(attw.stdout);
    expect(report.analysis.problems ?? [], attw.stdout.slice(0, 2000)).toEqual([]);
    expectOk(attw);
  }, 300_000);
});
