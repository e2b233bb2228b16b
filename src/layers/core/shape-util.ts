// Small shape helpers shared by the sequence layers.

import type { Shape } from '../layer.ts';

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** "(None, 5, 3)" as Keras prints shapes. */
export const showShape = (shape: ReadonlyArray<number | null>): string => `(${shape.map((d) => d ?? 'None').join(', ')})`;

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}
