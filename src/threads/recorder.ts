// The recording Kernels that row-split.ts and group-split.ts hand to a layer's code: the
// same object, except that each kernel method is replaced by wrap(name, method) — made once
// per name (a proxy trap that made a closure per call was measurable on the GRU peer benchmark).

import type { Kernels } from '../kernels/index.ts';

export type KernelFn = (...args: unknown[]) => unknown;

export function recordingKernels(kernels: Kernels, wrap: (name: string, method: KernelFn) => KernelFn): Kernels {
  const wrappers = new Map<string, KernelFn>();
  return new Proxy(kernels, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      let wrapper = wrappers.get(prop);
      if (!wrapper) {
        wrapper = wrap(prop, (...args: unknown[]) => (value as KernelFn).apply(target, args));
        wrappers.set(prop, wrapper);
      }
      return wrapper;
    },
  });
}
