// The shared machinery of SimpleRNN, LSTM and GRU: the cuDNN-style time loop's frame.
//
// Forward:  X [B, T, I] → time-major X [T, B, I] (reversed for goBackwards) → the input
//           projection Z = X·W + b [T, B, G·u] as one GEMM per block of steps (many steps'
//           rows at once) → per step (forwardStep, in the cell subclass) one recurrent GEMM h·U
//           into the step's rows of Z and one fused gate kernel. Z keeps the gate activations,
//           H [T+1, B, u] every h (H[0] = initial state): what backward needs, in layer-owned
//           buffers reused across calls.
// Backward: per step (backwardStep) a fused gate-derivative kernel writes dZ_t and a GEMM adds
//           dZ_t·Uᵀ to dh_{t−1}; per block of steps, GEMMs over all its rows: dW += Xᵀ·dZ,
//           dU += H_prevᵀ·dZ, db += column sums of dZ, dX = dZ·Wᵀ.
//
// The GEMMs (with dropout masks) are in projections.ts; the gate math in the fused kernels
// (kernels/recurrent.ts).
//
// Threads: both time loops are written per range of batch rows (forwardStep / backwardStep
// take a Calls and a Range and compute their own pointers); splitRows (src/threads) decides
// whether the rows are cut between threads, each range then running as one job.
//
// Inference (training false): sequencePlan hands the whole loop to one sequence kernel call
// per range of rows (inference.ts), reusing this frame's projections and buffers.
//
// Training loops in the kernel set (the native one): where the set has them for the cell, each
// range runs a block of steps in one call doing exactly forwardStep / backwardStep's work
// (train-loops.ts).
//
// Longer than a layer file should be (≈680 lines): the frame, masking, initial and stateful
// states, the Embedding-fused input path, the split of the batch across threads and the
// inference plan all meet in the one loop the three cells share; split apart, each piece would
// need the others' private state.

import type { HeapBuffer } from '../../heap.ts';
import type { ActCode } from '../../kernels/core.ts';
import { getInitializer, type InitFn } from '../../initializers.ts';
import type { Tensor } from '../../tensor.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type Shape, type Weight } from '../layer.ts';
import { RECURRENT_BLOCK_ROWS, recurrentLoopWork, splitRows, type Calls, type Range, type ThreadPolicy } from '../../threads/index.ts';
import { GateProjections, NONE } from './projections.ts';
import { runSequenceCalls, type SequenceCall } from './inference.ts';
import { backwardLoopCall, forwardLoops, loopCell, type LoopFrame, type TrainLoopCell } from './train-loops.ts';
import { packedBFloats } from '../../kernels/core.ts';
import { sequenceScratchFloats, type SequenceKernels } from '../../kernels/sequence.ts';
import type { EmbeddingConsumer, EmbeddingFusionMode } from '../embedding-fusion.ts';
import { activationCode, activationName, checkRate, checkUnits, type InferencePath, type RNNArgs } from './options.ts';

export abstract class RNNBase extends Layer implements EmbeddingConsumer {
  readonly units: number;
  readonly activation: string;
  readonly useBias: boolean;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  /** Rows (steps × batch) per block of the input projection and gradient GEMMs (option blockRows). */
  readonly blockRows: number;
  /** When to work from an Embedding's ids and table (option embeddingFusion; layers/embedding-fusion.ts). */
  readonly embeddingFusion: EmbeddingFusionMode;
  /** When the time loops split across threads (option threadPolicy). */
  readonly threadPolicy: ThreadPolicy | undefined;
  /** Whether a forward with training false takes the inference path (option inferencePath). */
  inferencePath: InferencePath;
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
  /** The GEMMs (and dropout masks) around the gate kernels; made by build(). */
  protected proj!: GateProjections;
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
    this.blockRows = args.blockRows ?? RECURRENT_BLOCK_ROWS;
    if (!Number.isInteger(this.blockRows) || this.blockRows < 1)
      throw new Error(`${this.name}: blockRows must be a whole number ≥ 1, got ${String(args.blockRows)}`);
    this.embeddingFusion = args.embeddingFusion ?? 'auto';
    if (!['auto', 'always', 'never'].includes(this.embeddingFusion))
      throw new Error(`${this.name}: embeddingFusion must be 'auto', 'always' or 'never', got '${String(args.embeddingFusion)}'`);
    this.threadPolicy = args.threadPolicy;
    this.inferencePath = args.inferencePath ?? 'auto';
    if (!['auto', 'never'].includes(this.inferencePath))
      throw new Error(`${this.name}: inferencePath must be 'auto' or 'never', got '${String(args.inferencePath)}'`);
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

