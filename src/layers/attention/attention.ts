// Attention (Luong, Keras 3 `Attention`) and AdditiveAttention (Bahdanau, Keras 3
// `AdditiveAttention`). Inputs [query, value] or [query, value, key] (key defaults to value),
// shapes [B, Tq, d] and [B, Tv, d]:
//   scores  S[b,i,j] = scale · q_i·k_j                                    (Attention, 'dot')
//           S[b,i,j] = w · Σ_d tanh(scale · (q_id + k_jd))                 (Attention, 'concat')
//           S[b,i,j] = Σ_d scale_d · tanh(q_id + k_jd)                     (AdditiveAttention)
//   masked  S −= 1e9 where the value step j is masked (or j > i with useCausalMask)
//   weights W = softmax_j(S) (then dropout in training), output O_i = Σ_j W_ij v_j,
//   O_i = 0 where the query step i is masked; the output mask is the query's mask.
// returnAttentionScores adds W as a second output. Dot scores and the weighted sums are GEMMs
// per sample; the tanh scores are a loop over [B, Tq, Tv, d] (their activations are saved).

import type { HeapBuffer } from '../../heap.ts';
import { getInitializer } from '../../initializers.ts';
import { Random } from '../../random.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type LayerArgs, type Shape, type Weight } from '../layer.ts';
import { showShape } from '../core/shape-util.ts';

const MASK_PENALTY = 1e9;

export interface BaseAttentionArgs extends LayerArgs {
  /** Fraction of attention weights dropped in training. */
  dropout?: number;
  /** Also return the attention weights [B, Tq, Tv] as a second output. */
  returnAttentionScores?: boolean;
  /** Mask j > i (decoder self-attention). */
  useCausalMask?: boolean;
  seed?: number;
}

export interface AttentionArgs extends BaseAttentionArgs {
  /** Learn a scalar scale for the scores (initialised to 1). Default false. */
  useScale?: boolean;
  /** 'dot' (Luong, default) or 'concat'. */
  scoreMode?: 'dot' | 'concat';
}

export interface AdditiveAttentionArgs extends BaseAttentionArgs {
  /** Learn a per-feature scale vector (glorot_uniform). Default true. */
  useScale?: boolean;
}

abstract class BaseAttention extends Layer {
  readonly dropout: number;
  readonly returnAttentionScores: boolean;
  readonly useCausalMask: boolean;
  readonly seed: number | null;
  private readonly ownRng: Random | null;
  // geometry and saved buffers of the last forward
  protected batch = 0;
  protected tq = 0;
  protected tv = 0;
  protected dim = 0;
  protected dimV = 0;
  protected q = 0;
  protected v = 0;
  protected k = 0;
  protected hasKey = false;
  protected weightsBuf: HeapBuffer | null = null;
  private dropped: HeapBuffer | null = null;
  private dropMask: HeapBuffer | null = null;
  private qMask: HeapBuffer | null = null;

  constructor(args: BaseAttentionArgs, prefix: string) {
    super(args, prefix);
    this.dropout = args.dropout ?? 0;
    if (!(this.dropout >= 0 && this.dropout < 1)) throw new Error(`${this.name}: dropout must be in [0, 1), got ${this.dropout}`);
    this.returnAttentionScores = args.returnAttentionScores ?? false;
    this.useCausalMask = args.useCausalMask ?? false;
    this.seed = args.seed ?? null;
    this.ownRng = args.seed !== undefined ? new Random(args.seed) : null;
  }

  protected checkShapes(shapes: ReadonlyArray<ReadonlyArray<number | null>>): void {
    if (shapes.length !== 2 && shapes.length !== 3)
      throw new Error(`${this.name}: expects inputs [query, value] or [query, value, key], got ${shapes.length} input(s)`);
    const [q, v, k = v] = shapes as [Shape, Shape, Shape?];
    for (const s of [q, v, k!])
      if (s.length !== 3)
        throw new Error(`${this.name}: inputs must be [batch, time, features], got ${shapes.map((x) => showShape(x)).join(', ')}`);
    const mismatch = (a: number | null | undefined, b: number | null | undefined): boolean => a != null && b != null && a !== b;
    if (mismatch(q[2], k![2]))
      throw new Error(`${this.name}: query and key must have the same last dimension, got ${showShape(q)} and ${showShape(k!)}`);
    if (mismatch(v[1], k![1]))
      throw new Error(`${this.name}: value and key must have the same number of steps, got ${showShape(v)} and ${showShape(k!)}`);
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    this.checkShapes(inputShapes);
    const [q, v] = inputShapes as [Shape, Shape];
    const out: Shape = [q[0] ?? null, q[1] ?? null, v[2] ?? null];
    return this.returnAttentionScores ? [out, [q[0] ?? null, q[1] ?? null, v[1] ?? null]] : [out];
  }

