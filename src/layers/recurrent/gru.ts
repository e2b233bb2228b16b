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
  /** dZ of one block of steps [block, B, 3u], of the input projection; resetAfter: also of h·U + b_rec (else the same). */
  private dz = 0;
  private dzRec = 0;

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

  protected override prepareForward(): void {
    const rows = this.steps * this.batch;
    this.rec = this.buffer('rec', rows * (this.resetAfter ? 3 : 1) * this.units).offset;
  }

  protected forwardStep(t: number): void {
    if (this.resetAfter) this.forwardResetAfter(t);
    else this.forwardResetBefore(t);
  }

  protected prepareBackward(): number {
    const n = this.blockSteps * this.batch * 3 * this.units;
    this.dz = this.buffer('dz', n).offset;
    this.dzRec = this.resetAfter ? this.buffer('dzRec', n).offset : this.dz;
    return this.dz;
  }

  protected backwardStep(t: number, dh: number): void {
    if (this.resetAfter) this.backwardResetAfter(t, dh);
    else this.backwardResetBefore(t, dh);
  }

  protected recurrentGrads(t0: number, t1: number): void {
    const u = this.units;
    const gu = 3 * u;
    if (this.resetAfter) {
      this.proj.recurrentWeightGrad(this.h, this.dzRec, gu, 0, gu, true, t0, t1);
      if (this.bias?.isTrainable) {
        this.kernels.sumRows(this.dzRec, (t1 - t0) * this.batch, gu, this.bias.grad.offset + gu, true);
      }
    } else {
      this.proj.recurrentWeightGrad(this.h, this.dz, gu, 0, 2 * u, true, t0, t1);
      this.proj.recurrentWeightGrad(this.rec, this.dz + 2 * u, gu, 2 * u, u, false, t0, t1);
    }
  }

  private forwardResetAfter(t: number): void {
    const u = this.units;
    const B = this.batch;
    const Bu = B * u;
    const gu = 3 * u;
    const hPrev = this.h + t * Bu;
    const rec = this.rec + t * B * gu;
    this.proj.recurrentMatmul(hPrev, 0, gu, rec, gu, 0);
    this.kernels.gruForward(B, u, this.act, this.recAct, this.z + t * B * gu, rec, this.recurrentBias, hPrev, hPrev + Bu, this.maskAt(t));
  }

  private backwardResetAfter(t: number, dh: number): void {
    const u = this.units;
    const B = this.batch;
    const gu = 3 * u;
    const o = t * B * gu;
    const dzRec = this.dzRow(this.dzRec, t, gu);
    this.kernels.gruBackward(
      B,
      u,
      this.act,
      this.recAct,
      this.z + o,
      this.rec + o,
      this.h + t * B * u,
      dh,
      this.dzRow(this.dz, t, gu),
      dzRec,
      this.maskAt(t),
    );
    this.proj.recurrentMatmulGrad(dzRec, gu, 0, gu, dh);
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

  private forwardResetBefore(t: number): void {
    const k = this.kernels;
    const u = this.units;
    const B = this.batch;
    const Bu = B * u;
    const gu = 3 * u;
    const z = this.z + t * B * gu;
    const hPrev = this.h + t * Bu;
    const rh = this.rec + t * Bu;
    this.proj.recurrentMatmul(hPrev, 0, 2 * u, z, gu, 1);
    k.gruResetBeforeGates(B, u, this.recAct, z, this.resetInput(hPrev), rh);
    k.gemmPackedB(false, B, u, u, 1, rh, u, this.proj.packedU(false, 2 * u, u), 1, z + 2 * u, gu);
    k.gruResetBeforeOutput(B, u, this.act, z, hPrev, hPrev + Bu, this.maskAt(t));
  }

  private backwardResetBefore(t: number, dh: number): void {
    const k = this.kernels;
    const u = this.units;
    const B = this.batch;
    const Bu = B * u;
    const gu = 3 * u;
    const z = this.z + t * B * gu;
    const dz = this.dzRow(this.dz, t, gu);
    const hPrev = this.h + t * Bu;
    const drh = this.buffer('drh', Bu).offset;
    const hMask = this.proj.recurrentMask(2);
    k.gruResetBeforeBackwardOutput(B, u, this.act, this.recAct, z, hPrev, dh, dz, this.maskAt(t));
    k.gemmPackedB(false, B, u, u, 1, dz + 2 * u, gu, this.proj.packedU(true, 2 * u, u), 0, drh, u);
    k.gruResetBeforeBackwardReset(B, u, this.recAct, z, this.resetInput(hPrev), drh, dz);
    if (hMask !== NONE) k.mul(drh, hMask, drh, Bu);
    k.add(dh, drh, dh, Bu);
    this.proj.recurrentMatmulGrad(dz, gu, 0, 2 * u, dh);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: this.recurrentActivation, resetAfter: this.resetAfter };
  }
}