  /** Allocates the cell's own per-call buffers before the forward loop. */
  protected prepareForward(): void {}
  /** One forward step for `rows` of the batch: the recurrent GEMM(s) into step t's rows of Z, then the fused gate kernel. */
  protected abstract forwardStep(calls: Calls, rows: Range, t: number): void;
  /**
   * Allocates the gradient buffers, which hold one block of steps (see dzRow); returns dZx,
   * the input projection's gradient [block steps, B, G·u].
   */
  protected abstract prepareBackward(): number;
  /** One backward step for `rows`: step t's dZ from dh (and dc), which become what reaches step t − 1. */
  protected abstract backwardStep(calls: Calls, rows: Range, t: number, dh: number, dc: number): void;
  /** The recurrent weight gradients (dU; GRU's recurrent bias) over steps [t0, t1). */
  protected abstract recurrentGrads(t0: number, t1: number): void;
  /** Cell-specific buffers for extra states (LSTM's c): initial state fill. */
  protected setInitialCellState(_c0: number | null): void {}
  protected cellStateOutput(): HeapBuffer | null {
    return null;
  }
  /**
   * The cell's training loops (kernels/train-loop.ts) and the buffers they take beyond z and h
   * (whole-batch pointers; NONE where the cell has none), read after prepareForward /
   * prepareBackward; null where the cell has none (GRU reset-before).
   */
  protected trainLoopCell(): TrainLoopCell | null {
    return null;
  }

  /**
   * How this call's time loops run: the batch's rows cut between threads, or whole here
   * (src/threads/index.ts); `cell` says whether a range runs as loop-kernel calls or step by step.
   */
  private loopSplit(cell: TrainLoopCell | null) {
    const work = recurrentLoopWork(this.batch, this.steps, this.units, this.gateCount);
    return splitRows(this.kernels, this.batch, work, this.threadPolicy, cell ? 'kernel' : 'steps');
  }

  /** The cell's training loops when the kernels have them for this call (train-loops.ts), else null. */
  private trainLoops(): TrainLoopCell | null {
    return loopCell(this.kernels, this.trainLoopCell(), this.act, this.proj);
  }

  /** This call's buffers and geometry, as the loop kernels read them. */
  private get loopFrame(): LoopFrame {
    const { units, gateWidth, act, batch, steps, blockSteps, z, h, mask, proj } = this;
    return { units, gateWidth, act, batch, steps, blockSteps, z, h, mask, proj, inputBias: this.inputBias() };
  }

  /**
   * One-hot inputs (each row a single 1, the rest 0: a character model's x): writes their ids,
   * time-major, into a buffer and returns it, so the input projection becomes a row gather
   * (GateProjections.useTable 'identity': the same arithmetic as X·W). Any other input returns
   * NONE after reading a row or two.
   */
  private oneHotIds(input: Activation, training: boolean, reverse = this.goBackwards): number {
    const [B, T, I] = input.shape as [number, number, number];
    if (this.embeddingFusion === 'never' || I < 2 || (training && this.dropout > 0)) return NONE;
    const idsT = this.buffer('idsT', T * B).offset;
    if (!this.kernels.oneHotIds(input.buf.offset, B, T, I, idsT, reverse)) return NONE;
    return idsT;
  }

  /** Works from the ids when the vocabulary is smaller than batch × steps ('auto'), always or never; not under input dropout. */
  fusesWithEmbedding(vocab: number, batch: number, steps: number, training: boolean): boolean {
    if (training && this.dropout > 0) return false; // input dropout needs the embedded values
    return this.embeddingFusion === 'always' || (this.embeddingFusion === 'auto' && vocab < batch * steps);
  }

  /** Step t's mask pointer for `rows` (or NONE), for the fused kernels. */
  protected maskAt(t: number, rows: Range): number {
    return this.mask === NONE ? NONE : this.mask + t * this.batch + rows.start;
  }

