// `npx tsx bench/csv-parsers.ts`: the hand-written CSV reader (readCsv / readTable) against
// papaparse and csv-parse on the largest CSV of the shared data (ETTh2, 17,420 rows × 8), repeated
// 16 times to a Jena-sized text (≈39 MB, 278,720 rows). Every contender ends with the same
// float32 matrix of the 7 numeric columns. CPU time per parse, best of 3.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { parse } from 'csv-parse/sync';
import { readCsv } from '../src/preprocessing/csv.ts';
import { readTable } from '../src/preprocessing/table-read.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.SUNHWAN_DATA ?? resolve(repoRoot, '../shared/data');
const one = gunzipSync(readFileSync(resolve(dataDir, 'ett_small/ETTh2.csv.gz'))).toString('utf8');
const [head, ...rest] = one.split('\n');
const body = rest.filter(Boolean).join('\n');
const text = `${head}\n${Array(16).fill(body).join('\n')}\n`;
const F = 7;

function toMatrix(rows: string[][]): Float32Array {
  const n = rows.length - 1;
  const out = new Float32Array(n * F);
  for (let i = 0; i < n; i++) for (let k = 0; k < F; k++) out[i * F + k] = Number(rows[i + 1]![k + 1]);
  return out;
}

function best(label: string, run: () => number): void {
  let bestMs = Infinity;
  let rows = 0;
  for (let rep = 0; rep < 3; rep++) {
    const start = process.cpuUsage();
    rows = run();
    const used = process.cpuUsage(start);
    bestMs = Math.min(bestMs, (used.user + used.system) / 1000);
  }
  console.log(`${label.padEnd(36)} ${bestMs.toFixed(0).padStart(6)} ms cpu  ${rows} rows`);
}

console.log(`ETTh2 × 16: ${(text.length / 1e6).toFixed(1)} MB`);
best('readCsv (hand-written)', () => readCsv(text).rows.shape[0]!);
best('readTable (hand-written, columns)', () => readTable(text, { columns: { date: 'date' } }).rows);
best('papaparse 5 + Number()', () => toMatrix(Papa.parse<string[]>(text, { skipEmptyLines: true }).data).length / F);
best(
  'papaparse 5 fastMode + Number()',
  () => toMatrix(Papa.parse<string[]>(text, { skipEmptyLines: true, fastMode: true }).data).length / F,
);
best('csv-parse 7 (sync) + Number()', () => toMatrix(parse(text, { skip_empty_lines: true }) as string[][]).length / F);
