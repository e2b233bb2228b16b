// The GEMMs around the fused gate kernels: the input projection of every step at once, the
// per-step recurrent product and its gradient, and the weight and input gradients over all
// steps after the backward loop, with Keras' variational dropout masks where they belong.
//
// Dropout (Keras, training only): masks drawn once per call, reused at every step, kept
// values scaled by 1/(1−rate). As tf.keras 2 (implementation 1 when recurrentDropout > 0),
// recurrent dropout uses one mask per gate for the inputs and another per gate for h, so
// those GEMMs run per gate block; input dropout alone uses one mask for all gates.

import type { HeapBuffer } from '../../heap.ts';
import type { Kernels } from '../../kernels/index.ts';
import { packedBFloats } from '../../kernels/core.ts';
import type { Random } from '../../random.ts';
import type { Calls, Range } from '../../threads/index.ts';
import type { Weight } from '../layer.ts';

export const NONE = -1;

export class GateProjections {
  /** The layer's kernels for the current call (the time loop's row-wise calls go through a Calls instead). */
  private k!: Kernels;
  /** Batch size and time-major inputs [T, B, I] of the current call. */
  private batch = 0;
  private x = NONE;
  /** Input dropout masks [groups, B, I] (one group for all gates, or one per gate), or NONE. */
  private inputDropMask = NONE;
  private inputDropGroups = 0;
  /** Recurrent dropout masks [G, B, u], one per gate, or NONE. */
  private recurrentDropMask = NONE;
  /**
   * Inputs given as ids: rows of an Embedding's table E [V, I] (layers/embedding-fusion.ts),
   * or of the identity (one-hot inputs, V = I: E·W is W); the projected table
   * P = E·W + b [V, G·u], the time-major ids [T, B] (int32), and dP; else null / NONE.
   */
  private table: Weight | 'identity' | null = null;
  private vocab = 0;
  private projected = NONE;
  private idsT = NONE;
  private dProjected = NONE;
  /**
   * When the call starts from zero states (no initial or carried ones), the rows of h_{−1}
   * (else NONE): an h·U of them adds nothing, and dU gets nothing from step 0's rows. Set by
   * the layer after begin().
   */
  zeroState = NONE;
  /** Set by the layer around step 0's backward when nothing needs the gradient of the initial state. */
  initialStateGradUnused = false;
  /** packedU()'s packings of U for the current call, by orientation and columns. */
  private readonly packings = new Map<string, number>();

  constructor(
    /** The layer's reusable buffers (Layer.buffer). */
    private readonly buffer: (role: string, length: number) => HeapBuffer,
    private readonly kernel: Weight,
    private readonly recurrentKernel: Weight,
    private readonly units: number,
    private readonly gateCount: number,
  ) {}

  private get inputDim(): number {
    return this.kernel.shape[0]!;
  }

  private get gateWidth(): number {
    return this.gateCount * this.units;
  }

  /** Starts a call: its kernels, batch size, inputs, and (in training) fresh dropout masks. */
  begin(kernels: Kernels, batch: number, x: number, dropout: number, recurrentDropout: number, training: boolean, rng: Random): void {
    this.k = kernels;
    this.batch = batch;
    this.x = x;
    this.table = null;
    this.packings.clear();
    this.zeroState = NONE;
    this.initialStateGradUnused = false;
    this.inputDropMask = NONE;
    this.inputDropGroups = 0;
    this.recurrentDropMask = NONE;
    if (!training) return;
    const perGate = recurrentDropout > 0;
    if (dropout > 0) {
      this.inputDropGroups = perGate ? this.gateCount : 1;
      this.inputDropMask = this.dropMask('inputDropMask', this.inputDropGroups * batch * this.inputDim, dropout, rng);
    }
    if (perGate) this.recurrentDropMask = this.dropMask('recurrentDropMask', this.gateCount * batch * this.units, recurrentDropout, rng);
  }

  /** The recurrent dropout mask [B, u] of a gate block, or NONE. */
  recurrentMask(gate: number): number {
    return this.recurrentDropMask === NONE ? NONE : this.recurrentDropMask + gate * this.batch * this.units;
  }

  private dropMask(role: string, n: number, rate: number, rng: Random): number {
    const buf = this.buffer(role, n);
    const view = this.k.heap.view(buf);
    const kept = 1 / (1 - rate);
    for (let i = 0; i < n; i++) view[i] = rng.next() < rate ? 0 : kept;
    return buf.offset;
  }

  /** Gate columns [group·width, (group+1)·width) share one input dropout mask. */
  private get inputGroupWidth(): number {
    return this.inputDropGroups > 1 ? this.units : this.gateWidth;
  }

