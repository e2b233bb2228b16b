// `npm run bench:datasets`: how long the loaders take on the shared data (SUNHWAN_DATA, default
// ../shared/data). IMDB is timed cold (encoding the raw reviews) and warm (encoded cache).
// Jena has no local copy, so a generated CSV of the same size (420,551 rows x 14) is parsed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { imdb, reuters, nsmc, smsSpam, glove, jena } from '../src/datasets/index.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.SUNHWAN_DATA ?? resolve(repoRoot, '../shared/data');
const cacheDir = mkdtempSync(join(tmpdir(), 'sunhwan-bench-'));

async function time<T>(label: string, run: () => Promise<T>, describe: (result: T) => string): Promise<void> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = await run();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // CPU time too: on a busy machine wall time mostly measures the other processes.
  console.log(
    `${label.padEnd(44)} ${(ms / 1000).toFixed(2).padStart(6)} s wall ${cpuSeconds.toFixed(2).padStart(6)} s cpu  ${describe(result)}`,
  );
}

console.log(
  `data: ${dataDir}  (load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).availableParallelism()} cores)`,
);
await time(
  'imdb.loadTexts()',
  () => imdb.loadTexts({ dataDir }),
  ([[x]]) => `${x.length} + ${x.length} reviews`,
);
await time(
  'imdb.loadData({numWords: 10000}) cold',
  () => imdb.loadData({ dataDir, cacheDir, numWords: 10000 }),
  ([[x], [t]]) => `${x.length} + ${t.length} sequences, encoded`,
);
await time(
  'imdb.loadData({numWords: 10000}) warm',
  () => imdb.loadData({ dataDir, cacheDir, numWords: 10000 }),
  ([[x]]) => `${x.length} sequences from the encoded cache`,
);
await time(
  'reuters.loadData()',
  () => reuters.loadData({ dataDir }),
  ([[x], [t]]) => `${x.length} + ${t.length} sequences`,
);
await time(
  'nsmc.loadData()',
  () => nsmc.loadData({ dataDir }),
  ([[x], [t]]) => `${x.length} + ${t.length} reviews`,
);
await time(
  'smsSpam.loadData()',
  () => smsSpam.loadData({ dataDir }),
  (d) => `${d.texts.length} messages`,
);
await time(
  "glove.load('glove.6B.50d.subset5k')",
  () => glove.load('glove.6B.50d.subset5k', { dataDir }),
  (g) => `${g.size} x ${g.dim}`,
);

// A Jena-sized CSV: 420,551 rows of "date,14 values".
const csvPath = join(cacheDir, 'jena_climate_2009_2016.csv');
const header =
  '"Date Time","p (mbar)","T (degC)","Tpot (K)","Tdew (degC)","rh (%)","VPmax (mbar)","VPact (mbar)","VPdef (mbar)","sh (g/kg)","H2OC (mmol/mol)","rho (g/m**3)","wv (m/s)","max. wv (m/s)","wd (deg)"';
const lines = [header];
for (let i = 0; i < 420551; i++) {
  const values = Array.from({ length: 14 }, (_, k) => (((i * 7 + k * 13) % 1000) / 10 - 20).toFixed(2));
  lines.push(`01.01.2009 00:10:00,${values.join(',')}`);
}
writeFileSync(csvPath, `${lines.join('\n')}\n`);
await time(
  'jena.parseJenaCsv (420,551 x 14, generated)',
  () => jena.parseJenaCsv(csvPath),
  (d) => `[${d.data.shape.join(', ')}] float32`,
);
rmSync(cacheDir, { recursive: true, force: true });
