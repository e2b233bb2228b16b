// SGD (keras.optimizers.SGD): learning_rate 0.01, momentum 0, nesterov false.
//   m = momentum·m − lr·g;  w += nesterov ? momentum·m − lr·g : m      (plain: w −= lr·g)

import type { Calls } from '../threads/jobs.ts';
import { rules } from '../models/validate.ts';
import { Optimizer, type OptimizerArgs } from './optimizer.ts';

export interface SGDArgs extends OptimizerArgs {
  momentum?: number;
  nesterov?: boolean;
}

export class SGD extends Optimizer {
  readonly className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(args: SGDArgs = {}) {
    super(args, 0.01, { momentum: rules.nonNegative, nesterov: rules.boolean });
    this.momentum = args.momentum ?? 0;
    this.nesterov = args.nesterov ?? false;
  }

  get slotNames(): string[] {
    return this.momentum > 0 ? ['momentum'] : [];
  }

  protected update(calls: Calls, w: number, g: number, n: number, slots: number[]): void {
    const m = this.momentum > 0 ? slots[0]! : -1;
    calls.call('sgdUpdate', w, g, m, n, this.learningRate, this.momentum, this.nesterov);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}