  /** x ⊙ mask(group) for steps [t0, t1), in the 'xDropped' buffer. */
  private droppedInputs(group: number, t0: number, t1: number): number {
    const BI = this.batch * this.inputDim;
    const out = this.buffer('xDropped', (t1 - t0) * BI).offset;
    const mask = this.inputDropMask + group * BI;
    for (let t = t0; t < t1; t++) this.k.mul(this.x + t * BI, mask, out + (t - t0) * BI, BI);
    return out;
  }

  /**
   * Inputs as ids (after begin(), no input dropout): an Embedding's table, or 'identity' for
   * one-hot inputs. P = E·W + bias once, V rows instead of one per (step, sample); each step
   * then gathers its rows (gatherInputs). For one-hot rows that is the same arithmetic as X·W.
   */
  useTable(table: Weight | 'identity', idsT: number, bias: number): void {
    const k = this.k;
    const gu = this.gateWidth;
    const W = this.kernel.value.offset;
    this.table = table;
    this.vocab = table === 'identity' ? this.inputDim : table.shape[0]!;
    this.idsT = idsT;
    this.projected = this.buffer('projectedTable', this.vocab * gu).offset;
    if (table === 'identity') k.copy(W, this.projected, this.vocab * gu);
    else k.gemm(false, false, this.vocab, gu, this.inputDim, 1, table.value.offset, this.inputDim, W, gu, 0, this.projected, gu);
    if (bias !== NONE) k.addRowVector(this.projected, this.vocab, gu, bias);
  }

  /** The projected table P = E·W + b [V, G·u] of useTable(). */
  get projectedTable(): number {
    return this.projected;
  }

  /** Input dropout masks apply in this call (training with dropout > 0). */
  get inputDropout(): boolean {
    return this.inputDropGroups > 0;
  }

  /** Inputs given as ids (an Embedding's or one-hot): each step gathers its rows of Z. */
  get fused(): boolean {
    return this.table !== null;
  }

  /** Fused with an Embedding: its table gets the gradient; no input gradient exists. */
  get fusedWithEmbedding(): boolean {
    return this.table !== null && this.table !== 'identity';
  }

  /** Fused: the time-major ids [T, B] from `rows`' first row, and the projected table's rows (a training loop's input; kernels/train-loop.ts). */
  tableInput(rows: Range): { ids: number; table: number; vocab: number } {
    return { ids: this.idsT + rows.start, table: this.projected, vocab: this.vocab };
  }

  /** Fused: z[t] = P[ids[t]] for step t's `rows`. */
  gatherInputs(calls: Calls, rows: Range, z: number, t: number): void {
    const gu = this.gateWidth;
    const at = t * this.batch + rows.start;
    calls.call('gather', this.projected, this.vocab, gu, this.idsT + at, rows.count, z + at * gu);
  }

  /** z[t] = x[t]·W + bias for step t's `rows` (no input dropout): the projection inside a loop split by rows. */
  projectStep(calls: Calls, rows: Range, z: number, bias: number, t: number): void {
    const I = this.inputDim;
    const gu = this.gateWidth;
    const at = t * this.batch + rows.start;
    calls.call('gemm', false, false, rows.count, gu, I, 1, this.x + at * I, I, this.kernel.value.offset, gu, 0, z + at * gu, gu);
    if (bias !== NONE) calls.call('addRowVector', z + at * gu, rows.count, gu, bias);
  }

  /** Fused: starts a backward pass (dP = 0). */
  beginFusedBackward(): void {
    const n = this.vocab * this.gateWidth;
    this.dProjected = this.buffer('projectedTableGrad', n).offset;
    this.k.fill(this.dProjected, n, 0);
  }

  /**
   * Fused: ends a backward pass: dW += Eᵀ·dP, dE += dP·Wᵀ (straight into the Embedding's
   * gradient), db += column sums of dP (every row of dZ went into one row of dP: V rows to
   * sum instead of T·B).
   */
  finishFusedBackward(bias: Weight | null): void {
    const k = this.k;
    const table = this.table!;
    const gu = this.gateWidth;
    if (bias?.isTrainable) k.sumRows(this.dProjected, this.vocab, gu, bias.grad.offset, true);
    if (table === 'identity') {
      if (this.kernel.isTrainable) k.add(this.kernel.grad.offset, this.dProjected, this.kernel.grad.offset, this.vocab * gu);
      return;
    }
    const [vocab, dim] = table.shape as [number, number];
    if (this.kernel.isTrainable)
      k.gemm(true, false, dim, gu, vocab, 1, table.value.offset, dim, this.dProjected, gu, 1, this.kernel.grad.offset, gu);
    if (table.isTrainable)
      k.gemm(false, true, vocab, dim, gu, 1, this.dProjected, gu, this.kernel.value.offset, gu, 1, table.grad.offset, dim);
  }

