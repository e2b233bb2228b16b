// SimpleRNN (Keras): h_t = act(x_t·W + b + h_{t−1}·U). One gate block.

import type { ActCode } from '../../kernels/core.ts';
import type { Calls, Range } from '../../threads/index.ts';
import { RNNBase } from './base.ts';
import type { TrainLoopCell } from './train-loops.ts';
import { NONE } from './projections.ts';
import type { RNNArgs } from './options.ts';

export type SimpleRNNArgs = RNNArgs;

export class SimpleRNN extends RNNBase {
  readonly className = 'SimpleRNN';
  protected readonly gateCount = 1;
  protected readonly stateCount = 1;
  /** dZ of one block of steps [block, B, u]. */
  private dz = 0;

  constructor(args: SimpleRNNArgs) {
    super(args, 'simple_rnn');
  }

  protected biasShape(): number[] {
    return [this.units];
  }

  protected forwardStep(calls: Calls, rows: Range, t: number): void {
    const u = this.units;
    const Bu = this.batch * u;
    const z = this.z + t * Bu;
    const hPrev = this.h + t * Bu;
    const s = rows.start * u;
    this.proj.recurrentMatmul(calls, rows, hPrev, 0, u, z, u, 1);
    calls.call('simpleRnnForward', rows.count, u, this.act, z + s, hPrev + s, hPrev + Bu + s, this.maskAt(t, rows));
  }

  protected override sequenceCell(): { kernel: 'simpleRnnSequence'; recAct: ActCode; recBias: number } {
    return { kernel: 'simpleRnnSequence', recAct: this.act, recBias: NONE };
  }

  protected override trainLoopCell(): TrainLoopCell {
    const names = { forward: 'simpleRnnTrainForward', backward: 'simpleRnnTrainBackward' } as const;
    return { names, recAct: null, c: NONE, rec: NONE, recBias: NONE, dzRec: NONE };
  }

  protected prepareBackward(): number {
    this.dz = this.buffer('dz', this.blockSteps * this.batch * this.units).offset;
    return this.dz;
  }

  protected backwardStep(calls: Calls, rows: Range, t: number, dh: number): void {
    const u = this.units;
    const Bu = this.batch * u;
    const dz = this.dzRow(this.dz, t, u);
    const s = rows.start * u;
    calls.call('simpleRnnBackward', rows.count, u, this.act, this.z + t * Bu + s, dh + s, dz + s, this.maskAt(t, rows));
    this.proj.recurrentMatmulGrad(calls, rows, dz, u, 0, u, dh);
  }

  protected recurrentGrads(t0: number, t1: number): void {
    this.proj.recurrentWeightGrad(this.h, this.dz, this.units, 0, this.units, true, t0, t1);
  }
}
