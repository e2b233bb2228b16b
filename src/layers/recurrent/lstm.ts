// LSTM (Keras): gates [i, f, c, o] = x·W + h·U + b; c_t = f⊙c_{t−1} + i⊙act(c̃);
// h_t = o⊙act(c_t). unitForgetBias sets the forget block of the bias to exactly 1.

import type { HeapBuffer } from '../../heap.ts';
import type { ActCode } from '../../kernels/core.ts';
import type { InitFn } from '../../initializers.ts';
import { RNNBase } from './base.ts';
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

  protected forwardSteps(): void {
    const k = this.kernels;
    const u = this.units;
    const Bu = this.batch * u;
    const gu = 4 * u;
    for (let t = 0; t < this.steps; t++) {
      const z = this.z + t * this.batch * gu;
      const hPrev = this.h + t * Bu;
      const cPrev = this.c + t * Bu;
      this.proj.recurrentMatmul(hPrev, 0, gu, z, gu, 1);
      k.lstmForward(this.batch, u, this.act, this.recAct, z, cPrev, hPrev, cPrev + Bu, hPrev + Bu, this.maskAt(t));
    }
  }

  protected backwardSteps(dh: number, dc: number, dOut: number): number {
    const k = this.kernels;
    const u = this.units;
    const Bu = this.batch * u;
    const gu = 4 * u;
    const dz = this.buffer('dz', this.steps * this.batch * gu).offset;
    for (let t = this.steps - 1; t >= 0; t--) {
      if (dOut >= 0) k.add(dh, dOut + t * Bu, dh, Bu);
      const dzt = dz + t * this.batch * gu;
      const cPrev = this.c + t * Bu;
      k.lstmBackward(this.batch, u, this.act, this.recAct, this.z + t * this.batch * gu, cPrev, cPrev + Bu, dh, dc, dzt, this.maskAt(t));
      this.proj.recurrentMatmulGrad(dzt, gu, 0, gu, dh);
    }
    this.proj.recurrentWeightGrad(this.h, dz, gu, 0, gu, true);
    return dz;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: this.recurrentActivation, unitForgetBias: this.unitForgetBias };
  }
}
