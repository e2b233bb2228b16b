// GRU (Keras): gates [z, r, h]; h_t = z⊙h_{t−1} + (1−z)⊙ĥ.
// resetAfter (default, tf.keras 2 / Keras 3 / cuDNN): ĥ = act(x·W_h + b_in + r⊙(h·U_h + b_rec)),
//   bias (2, 3u), one recurrent GEMM per step.
// resetAfter false (Keras ≤ 2.2, the textbook): ĥ = act(x·W_h + b_h + (r⊙h)·U_h), bias (3u),
//   two recurrent GEMMs per step around the reset gate.

import type { ActCode } from '../../kernels/core.ts';
import type { Calls, Range } from '../../threads/index.ts';
import { RNNBase } from './base.ts';
import type { TrainLoopCell } from './train-loops.ts';
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

  protected forwardStep(calls: Calls, rows: Range, t: number): void {
    if (this.resetAfter) this.forwardResetAfter(calls, rows, t);
    else this.forwardResetBefore(calls, rows, t);
  }

  protected override sequenceCell(): { kernel: 'gruSequence'; recAct: ActCode; recBias: number } | null {
    return this.resetAfter ? { kernel: 'gruSequence', recAct: this.recAct, recBias: this.recurrentBias } : null;
  }

  protected override trainLoopCell(): TrainLoopCell | null {
    if (!this.resetAfter) return null;
    const names = { forward: 'gruTrainForward', backward: 'gruTrainBackward' } as const;
    return { names, recAct: this.recAct, c: NONE, rec: this.rec, recBias: this.recurrentBias, dzRec: this.dzRec };
  }

  protected prepareBackward(): number {
    const n = this.blockSteps * this.batch * 3 * this.units;
    this.dz = this.buffer('dz', n).offset;
    this.dzRec = this.resetAfter ? this.buffer('dzRec', n).offset : this.dz;
    return this.dz;
  }

  protected backwardStep(calls: Calls, rows: Range, t: number, dh: number): void {
    if (this.resetAfter) this.backwardResetAfter(calls, rows, t, dh);
    else this.backwardResetBefore(calls, rows, t, dh);
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

  private forwardResetAfter(calls: Calls, rows: Range, t: number): void {
    const u = this.units;
    const B = this.batch;
    const Bu = B * u;
    const gu = 3 * u;
    const hPrev = this.h + t * Bu;
    const rec = this.rec + t * B * gu;
    const s = rows.start * u;
    this.proj.recurrentMatmul(calls, rows, hPrev, 0, gu, rec, gu, 0);
    const z = this.z + t * B * gu;
    calls.call(
      'gruForward',
      rows.count,
      u,
      this.act,
      this.recAct,
      z + 3 * s,
      rec + 3 * s,
      this.recurrentBias,
      hPrev + s,
      hPrev + Bu + s,
      this.maskAt(t, rows),
    );
  }

  private backwardResetAfter(calls: Calls, rows: Range, t: number, dh: number): void {
    const u = this.units;
    const B = this.batch;
    const gu = 3 * u;
    const o = t * B * gu + rows.start * gu;
    const s = rows.start * u;
    const dzRec = this.dzRow(this.dzRec, t, gu);
    calls.call(
      'gruBackward',
      rows.count,
      u,
      this.act,
      this.recAct,
      this.z + o,
      this.rec + o,
      this.h + t * B * u + s,
      dh + s,
      this.dzRow(this.dz, t, gu) + 3 * s,
      dzRec + 3 * s,
      this.maskAt(t, rows),
    );
    this.proj.recurrentMatmulGrad(calls, rows, dzRec, gu, 0, gu, dh);
  }

  /** h_{t−1} [B, u] as the reset gate sees it (its `rows` written): after the ĥ block's recurrent dropout mask, if any. */
  private resetInput(calls: Calls, rows: Range, hPrev: number): number {
    const mask = this.proj.recurrentMask(2);
    if (mask === NONE) return hPrev;
    const u = this.units;
    const s = rows.start * u;
    const out = this.buffer('hReset', this.batch * u).offset;
    calls.call('mul', hPrev + s, mask + s, out + s, rows.count * u);
    return out;
  }

  private forwardResetBefore(calls: Calls, rows: Range, t: number): void {
    const u = this.units;
    const B = this.batch;
    const n = rows.count;
    const Bu = B * u;
    const gu = 3 * u;
    const s = rows.start * u;
    const z = this.z + t * B * gu;
    const hPrev = this.h + t * Bu;
    const rh = this.rec + t * Bu;
    this.proj.recurrentMatmul(calls, rows, hPrev, 0, 2 * u, z, gu, 1);
    calls.call('gruResetBeforeGates', n, u, this.recAct, z + 3 * s, this.resetInput(calls, rows, hPrev) + s, rh + s);
    calls.call('gemmPackedB', false, n, u, u, 1, rh + s, u, this.proj.packedU(false, 2 * u, u), 1, z + 3 * s + 2 * u, gu);
    calls.call('gruResetBeforeOutput', n, u, this.act, z + 3 * s, hPrev + s, hPrev + Bu + s, this.maskAt(t, rows));
  }

  private backwardResetBefore(calls: Calls, rows: Range, t: number, dh: number): void {
    const u = this.units;
    const B = this.batch;
    const n = rows.count;
    const Bu = B * u;
    const gu = 3 * u;
    const s = rows.start * u;
    const z = this.z + t * B * gu + 3 * s;
    const dz = this.dzRow(this.dz, t, gu);
    const dzRows = dz + 3 * s;
    const hPrev = this.h + t * Bu + s;
    const dhRows = dh + s;
    const drh = this.buffer('drh', Bu).offset + s;
    const hMask = this.proj.recurrentMask(2);
    calls.call('gruResetBeforeBackwardOutput', n, u, this.act, this.recAct, z, hPrev, dhRows, dzRows, this.maskAt(t, rows));
    calls.call('gemmPackedB', false, n, u, u, 1, dzRows + 2 * u, gu, this.proj.packedU(true, 2 * u, u), 0, drh, u);
    calls.call('gruResetBeforeBackwardReset', n, u, this.recAct, z, this.resetInput(calls, rows, this.h + t * Bu) + s, drh, dzRows);
    if (hMask !== NONE) calls.call('mul', drh, hMask + s, drh, n * u);
    calls.call('add', dhRows, drh, dhRows, n * u);
    this.proj.recurrentMatmulGrad(calls, rows, dz, gu, 0, 2 * u, dh);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: this.recurrentActivation, resetAfter: this.resetAfter };
  }
}