  /** Steps per block of the input projection and gradient GEMMs: about blockRows rows. */
  protected get blockSteps(): number {
    return Math.min(this.steps, Math.max(1, Math.round(this.blockRows / this.batch)));
  }

  /** Where step t's rows of a block-sized gradient buffer start (blocks begin at multiples of blockSteps). */
  protected dzRow(dz: number, t: number, width: number): number {
    return dz + (t % this.blockSteps) * this.batch * width;
  }

  get gateWidth(): number {
    return this.gateCount * this.units;
  }

  override build(inputShapes: Shape[]): void {
    const shape = inputShapes[0];
    const features = shape?.[shape.length - 1];
    if (!shape || shape.length !== 3 || typeof features !== 'number') {
      throw new Error(
        `${this.name}: expected input [batch, time, features] with known features, got [${shape?.map((d) => d ?? 'null').join(', ')}]`,
      );
    }
    this.inputDim = features;
    const gu = this.gateWidth;
    this.kernel = this.addWeight('kernel', [features, gu], this.kernelInit);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, gu], this.recurrentInit);
    if (this.useBias) this.bias = this.addWeight('bias', this.biasShape(), this.biasInitializer());
    this.proj = new GateProjections((role, n) => this.buffer(role, n), this.kernel, this.recurrentKernel, this.units, this.gateCount);
    super.build(inputShapes);
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    const [batch, time] = inputShapes[0] ?? [];
    const out: Shape = this.returnSequences ? [batch ?? null, time ?? null, this.units] : [batch ?? null, this.units];
    if (!this.returnState) return [out];
    const state: Shape = [batch ?? null, this.units];
    return [out, ...Array.from({ length: this.stateCount }, () => [...state])];
  }

  /** Checks the input [batch, time, features] (building the layer on first use) and returns its shape. */
  private checkInput(input: Activation | undefined): [number, number, number] {
    if (!input || input.shape.length !== 3) {
      throw new Error(`${this.name}: expected input [batch, time, features], got [${input?.shape.join(', ') ?? ''}]`);
    }
    if (input.dtype !== 'float32') throw new Error(`${this.name}: expected float32 input, got ${input.dtype}`);
    const [B, T, I] = input.shape as [number, number, number];
    if (!this.built) this.build([[null, T, I]]);
    if (I !== this.inputDim)
      throw new Error(`${this.name}: expected ${this.inputDim} input features, got input [${input.shape.join(', ')}]`);
    if (T < 1) throw new Error(`${this.name}: input needs at least one timestep, got [${input.shape.join(', ')}]`);
    return [B, T, I];
  }

  /** The cell's inference loop (kernels/sequence.ts) and its extras, or null where it has none. */
  protected sequenceCell(): { kernel: keyof SequenceKernels; recAct: ActCode; recBias: number } | null {
    return null;
  }

  /**
   * Inference (training false, no initial states, not stateful): the whole forward as one
   * sequence kernel call (inference.ts), keeping only the running states, and the function
   * that makes the outputs once it has run; null where forward() takes the training path.
   */
  sequencePlan(inputs: Activation[], ctx: CallContext): { call: SequenceCall; outputs: () => Activation[] } | null {
    if (ctx.training || this.stateful || inputs.length !== 1 || this.inferencePath === 'never') return null;
    const input = inputs[0]!;
    const [B, T, I] = this.checkInput(input);
    const cell = this.sequenceCell(); // after build: it names the bias
    if (!cell) return null;
    const k = this.kernels;
    const u = this.units;
    const gu = this.gateWidth;
    this.steps = 0; // nothing is kept for backward: a backward() after this call recomputes the training forward
    this.inferenceCall = { inputs: [...inputs], ctx };
    this.proj.begin(k, B, NONE, 0, 0, false, ctx.rng);
    const source = ctx.embedded; // set by the model when this layer fuses with the Embedding before it
    // the input as rows of a projected table P = E·W + b (ids batch-major, or one-hot ids time-major), or floats
    let ids = NONE;
    let x = input.buf.offset;
    let [strideRow, strideStep, inputDim, packedW, bias] = [T * I, I, I, NONE, this.inputBias()];
    if (source) {
      this.proj.useTable(source.table, NONE, bias);
      [ids, x, strideRow, strideStep, inputDim, bias] = [source.ids.offset, this.proj.projectedTable, T, 1, source.table.shape[0]!, NONE];
    } else if ((ids = this.oneHotIds(input, false, false)) !== NONE) {
      this.proj.useTable('identity', NONE, bias);
      [x, strideRow, strideStep, bias] = [this.proj.projectedTable, 1, B, NONE];
    } else {
      packedW = this.buffer('inferencePackedW', packedBFloats(gu, I)).offset;
      k.packB(false, this.kernel.value.offset, gu, I, gu, packedW);
    }
    const h = this.buffer('inferenceH', B * u);
    k.fill(h.offset, B * u, 0);
    const c = this.stateCount > 1 ? this.buffer('inferenceC', B * u) : null;
    if (c) k.fill(c.offset, B * u, 0);
    const out = this.returnSequences ? this.buffer('out', B * T * u) : null;
    const call: SequenceCall = {
      kernel: cell.kernel,
      batch: B,
      steps: T,
      units: u,
      gateWidth: gu,
      act: this.act,
      recAct: cell.recAct,
      reverse: this.goBackwards,
      ids,
      x,
      strideRow,
      strideStep,
      inputDim,
      packedW,
      bias,
      packedU: this.proj.packedU(false, 0, gu),
      recBias: cell.recBias,
      h: h.offset,
      c: c ? c.offset : NONE,
      mask: input.mask ? input.mask.offset : NONE,
      out: out ? out.offset : NONE,
      scratch: this.buffer('inferenceScratch', sequenceScratchFloats(B, gu)).offset,
    };
    const outputs = (): Activation[] => {
      const last: Activation = { buf: h, shape: [B, u], dtype: 'float32' };
      const output: Activation = out ? { buf: out, shape: [B, T, u], dtype: 'float32', mask: input.mask ?? null } : last;
      if (!this.returnState) return [output];
      return [output, { ...last }, ...(c ? [{ buf: c, shape: [B, u], dtype: 'float32' } as Activation] : [])];
    };
    return { call, outputs };
  }

  /** The inputs of the last call when it took the inference path (backward() then recomputes what it needs). */
  private inferenceCall: { inputs: Activation[]; ctx: CallContext } | null = null;

  forward(inputs: Activation[], ctx: CallContext): Activation[] {
    const plan = this.sequencePlan(inputs, ctx);
    if (plan) {
      runSequenceCalls(this.kernels, [plan.call], this.threadPolicy);
      return plan.outputs();
    }
    return this.forwardKeepingActivations(inputs, ctx);
  }

  /** The training forward: the time loop keeping what backward needs (Z, every h and c). */
  private forwardKeepingActivations(inputs: Activation[], ctx: CallContext): Activation[] {
    this.inferenceCall = null;
    const input = inputs[0]!;
    const [B, T, I] = this.checkInput(input);
    const k = this.kernels;
    const u = this.units;
    this.batch = B;
    this.steps = T;

    const source = ctx.embedded;
    let idsT = NONE;
    let table: Weight | 'identity' | null = null;
    if (source) {
      // no [T, B, I] copy of the inputs: each step gathers its rows of Z from P = E·W + b
      this.x = NONE;
      idsT = this.buffer('idsT', T * B).offset; // int32 ids, time-major
      k.transposeTime(source.ids.offset, idsT, B, T, 1, false, this.goBackwards);
      table = source.table;
    } else if ((idsT = this.oneHotIds(input, ctx.training)) !== NONE) {
      this.x = NONE;
      table = 'identity';
    } else {
      this.x = this.buffer('x', T * B * I).offset;
      k.transposeTime(input.buf.offset, this.x, B, T, I, false, this.goBackwards);
    }
    this.mask = NONE;
    if (input.mask) {
      this.mask = this.buffer('mask', T * B).offset;
      k.transposeTime(input.mask.offset, this.mask, B, T, 1, false, this.goBackwards);
    }
    this.proj.begin(k, B, this.x, this.dropout, this.recurrentDropout, ctx.training, ctx.rng);
    if (table) this.proj.useTable(table, idsT, this.inputBias());
    this.z = this.buffer('z', T * B * this.gateWidth).offset;

    const given = inputs.slice(1);
    const states = this.stageInitialStates(given);
    this.h = this.buffer('h', (T + 1) * B * u).offset;
    this.setInitialStates(states, given.length);
    this.proj.zeroState = this.startsFromStates ? NONE : this.h;
    this.prepareForward();
    const block = this.blockSteps;
    const cell = this.trainLoops();
    const loop = this.loopSplit(cell);
    const bias = this.inputBias();
    if (cell) {
      forwardLoops(this.loopFrame, cell, loop);
    } else if (this.proj.fused || (loop.split && !this.proj.inputDropout)) {
      // each step gathers (fused) or projects its own rows: the whole loop is one job per range
      loop.run((calls, rows) => {
        for (let t = 0; t < T; t++) {
          if (this.proj.fused) this.proj.gatherInputs(calls, rows, this.z, t);
          else this.proj.projectStep(calls, rows, this.z, bias, t);
          this.forwardStep(calls, rows, t);
        }
      });
    } else {
      // the input projection a block of steps at a time, just before the steps use it (in cache)
      for (let t0 = 0; t0 < T; t0 += block) {
        const t1 = Math.min(t0 + block, T);
        this.proj.projectInputs(this.z, bias, t0, t1);
        loop.run((calls, rows) => {
          for (let t = t0; t < t1; t++) this.forwardStep(calls, rows, t);
        });
      }
    }
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
        throw new Error(
          `${this.name}: stateful layer carries states for batch size ${this.carriedBatch}, got input [${B}, …]; keep the batch size fixed or call resetStates()`,
        );
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
    if (
      states.length !== this.stateCount ||
      states.some((t) => t.shape.length !== 2 || t.shape[1] !== this.units || t.shape[0] !== states[0]!.shape[0])
    ) {
      throw new Error(
        `${this.name}.resetStates: expected ${this.stateCount} tensor(s) [batch, ${this.units}], got ${states.map((t) => `[${t.shape.join(', ')}]`).join(', ')}`,
      );
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

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    if (this.steps === 0 && this.inferenceCall) this.forwardKeepingActivations(this.inferenceCall.inputs, this.inferenceCall.ctx);
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

    // fused with an Embedding: the table's gradient is added here, no input gradient flows
    const fused = this.proj.fused;
    const needX = (ctx.needInputGrads[0] ?? true) && !this.proj.fusedWithEmbedding;
    if (fused) this.proj.beginFusedBackward();
    const dxTimeMajor = needX ? this.buffer('dxTimeMajor', T * B * this.inputDim).offset : NONE;
    const dzx = this.prepareBackward();
    const block = this.blockSteps;
    const cell = this.trainLoops();
    const loop = this.loopSplit(cell);
    const frame = this.loopFrame;
    const loopGrads = cell && {
      dOut,
      dh,
      dc,
      dz: dzx,
      packedUT: this.proj.packedU(true, 0, this.gateWidth),
      initialGradUnused: this.initialStateCount === 0,
    };
    let end = T;
    for (let t0 = Math.floor((T - 1) / block) * block; t0 >= 0; t0 -= block) {
      loop.run((calls, rows) => {
        if (cell && loopGrads) return backwardLoopCall(calls, rows, frame, cell, t0, end, loopGrads);
        const s = rows.start * u;
        for (let t = end - 1; t >= t0; t--) {
          if (dOut !== NONE) calls.call('add', dh + s, dOut + t * Bu + s, dh + s, rows.count * u);
          this.proj.initialStateGradUnused = t === 0 && this.initialStateCount === 0;
          this.backwardStep(calls, rows, t, dh, dc);
        }
      });
      // a block of steps done: its gradient GEMMs (sums over all rows) while its dZ rows are still in cache
      this.recurrentGrads(t0, end);
      this.proj.inputWeightGrads(dzx, this.bias, t0, end);
      if (needX) this.proj.inputGrads(dzx, dxTimeMajor, t0, end);
      end = t0;
    }
    this.proj.initialStateGradUnused = false;
    if (fused) this.proj.finishFusedBackward(this.bias);
    let dX: HeapBuffer | null = null;
    if (needX) {
      dX = this.buffer('dx', T * B * this.inputDim);
      k.transposeTime(dxTimeMajor, dX.offset, T, B, this.inputDim, this.goBackwards, false);
    }

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
