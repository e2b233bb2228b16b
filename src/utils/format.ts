// Number formatting as Python's % operator prints it in Keras' logs and file names.

/** Python '%.{digits}e': 5.6981e-04 (two-digit exponent at least). */
export function formatExponential(x: number, digits: number): string {
  if (!Number.isFinite(x)) return formatSpecial(x);
  const [mantissa, exp] = x.toExponential(digits).split('e') as [string, string];
  const sign = exp.startsWith('-') ? '-' : '+';
  const digitsOnly = exp.replace(/^[+-]/, '');
  return `${mantissa}e${sign}${digitsOnly.padStart(2, '0')}`;
}

function formatSpecial(x: number): string {
  return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
}

/** Python '%.{digits}f'. */
export function formatFixed(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : formatSpecial(x);
}

/** A metric value as Keras' progress bar shows it: ' %.4f' when |v| > 1e-3, else ' %.4e'. */
export function formatLogValue(v: number): string {
  return Math.abs(v) > 1e-3 ? formatFixed(v, 4) : formatExponential(v, 4);
}

/** Python's '{:,}' for integers: 1,320,065. */
export function formatThousands(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Fills a Keras file-name pattern: 'weights.{epoch:02d}-{val_loss:.2f}.h5' with
 * { epoch: 3, val_loss: 0.4567 } -> 'weights.03-0.46.h5'. Supports d, f, e formats with width.
 */
export function fillPattern(pattern: string, values: Record<string, number>): string {
  return pattern.replace(
    /\{(\w+)(?::(0?)(\d*)(?:\.(\d+))?([dfeg]?))?\}/g,
    (whole, key: string, zero: string, width: string, precision: string, kind: string) => {
      const v = values[key];
      if (v === undefined) throw new Error(`file pattern '${pattern}': no value for {${key}} (have: ${Object.keys(values).join(', ')})`);
      let s: string;
      if (kind === 'd') s = String(Math.trunc(v));
      else if (kind === 'e') s = formatExponential(v, precision ? Number(precision) : 6);
      else if (kind === 'f' || precision) s = formatFixed(v, precision ? Number(precision) : 6);
      else s = String(v);
      if (width) {
        const w = Number(width);
        if (zero && s.length < w) s = s.startsWith('-') ? `-${s.slice(1).padStart(w - 1, '0')}` : s.padStart(w, '0');
        else s = s.padStart(w, ' ');
      }
      void whole;
      return s;
    },
  );
}