  /** Writes raw scores S [B, Tq, Tv] (before masking) into `scores`. */
  protected abstract computeScores(scores: number): void;
  /** Given dS, adds weight grads and writes dQ and dK (both zeroed by the caller). */
  protected abstract scoresBackward(dScores: number, dq: number, dk: number): void;

  forward(inputs: Activation[], ctx: CallContext): Activation[] {
    this.checkShapes(inputs.map((a) => a.shape));
    const [qa, va, ka = va] = inputs as [Activation, Activation, Activation?];
    const [B, Tq, d] = qa.shape as [number, number, number];
    const [, Tv, dv] = va.shape as [number, number, number];
    if (qa.shape[0] !== va.shape[0] || ka!.shape[0] !== B || ka!.shape[1] !== Tv || ka!.shape[2] !== d) {
      throw new Error(`${this.name}: incompatible inputs query [${qa.shape}], value [${va.shape}], key [${ka!.shape}]`);
    }
    Object.assign(this, {
      batch: B,
      tq: Tq,
      tv: Tv,
      dim: d,
      dimV: dv,
      q: qa.buf.offset,
      v: va.buf.offset,
      k: ka!.buf.offset,
      hasKey: inputs.length > 2,
    });
    const kr = this.kernels;
    const S = B * Tq * Tv;
    const w = this.buffer('weights', S);
    this.computeScores(w.offset);
    // masks: value steps (and causal), then softmax over j
    const h = kr.heap.f32;
    const vMask = va.mask ?? null;
    if (vMask || this.useCausalMask) {
      for (let b = 0; b < B; b++) {
        for (let i = 0; i < Tq; i++) {
          const row = w.offset + (b * Tq + i) * Tv;
          for (let j = 0; j < Tv; j++) {
            const masked = (vMask && h[vMask.offset + b * Tv + j] === 0) || (this.useCausalMask && j > i);
            if (masked) h[row + j] = h[row + j]! - MASK_PENALTY;
          }
        }
      }
    }
    kr.softmaxRows(w.offset, w.offset, B * Tq, Tv);
    this.weightsBuf = w;
    let used = w;
    this.dropMask = null;
    if (ctx.training && this.dropout > 0) {
      const mask = this.buffer('dropMask', S);
      const rng = this.ownRng ?? ctx.rng;
      const keep = 1 / (1 - this.dropout);
      const hv = kr.heap.f32;
      for (let i = 0; i < S; i++) hv[mask.offset + i] = rng.next() < this.dropout ? 0 : keep;
      used = this.buffer('dropped', S);
      kr.mul(w.offset, mask.offset, used.offset, S);
      this.dropMask = mask;
    }
    this.dropped = used;
    const out = this.buffer('out', B * Tq * dv);
    for (let b = 0; b < B; b++) {
      kr.gemm(false, false, Tq, dv, Tv, 1, used.offset + b * Tq * Tv, Tv, this.v + b * Tv * dv, dv, 0, out.offset + b * Tq * dv, dv);
    }
    this.qMask = qa.mask ?? null;
    if (this.qMask) this.zeroMaskedRows(out.offset, dv);
    const result: Activation[] = [{ buf: out, shape: [B, Tq, dv], dtype: 'float32', mask: this.qMask }];
    if (this.returnAttentionScores) result.push({ buf: used, shape: [B, Tq, Tv], dtype: 'float32', mask: null });
    return result;
  }

