// A small column table for the files users bring (what the books get from pandas): named columns
// of four kinds, the NA handling and encodings a model needs, and toTensor(). Tables are
// immutable: every operation returns a new Table sharing unchanged columns. Missing values are
// NaN in number and date columns, code −1 in categories and null in text.

import { Tensor } from '../tensor.ts';

export type ColumnKind = 'number' | 'category' | 'text' | 'date';

export interface NumberColumn {
  readonly kind: 'number';
  /** float32; NaN where missing. */
  readonly values: Float32Array;
}
export interface CategoryColumn {
  readonly kind: 'category';
  /** Index into labels; −1 where missing. */
  readonly codes: Int32Array;
  /** Sorted distinct values (string order, as pandas and scikit-learn sort). */
  readonly labels: readonly string[];
}
export interface TextColumn {
  readonly kind: 'text';
  readonly values: readonly (string | null)[];
}
export interface DateColumn {
  readonly kind: 'date';
  /** The field as written (null where missing). */
  readonly values: readonly (string | null)[];
  /** Milliseconds since 1970 UTC (the text is read as UTC); NaN where missing. */
  readonly time: Float64Array;
}
export type Column = NumberColumn | CategoryColumn | TextColumn | DateColumn;

const isMissing = (c: Column, r: number): boolean =>
  c.kind === 'number'
    ? Number.isNaN(c.values[r]!)
    : c.kind === 'category'
      ? c.codes[r]! < 0
      : c.kind === 'date'
        ? Number.isNaN(c.time[r]!)
        : c.values[r] === null;

function takeRows(c: Column, rows: ArrayLike<number>): Column {
  const n = rows.length;
  switch (c.kind) {
    case 'number': {
      const v = new Float32Array(n);
      for (let i = 0; i < n; i++) v[i] = c.values[rows[i]!]!;
      return { kind: 'number', values: v };
    }
    case 'category': {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = c.codes[rows[i]!]!;
      return { kind: 'category', codes, labels: c.labels };
    }
    case 'text':
      return { kind: 'text', values: Array.from({ length: n }, (_, i) => c.values[rows[i]!]!) };
    case 'date': {
      const time = new Float64Array(n);
      for (let i = 0; i < n; i++) time[i] = c.time[rows[i]!]!;
      return { kind: 'date', values: Array.from({ length: n }, (_, i) => c.values[rows[i]!]!), time };
    }
  }
}

export class Table {
  /** Column names, in order. */
  readonly names: readonly string[];
  /** Number of rows. */
  readonly rows: number;
  /** The file line each row came from (for error messages), or row + 1 for built tables. */
  readonly lines: Int32Array;
  /** Where the table came from (a path, or 'text'), for error messages. */
  readonly source: string;
  private readonly byName: Map<string, Column>;

  constructor(columns: Record<string, Column> | [string, Column][], options: { lines?: Int32Array; source?: string } = {}) {
    const entries = Array.isArray(columns) ? columns : Object.entries(columns);
    this.byName = new Map(entries);
    if (this.byName.size !== entries.length) throw new Error('Table: column names must be distinct');
    this.names = Object.freeze(entries.map(([name]) => name));
    const lengths = entries.map(([, c]) => (c.kind === 'category' ? c.codes.length : c.values.length));
    this.rows = lengths[0] ?? 0;
    entries.forEach(([name], k) => {
      if (lengths[k] !== this.rows)
        throw new Error(`Table: column '${name}' has ${lengths[k]} rows, column '${entries[0]![0]}' has ${this.rows}`);
    });
    this.lines = options.lines ?? Int32Array.from({ length: this.rows }, (_, r) => r + 1);
    this.source = options.source ?? 'table';
  }

  private where(method: string): string {
    return `Table.${method} (${this.source})`;
  }

  /** The column by name; the error lists the names there are. */
  column(name: string): Column {
    const c = this.byName.get(name);
    if (!c) throw new Error(`${this.where('column')}: no column '${name}' (columns: ${this.names.map((n) => `'${n}'`).join(', ')})`);
    return c;
  }

