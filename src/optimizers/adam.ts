// Adam (keras.optimizers.Adam): learning_rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7,
// amsgrad false. Keras' "ε-hat" form (t = iterations + 1):
//   α = lr·√(1−β2ᵗ)/(1−β1ᵗ);  m += (g−m)(1−β1);  v += (g²−v)(1−β2);  w −= α·m/(√v + ε)
// amsgrad keeps v̂ = max(v̂, v) and uses it in place of v.

import type { Calls } from '../threads/jobs.ts';
import { rules } from '../models/validate.ts';
import { Optimizer, type OptimizerArgs } from './optimizer.ts';

export interface AdamArgs extends OptimizerArgs {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  amsgrad?: boolean;
}

export class Adam extends Optimizer {
  readonly className = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;

  constructor(args: AdamArgs = {}) {
    super(args, 0.001, { beta1: rules.nonNegative, beta2: rules.nonNegative, epsilon: rules.nonNegative, amsgrad: rules.boolean });
    this.beta1 = args.beta1 ?? 0.9;
    this.beta2 = args.beta2 ?? 0.999;
    this.epsilon = args.epsilon ?? 1e-7;
    this.amsgrad = args.amsgrad ?? false;
  }

  get slotNames(): string[] {
    return this.amsgrad ? ['m', 'v', 'vhat'] : ['m', 'v'];
  }

  protected update(calls: Calls, w: number, g: number, n: number, slots: number[], step: number): void {
    const { beta1: b1, beta2: b2, epsilon } = this;
    const alpha = (this.learningRate * Math.sqrt(1 - b2 ** step)) / (1 - b1 ** step);
    calls.call('adamUpdate', w, g, slots[0]!, slots[1]!, this.amsgrad ? slots[2]! : -1, n, alpha, b1, b2, epsilon);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}
