// SimpleRNN (Keras): h_t = act(x_t·W + b + h_{t−1}·U). One gate block.

import { RNNBase } from './base.ts';
import type { RNNArgs } from './options.ts';

export type SimpleRNNArgs = RNNArgs;

export class SimpleRNN extends RNNBase {
  readonly className = 'SimpleRNN';
  protected readonly gateCount = 1;
  protected readonly stateCount = 1;

  constructor(args: SimpleRNNArgs) {
    super(args, 'simple_rnn');
  }

  protected biasShape(): number[] {
    return [this.units];
  }

  protected forwardSteps(): void {
    const k = this.kernels;
    const Bu = this.batch * this.units;
    for (let t = 0; t < this.steps; t++) {
      const z = this.z + t * Bu;
      const hPrev = this.h + t * Bu;
      this.proj.recurrentMatmul(hPrev, 0, this.units, z, this.units, 1);
      k.simpleRnnForward(this.batch, this.units, this.act, z, hPrev, hPrev + Bu, this.maskAt(t));
    }
  }

  protected backwardSteps(dh: number, _dc: number, dOut: number): number {
    const k = this.kernels;
    const Bu = this.batch * this.units;
    const dz = this.buffer('dz', this.steps * Bu).offset;
    for (let t = this.steps - 1; t >= 0; t--) {
      if (dOut >= 0) k.add(dh, dOut + t * Bu, dh, Bu);
      const dzt = dz + t * Bu;
      k.simpleRnnBackward(this.batch, this.units, this.act, this.z + t * Bu, dh, dzt, this.maskAt(t));
      this.proj.recurrentMatmulGrad(dzt, this.units, 0, this.units, dh);
    }
    this.proj.recurrentWeightGrad(this.h, dz, this.units, 0, this.units, true);
    return dz;
  }
}
