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
import type { Random } from '../../random.ts';
import type { Weight } from '../layer.ts';

export const NONE = -1;

export class GateProjections {
  /** Geometry and time-major inputs [T, B, I] of the current call. */
  private batch = 0;
  private steps = 0;
  private x = NONE;
  /** Input dropout masks [groups, B, I] (one group for all gates, or one per gate), or NONE. */
  private inputDropMask = NONE;
  private inputDropGroups = 0;
  /** Recurrent dropout masks [G, B, u], one per gate, or NONE. */
  private recurrentDropMask = NONE;

  constructor(
    private readonly k: Kernels,
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

  /** Starts a call: its geometry, inputs, and (in training) fresh dropout masks. */
  begin(batch: number, steps: number, x: number, dropout: number, recurrentDropout: number, training: boolean, rng: Random): void {
    this.batch = batch;
    this.steps = steps;
    this.x = x;
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

  /** x ⊙ mask(group) for every step, in the 'xDropped' buffer. */
  private droppedInputs(group: number): number {
    const BI = this.batch * this.inputDim;
    const out = this.buffer('xDropped', this.steps * BI).offset;
    const mask = this.inputDropMask + group * BI;
    for (let t = 0; t < this.steps; t++) this.k.mul(this.x + t * BI, mask, out + t * BI, BI);
    return out;
  }

  /** z [T, B, G·u] = X·W + bias for every step at once (bias may be NONE). */
  projectInputs(z: number, bias: number): void {
    const k = this.k;
    const rows = this.steps * this.batch;
    const I = this.inputDim;
    const gu = this.gateWidth;
    const W = this.kernel.value.offset;
    if (this.inputDropGroups === 0) {
      k.gemm(false, false, rows, gu, I, 1, this.x, I, W, gu, 0, z, gu);
    } else {
      const width = this.inputGroupWidth;
      for (let g = 0; g < this.inputDropGroups; g++) {
        k.gemm(false, false, rows, width, I, 1, this.droppedInputs(g), I, W + g * width, gu, 0, z + g * width, gu);
      }
    }
    if (bias !== NONE) k.addRowVector(z, rows, gu, bias);
  }

  /**
   * dst[:, cols] = beta·dst + (h ⊙ recurrent mask)·U[:, cols] for gate columns
   * [col0, col0 + ncols) (whole gate blocks), for one step's B rows.
   */
  recurrentMatmul(h: number, col0: number, ncols: number, dst: number, ldDst: number, beta: number): void {
    const k = this.k;
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
      k.mul(h, this.recurrentMask(c / u), hd, B * u);
      k.gemm(false, false, B, u, u, 1, hd, u, U + c, gu, beta, dst + (c - col0), ldDst);
    }
  }

  /** dh += Σ (dz[:, cols]·U[:, cols]ᵀ) ⊙ recurrent mask, for one step. */
  recurrentMatmulGrad(dz: number, ldDz: number, col0: number, ncols: number, dh: number): void {
    const k = this.k;
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
      k.mul(tmp, this.recurrentMask(c / u), tmp, B * u);
      k.add(dh, tmp, dh, B * u);
    }
  }

  /**
   * dU[:, cols] += (src ⊙ recurrent mask)ᵀ·dz[:, cols] over all T·B rows, where src [T, B, u]
   * is what multiplied U (H_prev; or r⊙h for GRU reset-before, already masked: applyMask false).
   */
  recurrentWeightGrad(src: number, dz: number, ldDz: number, col0: number, ncols: number, applyMask: boolean): void {
    if (!this.recurrentKernel.isTrainable) return;
    const k = this.k;
    const rows = this.steps * this.batch;
    const Bu = this.batch * this.units;
    const u = this.units;
    const gu = this.gateWidth;
    const dU = this.recurrentKernel.grad.offset;
    if (!applyMask || this.recurrentDropMask === NONE) {
      k.gemm(true, false, u, ncols, rows, 1, src, u, dz, ldDz, 1, dU + col0, gu);
      return;
    }
    const masked = this.buffer('hAllDropped', rows * u).offset;
    for (let c = col0; c < col0 + ncols; c += u) {
      const mask = this.recurrentMask(c / u);
      for (let t = 0; t < this.steps; t++) k.mul(src + t * Bu, mask, masked + t * Bu, Bu);
      k.gemm(true, false, u, u, rows, 1, masked, u, dz + (c - col0), ldDz, 1, dU + c, gu);
    }
  }

  /** dW += Xᵀ·dZx and db += column sums of dZx [T, B, G·u] (for trainable weights). */
  inputWeightGrads(dzx: number, bias: Weight | null): void {
    const k = this.k;
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
          k.gemm(true, false, I, width, rows, 1, this.droppedInputs(g), I, dzx + g * width, gu, 1, dW + g * width, gu);
        }
      }
    }
    if (bias?.isTrainable) k.sumRows(dzx, rows, gu, bias.grad.offset, true);
  }

  /** dX = dZx·Wᵀ (⊙ input dropout mask), time-major [T, B, I]; returns its offset. */
  inputGrads(dzx: number): number {
    const k = this.k;
    const T = this.steps;
    const I = this.inputDim;
    const rows = T * this.batch;
    const gu = this.gateWidth;
    const W = this.kernel.value.offset;
    const dx = this.buffer('dxTimeMajor', rows * I).offset;
    if (this.inputDropGroups === 0) {
      k.gemm(false, true, rows, I, gu, 1, dzx, gu, W, gu, 0, dx, I);
      return dx;
    }
    const width = this.inputGroupWidth;
    const tmp = this.buffer('xDropped', rows * I).offset;
    const BI = this.batch * I;
    k.fill(dx, rows * I, 0);
    for (let g = 0; g < this.inputDropGroups; g++) {
      k.gemm(false, true, rows, I, width, 1, dzx + g * width, gu, W + g * width, gu, 0, tmp, I);
      const mask = this.inputDropMask + g * BI;
      for (let t = 0; t < T; t++) k.mul(tmp + t * BI, mask, tmp + t * BI, BI);
      k.add(dx, tmp, dx, rows * I);
    }
    return dx;
  }
}
