// Node-only file helpers (not part of the browser-safe entry): read a CSV or text file,
// gunzipping it when it is gzip, and rejecting invalid UTF-8 with the line it is on.

import { readCsv, type CsvTable, type ReadCsvOptions } from './csv.ts';
import { readFileText } from './text-bytes.ts';

/** The file as text (UTF-8 unless `encoding` says 'latin1'); gzip files are decompressed. */
export function readTextFile(path: string, options: { encoding?: 'utf8' | 'latin1' } = {}): string {
  return readFileText(path, options.encoding ?? 'utf8');
}

/** readCsv on a file (e.g. jena_climate_2009_2016.csv or 005930_daily.csv.gz). Errors start with the path. */
export function readCsvFile(path: string, options: ReadCsvOptions = {}): CsvTable {
  const text = readTextFile(path);
  try {
    return readCsv(text, options);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}
