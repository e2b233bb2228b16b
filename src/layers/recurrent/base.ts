// The shared machinery of SimpleRNN, LSTM and GRU: the cuDNN-style time loop's frame.
//
// Forward:  X [B, T, I] → time-major X [T, B, I] (reversed for goBackwards) → ONE GEMM for the
//           input projection of every step, Z = X·W + b  [T, B, G·u] → per step (in the cell
//           subclass) one recurrent GEMM h·U into the step's rows of Z and one fused gate kernel.
//           Z keeps the gate activations, H [T+1, B, u] every h (H[0] = initial state): what
//           backward needs, in layer-owned buffers reused across batches.
// Backward: per step (cell subclass) a fused gate-derivative kernel writes dZ_t and GEMM
//           dh_{t−1} += dZ_t·Uᵀ; after the loop big GEMMs over all T·B rows:
//           dW = Xᵀ·dZ, dU = H_prevᵀ·dZ, db = column sums of dZ, dX = dZ·Wᵀ.
//
// Dropout is variational (Keras): masks drawn once per call, reused at every step, scaled by
// 1/(1−rate), training only. As tf.keras 2 does (implementation 1 when recurrentDropout > 0),
// recurrent dropout uses one mask per gate for the inputs and another per gate for h; input
// dropout alone uses one mask for all gates.

import type { HeapBuffer } from '../../heap.ts';
import type { ActCode } from '../../kernels/core.ts';
import { getInitializer, type InitFn } from '../../initializers.ts';
import type { Random } from '../../random.ts';
import type { Tensor } from '../../tensor.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type Shape, type Weight } from '../layer.ts';
import { activationCode, activationName, checkRate, checkUnits, type RNNArgs } from './options.ts';

const NONE = -1;

export abstract class RNNBase extends Layer {
  readonly units: number;
  readonly activation: string;
  readonly useBias: boolean;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  protected readonly act: ActCode;
  protected readonly kernelInit: InitFn;
  protected readonly recurrentInit: InitFn;
  protected readonly biasInit: InitFn;
  protected readonly initializerNames: Record<string, unknown>;

  /** Gate blocks in the kernel (1, 4 or 3) and states carried (h; h and c). */
  protected abstract readonly gateCount: number;
  protected abstract readonly stateCount: number;

  kernel!: Weight;
  recurrentKernel!: Weight;
  bias: Weight | null = null;
  protected inputDim = 0;

  // Geometry and buffers of the last forward call (backward reads them).
  protected batch = 0;
  protected steps = 0;
  /** Time-major inputs [T, B, I]. */
  protected x = 0;
  /** Gate pre-activations, then activations [T, B, G·u]. */
  protected z = 0;
  /** Hidden states [T+1, B, u]; H[0] is the initial state. */
  protected h = 0;
  /** Time-major mask [T, B] or NONE. */
  protected mask = NONE;
  /** Input dropout masks [groups, B, I] and recurrent dropout masks [G, B, u], or NONE. */
  protected inputDropMask = NONE;
  protected inputDropGroups = 0;
  protected recurrentDropMask = NONE;
  private initialStateCount = 0;
  /** stateful: the states carried from the last call ([B, u] each) and their batch size. */
  private carried: number[] | null = null;
  private carriedBatch = 0;
  /** Whether this call started from states other than zeros (given or carried). */
  private startsFromStates = false;
  /** Per row, the masked steps before its first unmasked one, when that matters (see outputs). */
  private leadingMasked: Int32Array | null = null;

  constructor(args: RNNArgs, prefix: string) {
    super(args, prefix);
    this.units = checkUnits(this.name, args.units);
    this.activation = activationName(this.name, 'activation', args.activation, 'tanh');
    this.act = activationCode(this.activation);
    this.useBias = args.useBias ?? true;
    this.dropout = checkRate(this.name, 'dropout', args.dropout);
    this.recurrentDropout = checkRate(this.name, 'recurrentDropout', args.recurrentDropout);
    this.returnSequences = args.returnSequences ?? false;
    this.returnState = args.returnState ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.stateful = args.stateful ?? false;
    const kernelInit = args.kernelInitializer ?? 'glorot_uniform';
    const recurrentInit = args.recurrentInitializer ?? 'orthogonal';
    const biasInit = args.biasInitializer ?? 'zeros';
    this.kernelInit = getInitializer(kernelInit);
    this.recurrentInit = getInitializer(recurrentInit);
    this.biasInit = getInitializer(biasInit);
    // a function initializer is reported as the default (the saved weights replace it on load)
    const describe = (spec: unknown, fallback: string): unknown => (typeof spec === 'function' ? fallback : spec);
    this.initializerNames = {
      kernelInitializer: describe(kernelInit, 'glorot_uniform'),
      recurrentInitializer: describe(recurrentInit, 'orthogonal'),
      biasInitializer: describe(biasInit, 'zeros'),
    };
  }

