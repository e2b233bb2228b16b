// Builds the native kernels (native/*.c) into src/kernels/native/generated/sunhwan-linux-x64.node
// with the system C compiler, N-API headers from the node-api-headers package (no node-gyp, no
// download). Run by `npm install` (prepare) and `npm run build`, whose dist/ ships the binary:
// users never compile. Only on x86-64 Linux with gcc at hand; elsewhere it says so and exits 0
// (the WebAssembly kernels run instead), unless --require is given. gemm.c, gates.c, sequence.c and train.c are
// compiled twice, for AVX-512 and for AVX2 + FMA; the addon picks one from the CPU at load. Skips the work when
// nothing changed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'native');
const outDir = join(root, 'src/kernels/native/generated');
const output = join(outDir, 'sunhwan-linux-x64.node');
const hashFile = join(outDir, 'source-hash.txt');
const force = process.argv.includes('--force');
const required = process.argv.includes('--require');
const compiler = process.env.CC || 'gcc';

// -ffp-contract=off: no multiply-add fused behind the code's back (GCC contracts AVX2 intrinsics, not AVX-512's), so both
// instruction sets round alike
const COMMON = ['-O3', '-fPIC', '-std=gnu11', '-Wall', '-Wextra', '-fvisibility=hidden', '-fno-strict-aliasing', '-ffp-contract=off'];
/** Each object: its source, the flags that set its instruction set. */
const OBJECTS = [
  { source: 'sunhwan.c', flags: [] },
  { source: 'gemm.c', flags: ['-DSH_AVX512', '-mavx512f', '-mavx512dq', '-mavx512vl', '-mfma'], name: 'gemm-avx512.o' },
  { source: 'gemm.c', flags: ['-DSH_AVX2', '-mavx2', '-mfma'], name: 'gemm-avx2.o' },
  { source: 'gates.c', flags: ['-DSH_AVX512', '-mavx512f', '-mavx512dq', '-mavx512vl', '-mfma'], name: 'gates-avx512.o' },
  { source: 'gates.c', flags: ['-DSH_AVX2', '-mavx2', '-mfma'], name: 'gates-avx2.o' },
  { source: 'sequence.c', flags: ['-DSH_AVX512', '-mavx512f', '-mavx512dq', '-mavx512vl', '-mfma'], name: 'sequence-avx512.o' },
  { source: 'sequence.c', flags: ['-DSH_AVX2', '-mavx2', '-mfma'], name: 'sequence-avx2.o' },
  { source: 'train.c', flags: ['-DSH_AVX512', '-mavx512f', '-mavx512dq', '-mavx512vl', '-mfma'], name: 'train-avx512.o' },
  { source: 'train.c', flags: ['-DSH_AVX2', '-mavx2', '-mfma'], name: 'train-avx2.o' },
];

function skip(message) {
  if (required) {
    console.error(`build-native: ${message}`);
    process.exit(1);
  }
  console.log(`build-native: skipped, ${message}; the WebAssembly kernels will run`);
  process.exit(0);
}

if (process.platform !== 'linux' || process.arch !== 'x64')
  skip(`the native kernels are built for linux-x64 only (this is ${process.platform}-${process.arch})`);
const version = spawnSync(compiler, ['--version'], { encoding: 'utf8' });
if (version.status !== 0) skip(`no C compiler (${compiler}) found`);

let headers;
try {
  headers = join(dirname(createRequire(import.meta.url).resolve('node-api-headers/package.json')), 'include');
} catch {
  skip('the node-api-headers package is not installed');
}

const hash = createHash('sha256');
hash.update(JSON.stringify({ COMMON, OBJECTS, compiler: version.stdout.split('\n')[0] }));
hash.update(readFileSync(fileURLToPath(import.meta.url)));
for (const name of readdirSync(sourceDir).sort()) hash.update(name).update(readFileSync(join(sourceDir, name)));
const sourceHash = hash.digest('hex').slice(0, 16);
if (!force && existsSync(output) && existsSync(hashFile) && readFileSync(hashFile, 'utf8').trim() === sourceHash) {
  console.log(`build-native: up to date (${sourceHash})`);
  process.exit(0);
}

function run(args) {
  const result = spawnSync(compiler, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(result.stderr || result.error?.message || '');
    skip(`${compiler} failed: ${compiler} ${args.join(' ')}`);
  }
}

const work = mkdtempSync(join(tmpdir(), 'sunhwan-native-'));
try {
  const objects = OBJECTS.map(({ source, flags, name }) => {
    const object = join(work, name ?? source.replace(/\.c$/, '.o'));
    run([...COMMON, ...flags, `-I${headers}`, '-c', join(sourceDir, source), '-o', object]);
    return object;
  });
  const linked = join(work, 'addon.node');
  run(['-shared', '-s', '-Wl,-z,noexecstack', '-o', linked, ...objects]);
  mkdirSync(outDir, { recursive: true });
  copyFileSync(linked, `${output}.tmp-${process.pid}`); // the temp dir may be another file system
  renameSync(`${output}.tmp-${process.pid}`, output);
  writeFileSync(hashFile, `${sourceHash}\n`);
  console.log(`build-native: built ${output.slice(root.length + 1)} (${sourceHash})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
