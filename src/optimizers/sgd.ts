// SGD (keras.optimizers.SGD): learning_rate 0.01, momentum 0, nesterov false.
//   m = momentum·m − lr·g;  w += nesterov ? momentum·m − lr·g : m      (plain: w −= lr·g)

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
    super(args, 0.01);
    this.momentum = args.momentum ?? 0;
    this.nesterov = args.nesterov ?? false;
  }

  get slotNames(): string[] {
    return this.momentum > 0 ? ['momentum'] : [];
  }

  protected update(f: Float32Array, w: number, g: number, n: number, slots: number[]): void {
    const lr = this.learningRate;
    if (this.momentum === 0) {
      for (let i = 0; i < n; i++) f[w + i] = f[w + i]! - lr * f[g + i]!;
      return;
    }
    const mu = this.momentum;
    const m = slots[0]!;
    for (let i = 0; i < n; i++) {
      const grad = f[g + i]!;
      const mi = mu * f[m + i]! - lr * grad;
      f[m + i] = mi;
      f[w + i] = f[w + i]! + (this.nesterov ? mu * mi - lr * grad : mi);
    }
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}