  /** Bias weight shape and its initial values (cells differ: LSTM forget bias, GRU two rows). */
  protected abstract biasShape(): number[];
  protected biasInitializer(): InitFn {
    return this.biasInit;
  }
  /** Offset of the bias added to X·W (GRU reset-after: row 0 of its (2, 3u) bias). */
  protected inputBias(): number {
    return this.bias ? this.bias.value.offset : NONE;
  }

  /** The cell's time loop, forward: fills Z's activations, H (and the cell's own buffers). */
  protected abstract forwardSteps(): void;
  /**
   * The cell's time loop, backward, then its recurrent weight gradients. dh (and dc) hold the
   * gradient reaching the last state; dOut is the time-major output gradient [T, B, u] or NONE.
   * Adds the recurrent weight gradients (recurrentWeightGrad skips frozen weights) and
   * returns the gradient of the input projection, dZx [T, B, G·u].
   */
  protected abstract backwardSteps(dh: number, dc: number, dOut: number): number;
  /** Cell-specific buffers for extra states (LSTM's c): initial state fill. */
  protected setInitialCellState(_c0: number | null): void {}
  protected cellStateOutput(): HeapBuffer | null {
    return null;
  }

  /** The step's mask pointer for the fused kernels (or NONE). */
  protected maskAt(t: number): number {
    return this.mask === NONE ? NONE : this.mask + t * this.batch;
  }

  get gateWidth(): number {
    return this.gateCount * this.units;
  }

