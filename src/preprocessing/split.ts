// trainTestSplit: scikit-learn's train_test_split for Tables, Tensors and arrays, plus the two
// splits time series and cross-validated corpora need: chronological ({ shuffle: false }: the
// last rows are the test set) and by a fold column ({ foldColumn, testFold }).

import { Random } from '../random.ts';
import { Tensor } from '../tensor.ts';
import { Table } from './table.ts';

export interface TrainTestSplitOptions {
  /** Test share: a fraction in (0, 1) or a row count (default 0.25, as scikit-learn). */
  testSize?: number;
  /** Seed of the shuffle (default 0, so the split is repeatable). */
  seed?: number;
  /** false: no shuffle, the last rows are the test set (chronological split for series). Default true. */
  shuffle?: boolean;
  /** Labels to stratify by (one per row), or a Table column name: each class keeps its share in both parts. */
  stratify?: ArrayLike<number | string> | Tensor | string;
  /** Split by a fold column of a Table instead: rows whose fold is `testFold` (or in it) are the test set. */
  foldColumn?: string;
  testFold?: number | string | readonly (number | string)[];
}

type Splittable = Table | Tensor | readonly unknown[];

const rowsOf = (data: Splittable): number =>
  data instanceof Table ? data.rows : data instanceof Tensor ? (data.shape[0] ?? 0) : data.length;

function takeRows<T extends Splittable>(data: T, rows: Int32Array): T {
  if (data instanceof Table) return data.take(rows) as T;
  if (data instanceof Tensor) {
    const width = data.size / Math.max(data.shape[0]!, 1);
    const src = data.dataSync();
    const out = new (src.constructor as Float32ArrayConstructor)(rows.length * width);
    rows.forEach((r, i) => out.set(src.subarray(r * width, (r + 1) * width), i * width));
    return new Tensor(out, [rows.length, ...data.shape.slice(1)]) as T;
  }
  return Array.from(rows, (r) => (data as readonly unknown[])[r]) as unknown as T;
}

function labelsOf(data: Splittable, stratify: TrainTestSplitOptions['stratify'], where: string): (string | number)[] {
  if (typeof stratify === 'string') {
    if (!(data instanceof Table)) throw new Error(`${where}: stratify '${stratify}' names a column, which needs a Table`);
    return data.strings(stratify).map((s, r) => {
      if (s === null) throw new Error(`${where}: stratify column '${stratify}' is missing at line ${data.lines[r]}`);
      return s;
    });
  }
  return Array.from(stratify instanceof Tensor ? stratify.dataSync() : stratify!);
}

/** Row indices of the two parts (train, test), as trainTestSplit would take them. */
export function splitIndices(data: Splittable, options: TrainTestSplitOptions = {}): [Int32Array, Int32Array] {
  const where = 'trainTestSplit';
  const n = rowsOf(data);
  if (options.foldColumn !== undefined) {
    if (!(data instanceof Table)) throw new Error(`${where}: foldColumn needs a Table`);
    if (options.testFold === undefined)
      throw new Error(`${where}: foldColumn '${options.foldColumn}' needs testFold (the fold(s) to hold out)`);
    const test = new Set((Array.isArray(options.testFold) ? options.testFold : [options.testFold]).map(String));
    const folds = data.strings(options.foldColumn);
    const present = new Set(folds);
    for (const f of test)
      if (!present.has(f))
        throw new Error(
          `${where}: testFold ${f} does not occur in column '${options.foldColumn}' (folds: ${[...present].sort().join(', ')})`,
        );
    const train: number[] = [];
    const held: number[] = [];
    folds.forEach((f, r) => (f !== null && test.has(f) ? held : train).push(r));
    return [Int32Array.from(train), Int32Array.from(held)];
  }
  const size = options.testSize ?? 0.25;
  const nTest = size > 0 && size < 1 ? Math.ceil(size * n) : size;
  if (!Number.isInteger(nTest) || nTest <= 0 || nTest >= n)
    throw new Error(`${where}: testSize ${size} gives ${nTest} test rows of ${n}; use a fraction in (0, 1) or a count in [1, ${n - 1}]`);
  if (options.shuffle === false) {
    if (options.stratify !== undefined) throw new Error(`${where}: stratify needs shuffle (as in scikit-learn)`);
    return [Int32Array.from({ length: n - nTest }, (_, i) => i), Int32Array.from({ length: nTest }, (_, i) => n - nTest + i)];
  }
  const rng = new Random(options.seed ?? 0);
  if (options.stratify === undefined) {
    const order = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
    return [order.slice(nTest), order.slice(0, nTest)];
  }
  const labels = labelsOf(data, options.stratify, where);
  if (labels.length !== n) throw new Error(`${where}: stratify has ${labels.length} labels for ${n} rows`);
  const byClass = new Map<string | number, number[]>();
  labels.forEach((l, r) => (byClass.get(l) ?? byClass.set(l, []).get(l)!).push(r));
  // Largest-remainder allocation of the test rows over the classes (proportional, exact total).
  const classes = [...byClass.keys()].sort();
  const quota = classes.map((c) => (byClass.get(c)!.length * nTest) / n);
  const take = quota.map(Math.floor);
  let left = nTest - take.reduce((a, b) => a + b, 0);
  for (const k of quota.map((q, k) => [q - Math.floor(q), k] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])) {
    if (left-- <= 0) break;
    take[k[1]]!++;
  }
  const train: number[] = [];
  const test: number[] = [];
  classes.forEach((c, k) => {
    const rows = rng.shuffle(byClass.get(c)!);
    test.push(...rows.slice(0, take[k]));
    train.push(...rows.slice(take[k]));
  });
  return [rng.shuffle(Int32Array.from(train)), rng.shuffle(Int32Array.from(test))];
}

/**
 * Splits rows into [train, test]:
 *
 *     const [train, test] = trainTestSplit(table, { testSize: 0.2, seed: 42, stratify: 'label' });
 *     const [past, future] = trainTestSplit(series, { testSize: 0.2, shuffle: false });
 *     const [others, fold4] = trainTestSplit(reviews, { foldColumn: 'fold', testFold: 4 });
 */
export function trainTestSplit<T extends Splittable>(data: T, options: TrainTestSplitOptions = {}): [T, T] {
  const [train, test] = splitIndices(data, options);
  return [takeRows(data, train), takeRows(data, test)];
}
