// The command line's two kinds of failure: a UsageError (exit 2: the command line itself is wrong,
// e.g. an unknown recipe name or a bad option value) and any other Error (exit 1: the work failed,
// e.g. a missing file or an invalid config). Commander's own parse errors also exit 2.
import { InvalidArgumentError } from 'commander';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Commander option parser for an integer ≥ min (`--epochs 3`). */
export function integerOption(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`expected an integer ≥ ${min}, got '${value}'.`);
    return n;
  };
}

/** Commander option parser for a finite number > 0 (`--temperature 0.5`). */
export function positiveNumberOption(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number > 0, got '${value}'.`);
  return n;
}

/** Commander option parser for one of a fixed set of words (`--format csv`). */
export function choiceOption<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value))
      throw new InvalidArgumentError(`expected one of ${choices.join(', ')}, got '${value}'.`);
    return value as T;
  };
}

/** Ends the command with a given exit code and message (e.g. 130 after an interrupted, saved run). */
export class CommandExit extends Error {
  override name = 'CommandExit';
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}