  private zeroMaskedRows(buf: number, width: number): void {
    const h = this.kernels.heap.f32;
    for (let r = 0; r < this.batch * this.tq; r++) if (h[this.qMask!.offset + r] === 0) h.fill(0, buf + r * width, buf + (r + 1) * width);
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    const { batch: B, tq: Tq, tv: Tv, dim: d, dimV: dv } = this;
    const kr = this.kernels;
    const S = B * Tq * Tv;
    const [dOut, dScoresOut] = outputGrads;
    const dW = this.buffer('dW', S);
    if (dScoresOut) kr.copy(dScoresOut.offset, dW.offset, S);
    else kr.fill(dW.offset, S, 0);
    const dv_ = this.buffer('dValue', B * Tv * dv);
    kr.fill(dv_.offset, dv_.length, 0);
    if (dOut) {
      let g = dOut.offset;
      if (this.qMask) {
        const masked = this.buffer('dOutMasked', B * Tq * dv);
        kr.copy(dOut.offset, masked.offset, B * Tq * dv);
        this.zeroMaskedRows(masked.offset, dv);
        g = masked.offset;
      }
      for (let b = 0; b < B; b++) {
        // dW' += dO·Vᵀ, dV = W'ᵀ·dO
        kr.gemm(false, true, Tq, Tv, dv, 1, g + b * Tq * dv, dv, this.v + b * Tv * dv, dv, 1, dW.offset + b * Tq * Tv, Tv);
        kr.gemm(true, false, Tv, dv, Tq, 1, this.dropped!.offset + b * Tq * Tv, Tv, g + b * Tq * dv, dv, 0, dv_.offset + b * Tv * dv, dv);
      }
    }
    if (this.dropMask) kr.mul(dW.offset, this.dropMask.offset, dW.offset, S);
    kr.softmaxRowsGrad(this.weightsBuf!.offset, dW.offset, dW.offset, B * Tq, Tv);
    const dq = this.buffer('dQuery', B * Tq * d);
    const dk = this.buffer('dKey', B * Tv * d);
    kr.fill(dq.offset, dq.length, 0);
    kr.fill(dk.offset, dk.length, 0);
    this.scoresBackward(dW.offset, dq.offset, dk.offset);
    const need = (i: number): boolean => ctx.needInputGrads[i] ?? true;
    if (this.hasKey) return [need(0) ? dq : null, need(1) ? dv_ : null, need(2) ? dk : null];
    kr.add(dv_.offset, dk.offset, dv_.offset, B * Tv * dv); // key is value
    return [need(0) ? dq : null, need(1) ? dv_ : null];
  }

  override getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {
      ...super.getConfig(),
      dropout: this.dropout,
      returnAttentionScores: this.returnAttentionScores,
      useCausalMask: this.useCausalMask,
    };
    if (this.seed !== null) config.seed = this.seed;
    return config;
  }

  /**
   * Tanh scores S_ij = w · Σ_d s_d · tanh(c · (q_id + k_jd)) with per-feature s (or null = 1),
   * scalar c and w; the kernel saves A = tanh(…) [B, Tq, Tv, d] for backward.
   */
  protected tanhScores(scores: number, s: number | null, c: number, w: number): void {
    const { batch: B, tq: Tq, tv: Tv, dim: d } = this;
    const A = this.buffer('tanh', B * Tq * Tv * d).offset;
    this.kernels.tanhScores(this.q, this.k, B, Tq, Tv, d, s ?? -1, c, w, A, scores);
  }

  /** Backward of tanhScores: accumulates dq, dk (and ds when given); returns [dc, dw]. */
  protected tanhScoresBackward(
    dScores: number,
    dq: number,
    dk: number,
    s: number | null,
    c: number,
    w: number,
    dsOut: number | null,
  ): [number, number] {
    const { batch: B, tq: Tq, tv: Tv, dim: d } = this;
    const A = this.buffer('tanh', B * Tq * Tv * d).offset;
    const scalars = this.buffer('tanhScalars', 2);
    const k = this.kernels;
    k.fill(scalars.offset, 2, 0);
    k.tanhScoresGrad(this.q, this.k, B, Tq, Tv, d, s ?? -1, c, w, A, dScores, dq, dk, dsOut ?? -1, scalars.offset);
    const h = k.heap.f32;
    return [h[scalars.offset]!, h[scalars.offset + 1]!];
  }
}

export class Attention extends BaseAttention {
  readonly className = 'Attention';
  readonly useScale: boolean;
  readonly scoreMode: 'dot' | 'concat';
  scale: Weight | null = null;
  concatScoreWeight: Weight | null = null;

  constructor(args: AttentionArgs = {}) {
    super(args, 'attention');
    this.useScale = args.useScale ?? false;
    this.scoreMode = args.scoreMode ?? 'dot';
    if (this.scoreMode !== 'dot' && this.scoreMode !== 'concat')
      throw new Error(`${this.name}: scoreMode must be 'dot' or 'concat', got '${String(this.scoreMode)}'`);
  }

  override build(inputShapes: Shape[]): void {
    this.checkShapes(inputShapes);
    if (this.useScale) this.scale = this.addWeight('scale', [], getInitializer('ones'));
    if (this.scoreMode === 'concat') this.concatScoreWeight = this.addWeight('concat_score_weight', [], getInitializer('ones'));
    super.build(inputShapes);
  }