  override build(inputShapes: Shape[]): void {
    const shape = inputShapes[0];
    const features = shape?.[shape.length - 1];
    if (!shape || shape.length !== 3 || typeof features !== 'number') {
      throw new Error(`${this.name}: expected input [batch, time, features] with known features, got [${shape?.map((d) => d ?? 'null').join(', ')}]`);
    }
    this.inputDim = features;
    const gu = this.gateWidth;
    this.kernel = this.addWeight('kernel', [features, gu], this.kernelInit);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, gu], this.recurrentInit);
    if (this.useBias) this.bias = this.addWeight('bias', this.biasShape(), this.biasInitializer());
    super.build(inputShapes);
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    const [batch, time] = inputShapes[0] ?? [];
    const out: Shape = this.returnSequences ? [batch ?? null, time ?? null, this.units] : [batch ?? null, this.units];
    if (!this.returnState) return [out];
    const state: Shape = [batch ?? null, this.units];
    return [out, ...Array.from({ length: this.stateCount }, () => [...state])];
  }

  forward(inputs: Activation[], ctx: CallContext): Activation[] {
    const input = inputs[0];
    if (!input || input.shape.length !== 3) {
      throw new Error(`${this.name}: expected input [batch, time, features], got [${input?.shape.join(', ') ?? ''}]`);
    }
    if (input.dtype !== 'float32') throw new Error(`${this.name}: expected float32 input, got ${input.dtype}`);
    const [B, T, I] = input.shape as [number, number, number];
    if (!this.built) this.build([[null, T, I]]);
    if (I !== this.inputDim) throw new Error(`${this.name}: expected ${this.inputDim} input features, got input [${input.shape.join(', ')}]`);
    if (T < 1) throw new Error(`${this.name}: input needs at least one timestep, got [${input.shape.join(', ')}]`);
    const k = this.kernels;
    const u = this.units;
    this.batch = B;
    this.steps = T;

    this.x = this.buffer('x', T * B * I).offset;
    k.transposeTime(input.buf.offset, this.x, B, T, I, false, this.goBackwards);
    this.mask = NONE;
    if (input.mask) {
      this.mask = this.buffer('mask', T * B).offset;
      k.transposeTime(input.mask.offset, this.mask, B, T, 1, false, this.goBackwards);
    }
    this.makeDropoutMasks(ctx);

    this.z = this.buffer('z', T * B * this.gateWidth).offset;
    this.projectInputs();

    const given = inputs.slice(1);
    const states = this.stageInitialStates(given);
    this.h = this.buffer('h', (T + 1) * B * u).offset;
    this.setInitialStates(states, given.length);
    this.forwardSteps();
    this.carryStates();
    return this.outputs(input);
  }

  /**
   * Checks the initial states and copies them aside first: they may be this layer's own
   * previous outputs (slices of H and C), which growing those buffers would free.
   */
  private stageInitialStates(states: Activation[]): number[] {
    const B = this.batch;
    const u = this.units;
    if (states.length !== 0 && states.length !== this.stateCount) {
      throw new Error(`${this.name}: expected ${this.stateCount} initial state tensor(s) [batch, ${u}], got ${states.length}`);
    }
    if (states.length === 0 && this.stateful && this.carried) {
      if (this.carriedBatch !== B) {
        throw new Error(`${this.name}: stateful layer carries states for batch size ${this.carriedBatch}, got input [${B}, …]; keep the batch size fixed or call resetStates()`);
      }
      return this.carried;
    }
    return states.map((s, i) => {
      if (s.shape.length !== 2 || s.shape[0] !== B || s.shape[1] !== u) {
        throw new Error(`${this.name}: initial state ${i} must be [${B}, ${u}], got [${s.shape.join(', ')}]`);
      }
      const staged = this.buffer(`initialState${i}`, B * u).offset;
      this.kernels.copy(s.buf.offset, staged, B * u);
      return staged;
    });
  }

  /** stateful: keeps this call's final states for the next call. */
  private carryStates(): void {
    if (!this.stateful) return;
    const Bu = this.batch * this.units;
    const finals = [this.h + this.steps * Bu, ...(this.stateCount > 1 ? [this.cellStateOutput()!.offset] : [])];
    this.carried = finals.map((offset, i) => {
      const keep = this.buffer(`carriedState${i}`, Bu).offset;
      this.kernels.copy(offset, keep, Bu);
      return keep;
    });
    this.carriedBatch = this.batch;
  }

  /**
   * stateful: forgets the carried states (the next call starts from zeros), or sets them to
   * `states` ([batch, units] each: h, and c for LSTM).
   */
  resetStates(states?: Tensor[]): void {
    this.carried = null;
    if (!states) return;
    if (states.length !== this.stateCount || states.some((t) => t.shape.length !== 2 || t.shape[1] !== this.units || t.shape[0] !== states[0]!.shape[0])) {
      throw new Error(`${this.name}.resetStates: expected ${this.stateCount} tensor(s) [batch, ${this.units}], got ${states.map((t) => `[${t.shape.join(', ')}]`).join(', ')}`);
    }
    const B = states[0]!.shape[0]!;
    this.carried = states.map((t, i) => {
      const keep = this.buffer(`carriedState${i}`, B * this.units);
      this.kernels.heap.view(keep).set(t.dataSync());
      return keep.offset;
    });
    this.carriedBatch = B;
  }

  /** The one place states start from: given initial states, else carried ones (stateful), else zeros. */
  private setInitialStates(staged: number[], givenCount: number): void {
    const Bu = this.batch * this.units;
    this.initialStateCount = givenCount; // the inputs that receive gradients
    this.startsFromStates = staged.length > 0;
    if (staged[0] !== undefined) this.kernels.copy(staged[0], this.h, Bu);
    else this.kernels.fill(this.h, Bu, 0);
    this.setInitialCellState(staged[1] ?? null);
  }

  private outputs(input: Activation): Activation[] {
    const B = this.batch;
    const T = this.steps;
    const u = this.units;
    const last: HeapBuffer = { offset: this.h + T * B * u, length: B * u };
    this.findLeadingMaskedSteps();
    let output: Activation;
    if (this.returnSequences) {
      const seq = this.buffer('out', B * T * u);
      this.kernels.transposeTime(this.h + B * u, seq.offset, T, B, u, false, false);
      this.zeroLeadingMaskedOutputs(seq.offset, false);
      output = { buf: seq, shape: [B, T, u], dtype: 'float32', mask: input.mask ?? null };
    } else if (this.leadingMasked) {
      const out = this.buffer('out', B * u);
      this.kernels.copy(last.offset, out.offset, B * u);
      this.zeroLeadingMaskedOutputs(out.offset, false);
      output = { buf: out, shape: [B, u], dtype: 'float32' };
    } else {
      output = { buf: last, shape: [B, u], dtype: 'float32' };
    }
    if (!this.returnState) return [output];
    const states: Activation[] = [{ buf: last, shape: [B, u], dtype: 'float32' }];
    const c = this.cellStateOutput();
    if (c) states.push({ buf: c, shape: [B, u], dtype: 'float32' });
    return [output, ...states];
  }

  /**
   * Keras starts the *output* (not the state) at zeros: an output at a masked step repeats the
   * previous output, so before a row's first unmasked step it is 0 even when an initial state
   * is given. (With zero initial states this is just h, and nothing needs doing.)
   */
  private findLeadingMaskedSteps(): void {
    this.leadingMasked = null;
    if (this.mask === NONE || !this.startsFromStates) return;
    const B = this.batch;
    const T = this.steps;
    const mask = this.kernels.heap.f32;
    const lead = new Int32Array(B);
    let any = false;
    for (let b = 0; b < B; b++) {
      let t = 0;
      while (t < T && mask[this.mask + t * B + b] === 0) t++;
      lead[b] = t;
      any ||= t > 0;
    }
    if (any) this.leadingMasked = lead;
  }

  /**
   * Zeroes the outputs (or their gradients) before each row's first unmasked step:
   * a sequence [B, T, u] in processing order, or time-major [T, B, u]; or, when not
   * returnSequences, the rows [B, u] that are masked throughout.
   */
  private zeroLeadingMaskedOutputs(buf: number, timeMajor: boolean): void {
    const lead = this.leadingMasked;
    if (!lead) return;
    const B = this.batch;
    const T = this.steps;
    const u = this.units;
    const k = this.kernels;
    for (let b = 0; b < B; b++) {
      if (!this.returnSequences) {
        if (lead[b] === T) k.fill(buf + b * u, u, 0);
        continue;
      }
      for (let t = 0; t < lead[b]!; t++) k.fill(buf + (timeMajor ? t * B + b : b * T + t) * u, u, 0);
    }
  }

  private makeDropoutMasks(ctx: CallContext): void {
    const B = this.batch;
    const G = this.gateCount;
    const perGate = this.recurrentDropout > 0;
    this.inputDropMask = NONE;
    this.recurrentDropMask = NONE;
    this.inputDropGroups = 0;
    if (!ctx.training) return;
    if (this.dropout > 0) {
      this.inputDropGroups = perGate ? G : 1;
      this.inputDropMask = this.fillDropMask('inputDropMask', this.inputDropGroups * B * this.inputDim, this.dropout, ctx.rng);
    }
    if (perGate) this.recurrentDropMask = this.fillDropMask('recurrentDropMask', G * B * this.units, this.recurrentDropout, ctx.rng);
  }

  private fillDropMask(role: string, n: number, rate: number, rng: Random): number {
    const buf = this.buffer(role, n);
    const view = this.kernels.heap.view(buf);
    const kept = 1 / (1 - rate);
    for (let i = 0; i < n; i++) view[i] = rng.next() < rate ? 0 : kept;
    return buf.offset;
  }

  /** Gate columns [group·width, (group+1)·width) share one input dropout mask. */
  private get inputGroupWidth(): number {
    return this.inputDropGroups > 1 ? this.units : this.gateWidth;
  }

  /** Writes x ⊙ mask(group) for every step into the 'xDropped' buffer and returns it. */
  private droppedInputs(group: number): number {
    const k = this.kernels;
    const BI = this.batch * this.inputDim;
    const out = this.buffer('xDropped', this.steps * BI).offset;
    const mask = this.inputDropMask + group * BI;
    for (let t = 0; t < this.steps; t++) k.mul(this.x + t * BI, mask, out + t * BI, BI);
    return out;
  }

  /** Z = X·W + b for every step at once. */
  private projectInputs(): void {
    const k = this.kernels;
    const rows = this.steps * this.batch;
    const I = this.inputDim;
    const gu = this.gateWidth;
    const W = this.kernel.value.offset;
    if (this.inputDropGroups === 0) {
      k.gemm(false, false, rows, gu, I, 1, this.x, I, W, gu, 0, this.z, gu);
    } else {
      const width = this.inputGroupWidth;
      for (let g = 0; g < this.inputDropGroups; g++) {
        const xd = this.droppedInputs(g);
        k.gemm(false, false, rows, width, I, 1, xd, I, W + g * width, gu, 0, this.z + g * width, gu);
      }
    }
    const b = this.inputBias();
    if (b !== NONE) k.addRowVector(this.z, rows, gu, b);
  }

  /**
   * dst[:, cols] = beta·dst + (h ⊙ recurrent mask)·U[:, cols] for gate columns
   * [col0, col0 + ncols) (whole gate blocks), for one step's B rows.
   */
  protected recurrentMatmul(h: number, col0: number, ncols: number, dst: number, ldDst: number, beta: number): void {
    const k = this.kernels;
    const B = this.batch;
    const u = this.units;
    const gu = this.gateWidth;
    const U = this.recurrentKernel.value.offset;
    if (this.recurrentDropMask === NONE) {
      k.gemm(false, false, B, ncols, u, 1, h, u, U + col0, gu, beta, dst, ldDst);
      return;
    }
    const hd = this.buffer('hDropped', B * u).offset;
    for (let c = col0; c < col0 + ncols; c += u) {
      k.mul(h, this.recurrentDropMask + (c / u) * B * u, hd, B * u);
      k.gemm(false, false, B, u, u, 1, hd, u, U + c, gu, beta, dst + (c - col0), ldDst);
    }
  }

  /** dh += Σ (dz[:, cols]·U[:, cols]ᵀ) ⊙ recurrent mask, for one step. */
  protected recurrentMatmulGrad(dz: number, ldDz: number, col0: number, ncols: number, dh: number): void {
    const k = this.kernels;
    const B = this.batch;
    const u = this.units;
    const gu = this.gateWidth;
    const U = this.recurrentKernel.value.offset;
    if (this.recurrentDropMask === NONE) {
      k.gemm(false, true, B, u, ncols, 1, dz, ldDz, U + col0, gu, 1, dh, u);
      return;
    }
    const tmp = this.buffer('dhDropped', B * u).offset;
    for (let c = col0; c < col0 + ncols; c += u) {
      k.gemm(false, true, B, u, u, 1, dz + (c - col0), ldDz, U + c, gu, 0, tmp, u);
      k.mul(tmp, this.recurrentDropMask + (c / u) * B * u, tmp, B * u);
      k.add(dh, tmp, dh, B * u);
    }
  }

  /**
   * dU[:, cols] += (src ⊙ recurrent mask)ᵀ·dz[:, cols] over all T·B rows, where src [T, B, u]
   * is what multiplied U (H_prev, or r⊙h for GRU reset-before, whose mask is already applied).
   */
  protected recurrentWeightGrad(src: number, dz: number, ldDz: number, col0: number, ncols: number, applyMask: boolean): void {
    const k = this.kernels;
    const rows = this.steps * this.batch;
    const Bu = this.batch * this.units;
    const u = this.units;
    const gu = this.gateWidth;
    const dU = this.recurrentKernel.grad.offset;
    if (!this.recurrentKernel.isTrainable) return;
    if (!applyMask || this.recurrentDropMask === NONE) {
      k.gemm(true, false, u, ncols, rows, 1, src, u, dz, ldDz, 1, dU + col0, gu);
      return;
    }
    const masked = this.buffer('hAllDropped', rows * u).offset;
    for (let c = col0; c < col0 + ncols; c += u) {
      const mask = this.recurrentDropMask + (c / u) * Bu;
      for (let t = 0; t < this.steps; t++) k.mul(src + t * Bu, mask, masked + t * Bu, Bu);
      k.gemm(true, false, u, u, rows, 1, masked, u, dz + (c - col0), ldDz, 1, dU + c, gu);
    }
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    if (this.steps === 0) throw new Error(`${this.name}: backward() called before forward()`);
    const k = this.kernels;
    const B = this.batch;
    const T = this.steps;
    const u = this.units;
    const Bu = B * u;
    const dh = this.buffer('dh', Bu).offset;
    k.fill(dh, Bu, 0);
    const dc = this.stateCount > 1 ? this.buffer('dc', Bu).offset : NONE;
    if (dc !== NONE) k.fill(dc, Bu, 0);
    const [dOutput, dhState, dcState] = outputGrads;
    if (this.returnState) {
      if (dhState) k.add(dh, dhState.offset, dh, Bu);
      if (dcState && dc !== NONE) k.add(dc, dcState.offset, dc, Bu);
    }
    let dOut = NONE;
    if (dOutput && this.returnSequences) {
      dOut = this.buffer('dOut', T * Bu).offset;
      k.transposeTime(dOutput.offset, dOut, B, T, u, false, false);
      this.zeroLeadingMaskedOutputs(dOut, true);
    } else if (dOutput && this.leadingMasked) {
      const d = this.buffer('dOut', Bu).offset;
      k.copy(dOutput.offset, d, Bu);
      this.zeroLeadingMaskedOutputs(d, false);
      k.add(dh, d, dh, Bu);
    } else if (dOutput) {
      k.add(dh, dOutput.offset, dh, Bu);
    }

    const dzx = this.backwardSteps(dh, dc, dOut);
    this.inputWeightGrads(dzx);
    const dX = ctx.needInputGrads[0] ?? true ? this.inputGrads(dzx) : null;

    const grads: Array<HeapBuffer | null> = [dX];
    if (this.initialStateCount > 0) {
      // dh/dc now hold the gradient reaching the initial states
      const dh0 = this.buffer('dh0', Bu);
      k.copy(dh, dh0.offset, Bu);
      grads.push(dh0);
      if (this.initialStateCount > 1 && dc !== NONE) {
        const dc0 = this.buffer('dc0', Bu);
        k.copy(dc, dc0.offset, Bu);
        grads.push(dc0);
      }
    }
    return grads;
  }

  /** dW and db from the input-projection gradient dZx [T, B, G·u] (if the weights train). */
  private inputWeightGrads(dzx: number): void {
    const k = this.kernels;
    const rows = this.steps * this.batch;
    const I = this.inputDim;
    const gu = this.gateWidth;
    const dW = this.kernel.grad.offset;
    if (this.kernel.isTrainable) {
      if (this.inputDropGroups === 0) {
        k.gemm(true, false, I, gu, rows, 1, this.x, I, dzx, gu, 1, dW, gu);
      } else {
        const width = this.inputGroupWidth;
        for (let g = 0; g < this.inputDropGroups; g++) {
          const xd = this.droppedInputs(g);
          k.gemm(true, false, I, width, rows, 1, xd, I, dzx + g * width, gu, 1, dW + g * width, gu);
        }
      }
    }
    if (this.bias?.isTrainable) k.sumRows(dzx, rows, gu, this.bias.grad.offset, true);
  }

  /** dX = dZx·Wᵀ (⊙ input dropout mask), back in [B, T, I] order. */
  private inputGrads(dzx: number): HeapBuffer {
    const k = this.kernels;
    const B = this.batch;
    const T = this.steps;
    const I = this.inputDim;
    const rows = T * B;
    const gu = this.gateWidth;
    const W = this.kernel.value.offset;
    const dxTm = this.buffer('dxTimeMajor', rows * I).offset;
    if (this.inputDropGroups === 0) {
      k.gemm(false, true, rows, I, gu, 1, dzx, gu, W, gu, 0, dxTm, I);
    } else {
      const width = this.inputGroupWidth;
      const tmp = this.buffer('xDropped', rows * I).offset;
      const BI = B * I;
      k.fill(dxTm, rows * I, 0);
      for (let g = 0; g < this.inputDropGroups; g++) {
        k.gemm(false, true, rows, I, width, 1, dzx + g * width, gu, W + g * width, gu, 0, tmp, I);
        const mask = this.inputDropMask + g * BI;
        for (let t = 0; t < T; t++) k.mul(tmp + t * BI, mask, tmp + t * BI, BI);
        k.add(dxTm, tmp, dxTm, rows * I);
      }
    }
    const dX = this.buffer('dx', rows * I);
    k.transposeTime(dxTm, dX.offset, T, B, I, this.goBackwards, false);
    return dX;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation,
      useBias: this.useBias,
      ...this.initializerNames,
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      stateful: this.stateful,
    };
  }
}

export { NONE };
