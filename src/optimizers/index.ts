// The `optimizers` namespace: factories with Keras defaults, and lookup by Keras name.
//   optimizers.rmsprop({ learningRate: 1e-4, clipnorm: 1 }),  compile({ optimizer: 'adam' })

import { Adagrad, type AdagradArgs } from './adagrad.ts';
import { Adam, type AdamArgs } from './adam.ts';
import { Optimizer } from './optimizer.ts';
import { RMSprop, type RMSpropArgs } from './rmsprop.ts';
import { SGD, type SGDArgs } from './sgd.ts';
import { lookupOwn } from '../utils/own.ts';

export { Adagrad, Adam, Optimizer, RMSprop, SGD };
export type { AdagradArgs, AdamArgs, RMSpropArgs, SGDArgs };
export type { OptimizerArgs, OptimizerState } from './optimizer.ts';

export const sgd = (args: SGDArgs = {}): SGD => new SGD(args);
export const rmsprop = (args: RMSpropArgs = {}): RMSprop => new RMSprop(args);
export const adam = (args: AdamArgs = {}): Adam => new Adam(args);
export const adagrad = (args: AdagradArgs = {}): Adagrad => new Adagrad(args);

const byClass: Record<string, (config: Record<string, unknown>) => Optimizer> = {
  sgd: (c) => new SGD(c),
  rmsprop: (c) => new RMSprop(c),
  adam: (c) => new Adam(c),
  adagrad: (c) => new Adagrad(c),
};

/** 'adam', 'RMSprop', 'sgd', 'adagrad' (Keras defaults), an Optimizer, or {className, config}. */
export function getOptimizer(spec: string | Optimizer | { className: string; config?: Record<string, unknown> }): Optimizer {
  if (spec instanceof Optimizer) return spec;
  const name = typeof spec === 'string' ? spec : spec.className;
  const make = typeof name === 'string' ? lookupOwn(byClass, name.toLowerCase()) : undefined;
  if (!make) throw new Error(`unknown optimizer '${name}' (known: sgd, rmsprop, adam, adagrad)`);
  return make(typeof spec === 'string' ? {} : (spec.config ?? {}));
}