  private scalar(w: Weight | null): number {
    return w ? this.kernels.heap.f32[w.value.offset]! : 1;
  }

  protected computeScores(scores: number): void {
    const { batch: B, tq: Tq, tv: Tv, dim: d } = this;
    const k = this.kernels;
    if (this.scoreMode === 'concat') {
      this.tanhScores(scores, null, this.scalar(this.scale), this.scalar(this.concatScoreWeight));
      return;
    }
    const c = this.scalar(this.scale);
    for (let b = 0; b < B; b++) {
      k.gemm(false, true, Tq, Tv, d, c, this.q + b * Tq * d, d, this.k + b * Tv * d, d, 0, scores + b * Tq * Tv, Tv);
    }
  }

  protected scoresBackward(dScores: number, dq: number, dk: number): void {
    const { batch: B, tq: Tq, tv: Tv, dim: d } = this;
    const k = this.kernels;
    const h = k.heap.f32;
    if (this.scoreMode === 'concat') {
      const [dc, dw] = this.tanhScoresBackward(dScores, dq, dk, null, this.scalar(this.scale), this.scalar(this.concatScoreWeight), null);
      if (this.scale?.isTrainable) h[this.scale.grad.offset] = h[this.scale.grad.offset]! + dc;
      if (this.concatScoreWeight?.isTrainable) h[this.concatScoreWeight.grad.offset] = h[this.concatScoreWeight.grad.offset]! + dw;
      return;
    }
    const c = this.scalar(this.scale);
    if (this.scale?.isTrainable) {
      // dc = Σ dS ⊙ (Q·Kᵀ) = Σ dS ⊙ S_scaled / c; recompute Q·Kᵀ to avoid dividing by c
      const raw = this.buffer('rawScores', B * Tq * Tv);
      let dc = 0;
      for (let b = 0; b < B; b++)
        k.gemm(false, true, Tq, Tv, d, 1, this.q + b * Tq * d, d, this.k + b * Tv * d, d, 0, raw.offset + b * Tq * Tv, Tv);
      const hv = k.heap.f32;
      for (let i = 0; i < B * Tq * Tv; i++) dc += hv[dScores + i]! * hv[raw.offset + i]!;
      hv[this.scale.grad.offset] = hv[this.scale.grad.offset]! + dc;
    }
    for (let b = 0; b < B; b++) {
      const g = dScores + b * Tq * Tv;
      k.gemm(false, false, Tq, d, Tv, c, g, Tv, this.k + b * Tv * d, d, 0, dq + b * Tq * d, d);
      k.gemm(true, false, Tv, d, Tq, c, g, Tv, this.q + b * Tq * d, d, 0, dk + b * Tv * d, d);
    }
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), useScale: this.useScale, scoreMode: this.scoreMode };
  }
}

export class AdditiveAttention extends BaseAttention {
  readonly className = 'AdditiveAttention';
  readonly useScale: boolean;
  scale: Weight | null = null;

  constructor(args: AdditiveAttentionArgs = {}) {
    super(args, 'additive_attention');
    this.useScale = args.useScale ?? true;
  }

  override build(inputShapes: Shape[]): void {
    this.checkShapes(inputShapes);
    const dim = inputShapes[1]![2];
    if (dim == null) throw new Error(`${this.name}: the feature dimension of value must be known, got ${showShape(inputShapes[1]!)}`);
    if (this.useScale) this.scale = this.addWeight('scale', [dim], getInitializer('glorot_uniform'));
    super.build(inputShapes);
  }

  protected computeScores(scores: number): void {
    if (this.scale && this.scale.size !== this.dim) throw new Error(`${this.name}: built for ${this.scale.size} features, got ${this.dim}`);
    this.tanhScores(scores, this.scale ? this.scale.value.offset : null, 1, 1);
  }

  protected scoresBackward(dScores: number, dq: number, dk: number): void {
    const ds = this.scale?.isTrainable ? this.scale.grad.offset : null;
    this.tanhScoresBackward(dScores, dq, dk, this.scale ? this.scale.value.offset : null, 1, 1, ds);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), useScale: this.useScale };
  }
}

export const attention = (args: AttentionArgs = {}): Attention => new Attention(args);
export const additiveAttention = (args: AdditiveAttentionArgs = {}): AdditiveAttention => new AdditiveAttention(args);
