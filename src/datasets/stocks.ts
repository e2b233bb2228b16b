// Daily stock prices (OHLCV) as in the RNN lesson's (11장 순환 신경망) `fdr.DataReader('005930', '2016')`.
// Only Samsung Electronics (KRX 005930) is available: the shared CSV, or its canonical download
// (FinanceDataReader's output, committed in kimdj0413/TimeSeries). Prices are adjusted for the
// 2018 50:1 split; Volume is not (see samsung_stock/README.md).
import { lookupOwn } from '../utils/own.ts';
import { Tensor } from '../tensor.ts';
import { forEachLine } from './read.ts';
import { dataFiles, locateDataFile, type DataFile, type LocateOptions } from './sources.ts';

const symbols: Record<string, DataFile> = { '005930': dataFiles.samsungDaily };

export const STOCK_COLUMNS = ['Open', 'High', 'Low', 'Close', 'Volume', 'Change'] as const;

export interface StockOptions extends LocateOptions {
  /** First date to keep, a prefix such as '2016' or '2016-01-04' (inclusive), like fdr.DataReader. */
  start?: string;
  /** Last date to keep (inclusive prefix comparison). */
  end?: string;
}

export interface StockData {
  /** 'YYYY-MM-DD', one per row. */
  dates: string[];
  columns: string[];
  /** [days, 6] float32: Open, High, Low, Close, Volume, Change (NaN where the CSV is empty: the first day's Change). */
  data: Tensor;
  /** One column as a [days, 1] tensor, e.g. `column('Open')` for the RNN lesson's (11장 순환 신경망) `samsung[['Open']]`. */
  column(name: string): Tensor;
}

export async function loadData(symbol: string, options: StockOptions = {}): Promise<StockData> {
  const file = lookupOwn(symbols, symbol);
  if (!file) throw new Error(`stocks.loadData: no data for '${symbol}'; available: ${Object.keys(symbols).join(', ')}`);
  const path = await locateDataFile(file, options);
  const dates: string[] = [];
  const values: number[] = [];
  const width = STOCK_COLUMNS.length;
  await forEachLine(path, (line, n) => {
    if (n === 1) {
      const expected = ['Date', ...STOCK_COLUMNS].join(',');
      if (line !== expected) throw new Error(`expected the header "${expected}", got "${line}"`);
      return;
    }
    if (line.length === 0) return;
    const fields = line.split(',');
    if (fields.length !== width + 1) throw new Error(`expected ${width + 1} fields, got ${fields.length}`);
    const date = fields[0]!;
    if (options.start !== undefined && date < options.start) return;
    if (options.end !== undefined && date.slice(0, options.end.length) > options.end) return;
    dates.push(date);
    for (let k = 1; k <= width; k++) {
      const text = fields[k]!;
      const v = text.length === 0 ? Number.NaN : Number(text);
      if (text.length > 0 && Number.isNaN(v)) throw new Error(`column ${STOCK_COLUMNS[k - 1]}: "${text}" is not a number`);
      values.push(v);
    }
  });
  const data = new Tensor(Float32Array.from(values), [dates.length, width]);
  const columns: string[] = [...STOCK_COLUMNS];
  return {
    dates,
    columns,
    data,
    column(name: string): Tensor {
      const k = columns.indexOf(name);
      if (k < 0) throw new Error(`stocks: no column '${name}'; columns are ${columns.join(', ')}`);
      const out = new Float32Array(dates.length);
      const all = data.dataSync();
      for (let i = 0; i < dates.length; i++) out[i] = all[i * width + k]!;
      return new Tensor(out, [dates.length, 1]);
    },
  };
}