  private typed<K extends ColumnKind>(name: string, kind: K, method: string): Extract<Column, { kind: K }> {
    const c = this.column(name);
    if (c.kind !== kind)
      throw new Error(
        `${this.where(method)}: column '${name}' is ${c.kind}, not ${kind} (read it with { columns: { '${name}': '${kind}' } })`,
      );
    return c as Extract<Column, { kind: K }>;
  }

  /** A number column's values (NaN where missing). */
  numbers(name: string): Float32Array {
    return this.typed(name, 'number', 'numbers').values;
  }

  /** A category column (codes and labels). */
  category(name: string): CategoryColumn {
    return this.typed(name, 'category', 'category');
  }

  /** A text or date column's strings (null where missing); a category's labels per row. */
  strings(name: string): (string | null)[] {
    const c = this.column(name);
    if (c.kind === 'category') return Array.from(c.codes, (k) => (k < 0 ? null : c.labels[k]!));
    if (c.kind === 'number') return Array.from(c.values, (v) => (Number.isNaN(v) ? null : String(v)));
    return [...c.values];
  }

  /** A table of these columns, in this order. */
  select(names: readonly string[]): Table {
    return new Table(
      names.map((n): [string, Column] => [n, this.column(n)]),
      { lines: this.lines, source: this.source },
    );
  }

  /** The table without these columns. */
  drop(names: readonly string[]): Table {
    names.forEach((n) => this.column(n));
    return this.select(this.names.filter((n) => !names.includes(n)));
  }

  /** The table with a column added or replaced (same row count). */
  withColumn(name: string, column: Column): Table {
    const entries: [string, Column][] = this.names.map((n) => [n, n === name ? column : this.byName.get(n)!]);
    if (!this.byName.has(name)) entries.push([name, column]);
    return new Table(entries, { lines: this.lines, source: this.source });
  }

