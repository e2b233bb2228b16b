// Jobs: the one way work reaches the threads. A job is a list of kernel calls — the name of
// a Kernels method that is also a wasm export taking the same arguments, and numbers (heap
// offsets, sizes, row ranges, scalars). Code that splits its work writes each part's calls
// explicitly through a `Calls`: for a part that runs here, DirectCalls runs each call at once;
// for parts posted to the pool, JobBuilder writes them down. Every part computes its own
// pointers and row counts, so no table of kernel signatures is needed, and a part cannot read
// the heap between its calls (it has no kernels to read it with).

import type { Kernels } from '../kernels/index.ts';

/** A Kernels method that returns nothing: one that can be a step of a job. */
export type KernelName = {
  [N in keyof Kernels]-?: NonNullable<Kernels[N]> extends (...args: never[]) => void ? N : never;
}[keyof Kernels];
export type KernelArgs<N extends KernelName> = NonNullable<Kernels[N]> extends (...args: infer A) => void ? A : never;

/** One kernel call: a method name (and wasm export), and its arguments as numbers (booleans as 0/1). */
export interface KernelCall {
  name: string;
  args: number[];
}
export type Job = KernelCall[];

/** Where a part of a split writes its kernel calls. */
export interface Calls {
  call<N extends KernelName>(name: N, ...args: KernelArgs<N>): void;
}

/** A call written down, typed by the kernel's signature. */
export function kernelCall<N extends KernelName>(name: N, ...args: KernelArgs<N>): KernelCall {
  return { name, args: (args as Array<number | boolean>).map(Number) };
}

type AnyKernel = (...args: unknown[]) => void;

/** Runs each call at once on `kernels` (the part of a split that runs here, or no split at all). */
export class DirectCalls implements Calls {
  constructor(private readonly kernels: Kernels) {}
  call<N extends KernelName>(name: N, ...args: KernelArgs<N>): void {
    (this.kernels[name] as AnyKernel).apply(this.kernels, args);
  }
}

const direct = new WeakMap<Kernels, DirectCalls>();
/** The DirectCalls of a kernel set (one per set). */
export function directCalls(kernels: Kernels): DirectCalls {
  let calls = direct.get(kernels);
  if (!calls) direct.set(kernels, (calls = new DirectCalls(kernels)));
  return calls;
}

/** Writes calls down as one job, refusing a kernel that a worker cannot run. */
export class JobBuilder implements Calls {
  readonly job: Job = [];
  constructor(private readonly deferrable: (name: string) => boolean) {}
  call<N extends KernelName>(name: N, ...args: KernelArgs<N>): void {
    // a kernel written in TypeScript (or whose binding computes an argument) has no worker twin
    if (!this.deferrable(name)) throw new Error(`threads: ${name} cannot run inside a split group (no wasm export taking its arguments)`);
    this.job.push({ name, args: (args as Array<number | boolean>).map(Number) });
  }
}
