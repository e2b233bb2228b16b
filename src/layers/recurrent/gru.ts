// GRU (Keras): gates [z, r, h]; h_t = z⊙h_{t−1} + (1−z)⊙ĥ.
// resetAfter (default, tf.keras 2 / Keras 3 / cuDNN): ĥ = act(x·W_h + b_in + r⊙(h·U_h + b_rec)),
//   bias (2, 3u), one recurrent GEMM per step.
// resetAfter false (Keras ≤ 2.2, the textbook): ĥ = act(x·W_h + b_h + (r⊙h)·U_h), bias (3u),
//   two recurrent GEMMs per step around the reset gate.

import type { ActCode } from '../../kernels/core.ts';
import { RNNBase } from './base.ts';
import { NONE } from './projections.ts';
import { activationCode, activationName, type GatedRNNArgs } from './options.ts';

export interface GRUArgs extends GatedRNNArgs {
  /** Apply the reset gate after the recurrent matmul (default true). */
  resetAfter?: boolean;
}

export class GRU extends RNNBase {
  readonly className = 'GRU';
  protected readonly gateCount = 3;
  protected readonly stateCount = 1;
  readonly recurrentActivation: string;
  readonly resetAfter: boolean;
  private readonly recAct: ActCode;
  /** resetAfter: h·U + b_rec per step [T, B, 3u]. Reset-before: r⊙h per step [T, B, u]. */
  private rec = 0;

  constructor(args: GRUArgs) {
    super(args, 'gru');
    this.recurrentActivation = activationName(this.name, 'recurrentActivation', args.recurrentActivation, 'sigmoid');
    this.recAct = activationCode(this.recurrentActivation);
    this.resetAfter = args.resetAfter ?? true;
  }

  protected biasShape(): number[] {
    return this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
  }

  private get recurrentBias(): number {
    return this.bias && this.resetAfter ? this.bias.value.offset + 3 * this.units : NONE;
  }

  protected forwardSteps(): void {
    if (this.resetAfter) this.forwardResetAfter();
    else this.forwardResetBefore();
  }

  protected backwardSteps(dh: number, _dc: number, dOut: number): number {
    return this.resetAfter ? this.backwardResetAfter(dh, dOut) : this.backwardResetBefore(dh, dOut);
  }

  private forwardResetAfter(): void {
    const k = this.kernels;
    const u = this.units;
    const B = this.batch;
    const Bu = B * u;
    const gu = 3 * u;
    this.rec = this.buffer('rec', this.steps * B * gu).offset;
    for (let t = 0; t < this.steps; t++) {
      const hPrev = this.h + t * Bu;
      const rec = this.rec + t * B * gu;
      this.proj.recurrentMatmul(hPrev, 0, gu, rec, gu, 0);
      k.gruForward(B, u, this.act, this.recAct, this.z + t * B * gu, rec, this.recurrentBias, hPrev, hPrev + Bu, this.maskAt(t));
    }
  }

  private backwardResetAfter(dh: number, dOut: number): number {
    const k = this.kernels;
    const u = this.units;
    const B = this.batch;
    const Bu = B * u;
    const gu = 3 * u;
    const n = this.steps * B * gu;
    const dzx = this.buffer('dz', n).offset;
    const dzRec = this.buffer('dzRec', n).offset;
    for (let t = this.steps - 1; t >= 0; t--) {
      if (dOut >= 0) k.add(dh, dOut + t * Bu, dh, Bu);
      const o = t * B * gu;
      k.gruBackward(B, u, this.act, this.recAct, this.z + o, this.rec + o, this.h + t * Bu, dh, dzx + o, dzRec + o, this.maskAt(t));
      this.proj.recurrentMatmulGrad(dzRec + o, gu, 0, gu, dh);
    }
    this.proj.recurrentWeightGrad(this.h, dzRec, gu, 0, gu, true);
    if (this.bias?.isTrainable) k.sumRows(dzRec, this.steps * B, gu, this.bias.grad.offset + gu, true);
    return dzx;
  }

  /** h_{t−1} as the reset gate sees it: after the ĥ block's recurrent dropout mask, if any. */
  private resetInput(hPrev: number): number {
    const mask = this.proj.recurrentMask(2);
    if (mask === NONE) return hPrev;
    const Bu = this.batch * this.units;
    const out = this.buffer('hReset', Bu).offset;
    this.kernels.mul(hPrev, mask, out, Bu);
    return out;
  }

  private forwardResetBefore(): void {
    const k = this.kernels;
    const u = this.units;
    const B = this.batch;
    const Bu = B * u;
    const gu = 3 * u;
    const U = this.recurrentKernel.value.offset;
    this.rec = this.buffer('rec', this.steps * Bu).offset;
    for (let t = 0; t < this.steps; t++) {
      const z = this.z + t * B * gu;
      const hPrev = this.h + t * Bu;
      const rh = this.rec + t * Bu;
      this.proj.recurrentMatmul(hPrev, 0, 2 * u, z, gu, 1);
      k.gruResetBeforeGates(B, u, this.recAct, z, this.resetInput(hPrev), rh);
      k.gemm(false, false, B, u, u, 1, rh, u, U + 2 * u, gu, 1, z + 2 * u, gu);
      k.gruResetBeforeOutput(B, u, this.act, z, hPrev, hPrev + Bu, this.maskAt(t));
    }
  }

  private backwardResetBefore(dh: number, dOut: number): number {
    const k = this.kernels;
    const u = this.units;
    const B = this.batch;
    const Bu = B * u;
    const gu = 3 * u;
    const U = this.recurrentKernel.value.offset;
    const dz = this.buffer('dz', this.steps * B * gu).offset;
    const drh = this.buffer('drh', Bu).offset;
    const hMask = this.proj.recurrentMask(2);
    for (let t = this.steps - 1; t >= 0; t--) {
      if (dOut >= 0) k.add(dh, dOut + t * Bu, dh, Bu);
      const z = this.z + t * B * gu;
      const dzt = dz + t * B * gu;
      const hPrev = this.h + t * Bu;
      k.gruResetBeforeBackwardOutput(B, u, this.act, this.recAct, z, hPrev, dh, dzt, this.maskAt(t));
      k.gemm(false, true, B, u, u, 1, dzt + 2 * u, gu, U + 2 * u, gu, 0, drh, u);
      k.gruResetBeforeBackwardReset(B, u, this.recAct, z, this.resetInput(hPrev), drh, dzt);
      if (hMask !== NONE) k.mul(drh, hMask, drh, Bu);
      k.add(dh, drh, dh, Bu);
      this.proj.recurrentMatmulGrad(dzt, gu, 0, 2 * u, dh);
    }
    this.proj.recurrentWeightGrad(this.h, dz, gu, 0, 2 * u, true);
    this.proj.recurrentWeightGrad(this.rec, dz + 2 * u, gu, 2 * u, u, false);
    return dz;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: this.recurrentActivation, resetAfter: this.resetAfter };
  }
}
