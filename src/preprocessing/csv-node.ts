// Node-only file helpers (not part of the browser-safe entry): read a CSV or text file,
// gunzipping it when the name ends in .gz.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readCsv, type CsvTable, type ReadCsvOptions } from './csv.ts';

/** The file as UTF-8 text; `.gz` files are decompressed. */
export function readTextFile(path: string): string {
  const bytes = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** readCsv on a file (e.g. jena_climate_2009_2016.csv or 005930_daily.csv.gz). */
export function readCsvFile(path: string, options: ReadCsvOptions = {}): CsvTable {
  try {
    return readCsv(readTextFile(path), options);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}