  /** z [T, B, G·u] = X·W + bias for steps [t0, t1) at once (bias may be NONE). */
  projectInputs(z: number, bias: number, t0: number, t1: number): void {
    const k = this.k;
    const rows = (t1 - t0) * this.batch;
    const I = this.inputDim;
    const gu = this.gateWidth;
    const W = this.kernel.value.offset;
    const zBlock = z + t0 * this.batch * gu;
    if (this.inputDropGroups === 0) {
      k.gemm(false, false, rows, gu, I, 1, this.x + t0 * this.batch * I, I, W, gu, 0, zBlock, gu);
    } else {
      const width = this.inputGroupWidth;
      for (let g = 0; g < this.inputDropGroups; g++) {
        k.gemm(false, false, rows, width, I, 1, this.droppedInputs(g, t0, t1), I, W + g * width, gu, 0, zBlock + g * width, gu);
      }
    }
    if (bias !== NONE) k.addRowVector(zBlock, rows, gu, bias);
  }

  /**
   * dst[:, cols] = beta·dst + (h ⊙ recurrent mask)·U[:, cols] for gate columns
   * [col0, col0 + ncols) (whole gate blocks), for one step's `rows` (h [B, u] and dst [B, ldDst]: the step's buffers).
   */
  recurrentMatmul(calls: Calls, rows: Range, h: number, col0: number, ncols: number, dst: number, ldDst: number, beta: number): void {
    const u = this.units;
    const n = rows.count;
    if (h === this.zeroState && beta === 1) return; // dst += 0·U
    const hRows = h + rows.start * u;
    const dstRows = dst + rows.start * ldDst;
    if (this.recurrentDropMask === NONE) {
      calls.call('gemmPackedB', false, n, ncols, u, 1, hRows, u, this.packedU(false, col0, ncols), beta, dstRows, ldDst);
      return;
    }
    const hd = this.buffer('hDropped', this.batch * u).offset + rows.start * u;
    for (let c = col0; c < col0 + ncols; c += u) {
      calls.call('mul', hRows, this.recurrentMask(c / u) + rows.start * u, hd, n * u);
      calls.call('gemmPackedB', false, n, u, u, 1, hd, u, this.packedU(false, c, u), beta, dstRows + (c - col0), ldDst);
    }
  }

  /**
   * U[:, cols] (or its transpose) packed for gemmPackedB, once per layer call: the per-step
   * products reuse it at every step instead of packing it each time. U changes only between
   * calls (the optimizer), and begin() forgets the packings.
   */
  packedU(transposed: boolean, col0: number, ncols: number): number {
    const key = `${transposed ? 'T' : 'N'}${col0}:${ncols}`;
    const known = this.packings.get(key);
    if (known !== undefined) return known;
    const u = this.units;
    const dst = this.buffer(`packedU${key}`, packedBFloats(transposed ? u : ncols, transposed ? ncols : u)).offset;
    const U = this.recurrentKernel.value.offset + col0;
    // op(B) = U[:, cols] (u × ncols), or its transpose (ncols × u)
    if (transposed) this.k.packB(true, U, this.gateWidth, ncols, u, dst);
    else this.k.packB(false, U, this.gateWidth, u, ncols, dst);
    this.packings.set(key, dst);
    return dst;
  }

  /** dh += Σ (dz[:, cols]·U[:, cols]ᵀ) ⊙ recurrent mask, for one step's `rows` (dz [B, ldDz], dh [B, u]: the step's buffers). */
  recurrentMatmulGrad(calls: Calls, rows: Range, dz: number, ldDz: number, col0: number, ncols: number, dh: number): void {
    const u = this.units;
    const n = rows.count;
    if (this.initialStateGradUnused) return; // dh would flow only into the initial state
    const dzRows = dz + rows.start * ldDz;
    const dhRows = dh + rows.start * u;
    if (this.recurrentDropMask === NONE) {
      calls.call('gemmPackedB', false, n, u, ncols, 1, dzRows, ldDz, this.packedU(true, col0, ncols), 1, dhRows, u);
      return;
    }
    const tmp = this.buffer('dhDropped', this.batch * u).offset + rows.start * u;
    for (let c = col0; c < col0 + ncols; c += u) {
      calls.call('gemmPackedB', false, n, u, u, 1, dzRows + (c - col0), ldDz, this.packedU(true, c, u), 0, tmp, u);
      calls.call('mul', tmp, this.recurrentMask(c / u) + rows.start * u, tmp, n * u);
      calls.call('add', dhRows, tmp, dhRows, n * u);
    }
  }

