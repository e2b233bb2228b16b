// Adagrad (keras.optimizers.Adagrad): learning_rate 0.001, initial_accumulator_value 0.1,
// epsilon 1e-7.   acc += g²;  w −= lr·g/√(acc + ε)

import type { Heap, HeapBuffer } from '../heap.ts';
import type { Calls } from '../threads/jobs.ts';
import { rules } from '../models/validate.ts';
import { Optimizer, type OptimizerArgs } from './optimizer.ts';

export interface AdagradArgs extends OptimizerArgs {
  initialAccumulatorValue?: number;
  epsilon?: number;
}

export class Adagrad extends Optimizer {
  readonly className = 'Adagrad';
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;

  constructor(args: AdagradArgs = {}) {
    super(args, 0.001, { initialAccumulatorValue: rules.nonNegative, epsilon: rules.nonNegative });
    this.initialAccumulatorValue = args.initialAccumulatorValue ?? 0.1;
    this.epsilon = args.epsilon ?? 1e-7;
  }

  get slotNames(): string[] {
    return ['accumulator'];
  }

  protected override initSlots(heap: Heap, slots: HeapBuffer[]): void {
    heap.view(slots[0]!).fill(this.initialAccumulatorValue);
  }

  protected update(calls: Calls, w: number, g: number, n: number, slots: number[]): void {
    calls.call('adagradUpdate', w, g, slots[0]!, n, this.learningRate, this.epsilon);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}
