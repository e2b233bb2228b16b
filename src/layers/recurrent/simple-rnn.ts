// SimpleRNN (Keras): h_t = act(x_t·W + b + h_{t−1}·U). One gate block.

import { RNNBase } from './base.ts';
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

  protected forwardStep(t: number): void {
    const Bu = this.batch * this.units;
    const z = this.z + t * Bu;
    const hPrev = this.h + t * Bu;
    this.proj.recurrentMatmul(hPrev, 0, this.units, z, this.units, 1);
    this.kernels.simpleRnnForward(this.batch, this.units, this.act, z, hPrev, hPrev + Bu, this.maskAt(t));
  }

  protected prepareBackward(): number {
    this.dz = this.buffer('dz', this.blockSteps * this.batch * this.units).offset;
    return this.dz;
  }

  protected backwardStep(t: number, dh: number): void {
    const Bu = this.batch * this.units;
    const dz = this.dzRow(this.dz, t, this.units);
    this.kernels.simpleRnnBackward(this.batch, this.units, this.act, this.z + t * Bu, dh, dz, this.maskAt(t));
    this.proj.recurrentMatmulGrad(dz, this.units, 0, this.units, dh);
  }

  protected recurrentGrads(t0: number, t1: number): void {
    this.proj.recurrentWeightGrad(this.h, this.dz, this.units, 0, this.units, true, t0, t1);
  }
}
