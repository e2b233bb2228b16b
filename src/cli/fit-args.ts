// The CLI adds callbacks to fit() calls it does not make itself (recipes build and fit their own
// models): interrupt.ts and viz-options.ts wrap LayersModel.prototype.fit with this.
import type { LayersModel } from '../models/model.ts';
import { Tensor } from '../tensor.ts';

export type Fit = LayersModel['fit'];

const isFitArgs = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Tensor);

/** fit()'s arguments with `extra` appended to its callbacks, for fit(x, y, args) and fit(dataset, args). */
export function withCallbacks(args: Parameters<Fit>, extra: readonly unknown[]): Parameters<Fit> {
  const [x, y, rest] = args;
  const add = (a: Record<string, unknown> | undefined) =>
    ({ ...a, callbacks: [...((a?.callbacks as unknown[]) ?? []), ...extra] }) as never;
  return y === undefined || isFitArgs(y)
    ? [x, add(y as Record<string, unknown> | undefined)]
    : [x, y, add(rest as Record<string, unknown> | undefined)];
}
