// Kernels for the attention layers: the tanh ("additive" / "concat") score and its gradient, the
// one part of Attention/AdditiveAttention that is not a GEMM or a softmax. Layout: q [B, Tq, d],
// k [B, Tv, d], saved activations A [B, Tq, Tv, d], scores [B, Tq, Tv]. `s` points at d per-feature
// weights or is −1 (all ones); c and w are scalars.

export interface AttentionKernels {
  /** A[b,i,j,:] = tanh(c·(q[b,i,:] + k[b,j,:])); scores[b,i,j] = w·Σ_e s[e]·A[b,i,j,e]. */
  tanhScores(
    q: number,
    k: number,
    batch: number,
    tq: number,
    tv: number,
    d: number,
    s: number,
    c: number,
    w: number,
    a: number,
    scores: number,
  ): void;
  /**
   * Given dScores: dq += Σ_j g·c, dk += Σ_i g·c with g = dScores·w·s·(1 − A²); ds[e] += Σ dScores·w·A
   * (when ds ≥ 0); scalars[0] += Σ g·(q + k) (d/dc), scalars[1] += Σ dScores·Σ_e s·A (d/dw).
   */
  tanhScoresGrad(
    q: number,
    k: number,
    batch: number,
    tq: number,
    tv: number,
    d: number,
    s: number,
    c: number,
    w: number,
    a: number,
    dScores: number,
    dq: number,
    dk: number,
    ds: number,
    scalars: number,
  ): void;
}