  /**
   * dU[:, cols] += (src ⊙ recurrent mask)ᵀ·dz[:, cols] over the rows of steps [t0, t1), where
   * src [T, B, u] is what multiplied U (H_prev; or r⊙h for GRU reset-before, already masked:
   * applyMask false) and dzBlock holds the block's rows [t1 − t0, B, ldDz] from column col0.
   */
  recurrentWeightGrad(
    src: number,
    dzBlock: number,
    ldDz: number,
    col0: number,
    ncols: number,
    applyMask: boolean,
    t0: number,
    t1: number,
  ): void {
    if (!this.recurrentKernel.isTrainable) return;
    const k = this.k;
    // from zero states, step 0's rows of src are zeros: start at step 1
    const skip = this.zeroState !== NONE && t0 === 0 ? 1 : 0;
    if (t1 - t0 - skip <= 0) return;
    const rows = (t1 - t0 - skip) * this.batch;
    const Bu = this.batch * this.units;
    const u = this.units;
    const gu = this.gateWidth;
    const dU = this.recurrentKernel.grad.offset;
    const srcBlock = src + (t0 + skip) * Bu;
    dzBlock += skip * this.batch * ldDz;
    if (!applyMask || this.recurrentDropMask === NONE) {
      k.gemm(true, false, u, ncols, rows, 1, srcBlock, u, dzBlock, ldDz, 1, dU + col0, gu);
      return;
    }
    const masked = this.buffer('hAllDropped', rows * u).offset;
    for (let c = col0; c < col0 + ncols; c += u) {
      const mask = this.recurrentMask(c / u);
      for (let t = 0; t < t1 - t0 - skip; t++) k.mul(srcBlock + t * Bu, mask, masked + t * Bu, Bu);
      k.gemm(true, false, u, u, rows, 1, masked, u, dzBlock + (c - col0), ldDz, 1, dU + c, gu);
    }
  }

  /** dW += Xᵀ·dZx and db += column sums of dZx (fused: scattered into dP, summed there at the end) over steps [t0, t1), given dzBlock, their rows [t1 − t0, B, G·u]. */
  inputWeightGrads(dzBlock: number, bias: Weight | null, t0: number, t1: number): void {
    const k = this.k;
    const rows = (t1 - t0) * this.batch;
    const I = this.inputDim;
    const gu = this.gateWidth;
    const dW = this.kernel.grad.offset;
    if (this.table) {
      // fused: dP[id] += dZ rows; dW and dE follow from dP once (finishFusedBackward)
      k.scatterAdd(dzBlock, this.idsT + t0 * this.batch, rows, gu, this.dProjected);
    } else if (this.kernel.isTrainable) {
      if (this.inputDropGroups === 0) {
        k.gemm(true, false, I, gu, rows, 1, this.x + t0 * this.batch * I, I, dzBlock, gu, 1, dW, gu);
      } else {
        const width = this.inputGroupWidth;
        for (let g = 0; g < this.inputDropGroups; g++) {
          k.gemm(true, false, I, width, rows, 1, this.droppedInputs(g, t0, t1), I, dzBlock + g * width, gu, 1, dW + g * width, gu);
        }
      }
    }
    if (bias?.isTrainable && !this.table) k.sumRows(dzBlock, rows, gu, bias.grad.offset, true);
  }

  /** dX = dZx·Wᵀ (⊙ input dropout mask) for steps [t0, t1) (dzBlock: their rows), into time-major dx [T, B, I]. */
  inputGrads(dzBlock: number, dx: number, t0: number, t1: number): void {
    const k = this.k;
    const I = this.inputDim;
    const BI = this.batch * I;
    const rows = (t1 - t0) * this.batch;
    const gu = this.gateWidth;
    const W = this.kernel.value.offset;
    const dxBlock = dx + t0 * BI;
    if (this.inputDropGroups === 0) {
      k.gemm(false, true, rows, I, gu, 1, dzBlock, gu, W, gu, 0, dxBlock, I);
      return;
    }
    const width = this.inputGroupWidth;
    const tmp = this.buffer('xDropped', rows * I).offset;
    k.fill(dxBlock, rows * I, 0);
    for (let g = 0; g < this.inputDropGroups; g++) {
      k.gemm(false, true, rows, I, width, 1, dzBlock + g * width, gu, W + g * width, gu, 0, tmp, I);
      const mask = this.inputDropMask + g * BI;
      for (let t = 0; t < t1 - t0; t++) k.mul(tmp + t * BI, mask, tmp + t * BI, BI);
      k.add(dxBlock, tmp, dxBlock, rows * I);
    }
  }
}
