// Jena climate 2009-2016 (Max Planck Institute for Biogeochemistry, Olaf Kolle), the weather
// series of "Deep Learning with Python" 6.3: 420,551 rows every 10 minutes, a "Date Time" column
// and 14 numeric features. No copy is bundled: the only source is the book's download
// (a zip), fetched once through getFile. Parsed streaming into one float32 [rows, 14] Tensor.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Tensor } from '../tensor.ts';
import { forEachLine } from './read.ts';
import { jenaDownload, fetchDownload, type Download, type LocateOptions } from './sources.ts';
import { dataDir } from './get-file.ts';

export const JENA_CSV = 'jena_climate_2009_2016.csv';

export interface JenaOptions extends LocateOptions {
  /** Override the download (tests serve a small file from a local server). */
  url?: string;
  /** Expected SHA-256 of the zip; by default the first download's hash is recorded and checked. */
  sha256?: string;
}

export interface JenaData {
  /** [rows, 14] float32, columns as in `columns`. */
  data: Tensor;
  /** The 14 feature names ("p (mbar)", "T (degC)", …). */
  columns: string[];
  /** The full header, starting with "Date Time". */
  header: string[];
  /** "01.01.2009 00:10:00", … one per row. */
  dates: string[];
}

/** Parses a Jena-format CSV (header `"Date Time",<features…>`, then `date,v1,…`). */
export async function parseJenaCsv(path: string): Promise<JenaData> {
  let header: string[] = [];
  let width = 0;
  let values = new Float32Array(1 << 16);
  let rows = 0;
  const dates: string[] = [];
  await forEachLine(path, (line, n) => {
    if (n === 1) {
      header = line.split(',').map((h) => h.replace(/^"|"$/g, ''));
      if (header[0] !== 'Date Time' || header.length < 2)
        throw new Error(`expected a header starting with "Date Time", got "${line.slice(0, 60)}"`);
      width = header.length - 1;
      return;
    }
    if (line.length === 0) return; // trailing newline
    const fields = line.split(',');
    if (fields.length !== width + 1) throw new Error(`expected ${width + 1} comma-separated fields, got ${fields.length}`);
    if ((rows + 1) * width > values.length) {
      const grown = new Float32Array(values.length * 2);
      grown.set(values);
      values = grown;
    }
    const base = rows * width;
    for (let k = 0; k < width; k++) {
      const text = fields[k + 1]!;
      const v = Number(text);
      if (text.length === 0 || Number.isNaN(v)) throw new Error(`column "${header[k + 1]}": "${text}" is not a number`);
      values[base + k] = v;
    }
    dates.push(fields[0]!);
    rows++;
  });
  if (rows === 0) throw new Error(`${path}: no data rows`);
  return { data: new Tensor(values.slice(0, rows * width), [rows, width]), columns: header.slice(1), header, dates };
}

/**
 * Loads the Jena climate data. Looks for `jena_climate/jena_climate_2009_2016.csv` in the data
 * folder first, else downloads and extracts the canonical zip into the cache.
 */
export async function loadData(options: JenaOptions = {}): Promise<JenaData> {
  const root = options.dataDir ?? dataDir();
  const local = join(root, 'jena_climate', JENA_CSV);
  if (existsSync(local) && statSync(local).isFile()) return parseJenaCsv(local);
  const url = options.url ?? options.urls?.[jenaDownload.file] ?? jenaDownload.url;
  const download: Download = { ...jenaDownload, url, sha256: options.sha256 ?? jenaDownload.sha256 };
  const folder = await fetchDownload(download, root);
  const csv = findCsv(folder);
  return parseJenaCsv(csv);
}

function findCsv(folder: string): string {
  const direct = join(folder, JENA_CSV);
  if (existsSync(direct)) return direct;
  const csvs = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.csv'));
  if (csvs.length !== 1) throw new Error(`${folder}: expected ${JENA_CSV} in the extracted zip, found [${csvs.join(', ')}]`);
  return join(folder, csvs[0]!);
}