  /** These rows, in this order (indices may repeat). */
  take(rows: ArrayLike<number>): Table {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (!Number.isInteger(r) || r < 0 || r >= this.rows) throw new Error(`${this.where('take')}: row ${r} is outside [0, ${this.rows})`);
    }
    const lines = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) lines[i] = this.lines[rows[i]!]!;
    return new Table(
      this.names.map((n): [string, Column] => [n, takeRows(this.byName.get(n)!, rows)]),
      { lines, source: this.source },
    );
  }

  /** Rows [start, end) (negative counts from the end, like Array.slice). */
  slice(start = 0, end = this.rows): Table {
    const s = start < 0 ? Math.max(0, this.rows + start) : Math.min(start, this.rows);
    const e = end < 0 ? Math.max(0, this.rows + end) : Math.min(end, this.rows);
    return this.take(Int32Array.from({ length: Math.max(0, e - s) }, (_, i) => s + i));
  }

  /** Rows where keep(row) is true. */
  filter(keep: (row: number) => boolean): Table {
    const rows: number[] = [];
    for (let r = 0; r < this.rows; r++) if (keep(r)) rows.push(r);
    return this.take(rows);
  }

  /** How many values are missing per column. */
  naCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const n of this.names) {
      const c = this.byName.get(n)!;
      let k = 0;
      for (let r = 0; r < this.rows; r++) if (isMissing(c, r)) k++;
      out[n] = k;
    }
    return out;
  }

  /** Drops rows with a missing value in any of these columns (default: all), like pandas dropna(subset=…). */
  dropNa(names: readonly string[] = this.names): Table {
    const cols = names.map((n) => this.column(n));
    return this.filter((r) => cols.every((c) => !isMissing(c, r)));
  }

  /** Number, category, date or text columns with each missing value replaced by the last value seen (pandas ffill; leading gaps stay). */
  fillForward(names: readonly string[] = this.names): Table {
    let out: Table = this;
    for (const name of names) {
      const c = this.column(name);
      const rows = new Int32Array(this.rows);
      let last = -1;
      for (let r = 0; r < this.rows; r++) {
        if (!isMissing(c, r)) last = r;
        rows[r] = last < 0 ? r : last;
      }
      out = out.withColumn(name, takeRows(c, rows));
    }
    return out;
  }

  /**
   * Linear interpolation of missing numbers between the nearest values before and after, by
   * row (pandas `interpolate()`: leading gaps stay NaN, trailing gaps take the last value).
   */
  interpolate(names?: readonly string[]): Table {
    const chosen = names ?? this.names.filter((n) => this.byName.get(n)!.kind === 'number');
    let out: Table = this;
    for (const name of chosen) {
      const v = Float32Array.from(this.numbers(name));
      let prev = -1;
      for (let r = 0; r < v.length; r++) {
        if (Number.isNaN(v[r]!)) continue;
        if (prev >= 0 && r - prev > 1) for (let k = prev + 1; k < r; k++) v[k] = v[prev]! + ((v[r]! - v[prev]!) * (k - prev)) / (r - prev);
        prev = r;
      }
      if (prev >= 0) for (let k = prev + 1; k < v.length; k++) v[k] = v[prev]!;
      out = out.withColumn(name, { kind: 'number', values: v });
    }
    return out;
  }

  /**
   * Replaces a category column by one 0/1 number column per label, named `${name}_${label}`
   * (pandas get_dummies); a missing value is all zeros.
   */
  oneHot(name: string, options: { labels?: readonly string[] } = {}): Table {
    const c = this.category(name);
    const labels = options.labels ?? c.labels;
    const remap = c.labels.map((l) => labels.indexOf(l));
    const columns: [string, Column][] = labels.map((l) => [`${name}_${l}`, { kind: 'number', values: new Float32Array(this.rows) }]);
    for (let r = 0; r < this.rows; r++) {
      const code = c.codes[r]!;
      if (code < 0) continue;
      const k = remap[code]!;
      if (k < 0)
        throw new Error(
          `${this.where('oneHot')}: line ${this.lines[r]}, column '${name}': '${c.labels[code]}' is not one of the given labels`,
        );
      (columns[k]![1] as NumberColumn).values[r] = 1;
    }
    const entries: [string, Column][] = [];
    for (const n of this.names) {
      if (n === name) entries.push(...columns);
      else entries.push([n, this.byName.get(n)!]);
    }
    return new Table(entries, { lines: this.lines, source: this.source });
  }

  /** Replaces a category column by a number column of its codes (missing stays NaN). */
  labelEncode(name: string): Table {
    const c = this.category(name);
    return this.withColumn(name, { kind: 'number', values: Float32Array.from(c.codes, (k) => (k < 0 ? NaN : k)) });
  }

  /**
   * Number (and category-code) columns as a float32 Tensor [rows, names.length], or [rows] for
   * one name with `{ flat: true }`. A missing value is an error naming its line.
   */
  toTensor(names: readonly string[] = this.names, options: { flat?: boolean; dtype?: 'float32' | 'int32' } = {}): Tensor {
    const F = names.length;
    if (F === 0) throw new Error(`${this.where('toTensor')}: no columns given`);
    if (options.flat && F !== 1) throw new Error(`${this.where('toTensor')}: { flat: true } needs one column, got ${F}`);
    const out = options.dtype === 'int32' ? new Int32Array(this.rows * F) : new Float32Array(this.rows * F);
    names.forEach((name, f) => {
      const c = this.column(name);
      if (c.kind === 'text' || c.kind === 'date')
        throw new Error(
          `${this.where('toTensor')}: column '${name}' is ${c.kind}; use oneHot/labelEncode for categories, a Tokenizer for text`,
        );
      for (let r = 0; r < this.rows; r++) {
        const x = c.kind === 'number' ? c.values[r]! : c.codes[r]!;
        if (Number.isNaN(x) || (c.kind === 'category' && x < 0)) {
          throw new Error(
            `${this.where('toTensor')}: column '${name}' is missing at line ${this.lines[r]} (row ${r}); use dropNa, fillForward or interpolate first`,
          );
        }
        out[r * F + f] = x;
      }
    });
    return new Tensor(out, options.flat ? [this.rows] : [this.rows, F]);
  }

  /** The first rows as aligned text, for a quick look. */
  head(n = 5): string {
    const shown = this.slice(0, n);
    const cells = this.names.map((name) => [name, ...shown.strings(name).map((s) => s ?? 'NA')]);
    const widths = cells.map((col) => Math.max(...col.map((s) => s.length)));
    return Array.from({ length: shown.rows + 1 }, (_, r) =>
      cells
        .map((col, k) => col[r]!.padEnd(widths[k]!))
        .join('  ')
        .trimEnd(),
    ).join('\n');
  }
}
