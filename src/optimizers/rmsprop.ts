// RMSprop (keras.optimizers.RMSprop): learning_rate 0.001, rho 0.9, momentum 0, epsilon 1e-7,
// centered false. ε goes inside the square root, as in Keras:
//   v = ρv + (1−ρ)g²;  [centered: a = ρa + (1−ρ)g, denom = v − a² + ε]  else denom = v + ε
//   inc = lr·g/√denom;  momentum > 0: m = momentum·m + inc, w −= m;  else w −= inc

import type { Calls } from '../threads/jobs.ts';
import { rules } from '../models/validate.ts';
import { Optimizer, type OptimizerArgs } from './optimizer.ts';

export interface RMSpropArgs extends OptimizerArgs {
  rho?: number;
  momentum?: number;
  epsilon?: number;
  centered?: boolean;
}

export class RMSprop extends Optimizer {
  readonly className = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(args: RMSpropArgs = {}) {
    super(args, 0.001, { rho: rules.nonNegative, momentum: rules.nonNegative, epsilon: rules.nonNegative, centered: rules.boolean });
    this.rho = args.rho ?? 0.9;
    this.momentum = args.momentum ?? 0;
    this.epsilon = args.epsilon ?? 1e-7;
    this.centered = args.centered ?? false;
  }

  get slotNames(): string[] {
    return ['velocity', ...(this.momentum > 0 ? ['momentum'] : []), ...(this.centered ? ['average_gradient'] : [])];
  }

  protected update(calls: Calls, w: number, g: number, n: number, slots: number[]): void {
    const mu = this.momentum;
    const m = mu > 0 ? slots[1]! : -1;
    const a = this.centered ? slots[mu > 0 ? 2 : 1]! : -1;
    calls.call('rmspropUpdate', w, g, slots[0]!, m, a, n, this.learningRate, this.rho, mu, this.epsilon);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}
