// LSTM (Keras): gates [i, f, c, o] = x·W + h·U + b; c_t = f⊙c_{t−1} + i⊙act(c̃);
// h_t = o⊙act(c_t). unitForgetBias sets the forget block of the bias to exactly 1.

import type { HeapBuffer } from '../../heap.ts';
import type { ActCode } from '../../kernels/core.ts';
import type { InitFn } from '../../initializers.ts';
import type { Calls, Range } from '../../threads/index.ts';
import { RNNBase } from './base.ts';
import type { TrainLoopCell } from './train-loops.ts';
import { NONE } from './projections.ts';
import { activationCode, activationName, type GatedRNNArgs } from './options.ts';

export interface LSTMArgs extends GatedRNNArgs {
  /** Forget-gate bias starts at 1 (replacing the bias initializer for that block). Default true. */
  unitForgetBias?: boolean;
}

export class LSTM extends RNNBase {
  readonly className = 'LSTM';
  protected readonly gateCount = 4;
  protected readonly stateCount = 2;
  readonly recurrentActivation: string;
  readonly unitForgetBias: boolean;
  private readonly recAct: ActCode;
  /** Cell states [T+1, B, u]; C[0] is the initial state. */
  private c = 0;
  /** dZ of one block of steps [block, B, 4u]. */
  private dz = 0;

  constructor(args: LSTMArgs) {
    super(args, 'lstm');
    this.recurrentActivation = activationName(this.name, 'recurrentActivation', args.recurrentActivation, 'sigmoid');
    this.recAct = activationCode(this.recurrentActivation);
    this.unitForgetBias = args.unitForgetBias ?? true;
  }

  protected biasShape(): number[] {
    return [4 * this.units];
  }

  protected override biasInitializer(): InitFn {
    if (!this.unitForgetBias) return this.biasInit;
    const u = this.units;
    const init = this.biasInit;
    // Keras: concat(init((u,)), ones((u,)), init((2u,)))
    return (size, _shape, rng) => {
      const out = new Float32Array(size);
      out.set(init(u, [u], rng), 0);
      out.fill(1, u, 2 * u);
      out.set(init(2 * u, [2 * u], rng), 2 * u);
      return out;
    };
  }

  protected override setInitialCellState(c0: number | null): void {
    const Bu = this.batch * this.units;
    this.c = this.buffer('c', (this.steps + 1) * Bu).offset;
    if (c0 === null) this.kernels.fill(this.c, Bu, 0);
    else this.kernels.copy(c0, this.c, Bu);
  }

  protected override cellStateOutput(): HeapBuffer {
    const Bu = this.batch * this.units;
    return { offset: this.c + this.steps * Bu, length: Bu };
  }

  protected forwardStep(calls: Calls, rows: Range, t: number): void {
    const u = this.units;
    const Bu = this.batch * u;
    const z = this.z + t * 4 * Bu;
    const hPrev = this.h + t * Bu;
    const cPrev = this.c + t * Bu;
    const s = rows.start * u;
    this.proj.recurrentMatmul(calls, rows, hPrev, 0, 4 * u, z, 4 * u, 1);
    calls.call(
      'lstmForward',
      rows.count,
      u,
      this.act,
      this.recAct,
      z + 4 * s,
      cPrev + s,
      hPrev + s,
      cPrev + Bu + s,
      hPrev + Bu + s,
      this.maskAt(t, rows),
    );
  }

  protected override sequenceCell(): { kernel: 'lstmSequence'; recAct: ActCode; recBias: number } {
    return { kernel: 'lstmSequence', recAct: this.recAct, recBias: NONE };
  }

  protected override trainLoopCell(): TrainLoopCell {
    const names = { forward: 'lstmTrainForward', backward: 'lstmTrainBackward' } as const;
    return { names, recAct: this.recAct, c: this.c, rec: NONE, recBias: NONE, dzRec: NONE };
  }

  protected prepareBackward(): number {
    this.dz = this.buffer('dz', this.blockSteps * this.batch * 4 * this.units).offset;
    return this.dz;
  }

  protected backwardStep(calls: Calls, rows: Range, t: number, dh: number, dc: number): void {
    const u = this.units;
    const Bu = this.batch * u;
    const dz = this.dzRow(this.dz, t, 4 * u);
    const cPrev = this.c + t * Bu;
    const s = rows.start * u;
    const z = this.z + t * 4 * Bu;
    calls.call(
      'lstmBackward',
      rows.count,
      u,
      this.act,
      this.recAct,
      z + 4 * s,
      cPrev + s,
      cPrev + Bu + s,
      dh + s,
      dc + s,
      dz + 4 * s,
      this.maskAt(t, rows),
    );
    this.proj.recurrentMatmulGrad(calls, rows, dz, 4 * u, 0, 4 * u, dh);
  }

  protected recurrentGrads(t0: number, t1: number): void {
    this.proj.recurrentWeightGrad(this.h, this.dz, 4 * this.units, 0, 4 * this.units, true, t0, t1);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: this.recurrentActivation, unitForgetBias: this.unitForgetBias };
  }
}
