// Small real time series from the shared data: ETT-small (hourly, multivariate: the offline
// stand-in for Jena) and three classic univariate series. Each is "date, numeric columns…".
import { lookupOwn } from '../utils/own.ts';
import { Tensor } from '../tensor.ts';
import { forEachLine } from './read.ts';
import { dataFiles, locateDataFile, type DataFile, type LocateOptions } from './sources.ts';

export interface DatedSeries {
  /** The first column, as written ("2016-07-01 00:00:00", "1949-01", …). */
  dates: string[];
  /** Names of the numeric columns. */
  columns: string[];
  /** [rows, columns] float32. */
  data: Tensor;
}

const unquote = (field: string) => (field.length >= 2 && field.startsWith('"') && field.endsWith('"') ? field.slice(1, -1) : field);

/** Reads a CSV whose first column is a date and the others numbers (quotes and CRLF allowed). */
export async function readDatedCsv(path: string): Promise<DatedSeries> {
  let columns: string[] = [];
  const dates: string[] = [];
  const values: number[] = [];
  await forEachLine(path, (line, n) => {
    if (n === 1) {
      columns = line.split(',').map(unquote).slice(1);
      if (columns.length === 0) throw new Error('expected a header "date,<columns…>"');
      return;
    }
    if (line.length === 0) return;
    const fields = line.split(',');
    if (fields.length !== columns.length + 1) throw new Error(`expected ${columns.length + 1} fields, got ${fields.length}`);
    dates.push(unquote(fields[0]!));
    for (let k = 1; k < fields.length; k++) {
      const v = Number(unquote(fields[k]!));
      if (fields[k]!.length === 0 || Number.isNaN(v)) throw new Error(`column "${columns[k - 1]}": "${fields[k]}" is not a number`);
      values.push(v);
    }
  });
  return { dates, columns, data: new Tensor(Float32Array.from(values), [dates.length, columns.length]) };
}

const ettFiles: Record<string, DataFile> = { ETTh1: dataFiles.ettH1, ETTh2: dataFiles.ettH2 };

/** ETT-small hourly data (17,420 rows): HUFL, HULL, MUFL, MULL, LUFL, LULL, OT (oil temperature). CC BY-ND 4.0. */
export async function ett(name: 'ETTh1' | 'ETTh2' = 'ETTh1', options: LocateOptions = {}): Promise<DatedSeries> {
  const file = lookupOwn(ettFiles, name);
  if (!file) throw new Error(`timeSeries.ett: unknown '${name}'; use 'ETTh1' or 'ETTh2'`);
  return readDatedCsv(await locateDataFile(file, options));
}

const classicFiles: Record<string, DataFile> = {
  'airline-passengers': dataFiles.airlinePassengers,
  'monthly-sunspots': dataFiles.monthlySunspots,
  'daily-min-temperatures': dataFiles.dailyMinTemperatures,
};

/** Airline passengers (144 months), Zurich sunspots (2,820 months), Melbourne minimum temperature (3,650 days). */
export async function classic(
  name: 'airline-passengers' | 'monthly-sunspots' | 'daily-min-temperatures',
  options: LocateOptions = {},
): Promise<DatedSeries> {
  const file = lookupOwn(classicFiles, name);
  if (!file) throw new Error(`timeSeries.classic: unknown '${name}'; use ${Object.keys(classicFiles).join(', ')}`);
  return readDatedCsv(await locateDataFile(file, options));
}
