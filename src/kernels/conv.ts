// Kernels for the 1-D convolution area: pooling over time, and the gather/scatter of a Conv1D
// fused with the Embedding before it. (Conv1D itself is a sum of strided GEMMs, one per kernel
// tap; see src/layers/conv/conv1d.ts.)
//
// Layout: x is [batch, inLen, channels] row-major (Keras channels_last). A window of output
// position t covers input rows t·stride − padLeft … + poolSize − 1; rows outside [0, inLen)
// are padding and never win a max nor count towards an average (Keras/TF 'same' pooling).

export interface ConvKernels {
  /**
   * out [batch, outLen, channels] = window max; argmax (int32, same shape) receives the input
   * row (within its sample) that won, for the backward pass.
   */
  maxPool1d(
    x: number,
    batch: number,
    inLen: number,
    channels: number,
    outLen: number,
    poolSize: number,
    stride: number,
    padLeft: number,
    out: number,
    argmax: number,
  ): void;
  /** dx [batch, inLen, channels] += dOut routed to the argmax rows (dx is not zeroed here). */
  maxPool1dGrad(dOut: number, argmax: number, batch: number, inLen: number, channels: number, outLen: number, dx: number): void;
  /** out = mean of the in-range rows of each window. */
  avgPool1d(
    x: number,
    batch: number,
    inLen: number,
    channels: number,
    outLen: number,
    poolSize: number,
    stride: number,
    padLeft: number,
    out: number,
  ): void;
  /** dx += dOut / (in-range rows of the window), spread over those rows (dx is not zeroed here). */
  avgPool1dGrad(
    dOut: number,
    batch: number,
    inLen: number,
    channels: number,
    outLen: number,
    poolSize: number,
    stride: number,
    padLeft: number,
    dx: number,
  ): void;

  /**
   * Conv1D over embedded tokens, from the projected table P [vocab, taps, f] (P[v, j] = E[v]·W_j):
   * out[b, t, :] += P[ids[b, t·stride + j·dilation − padLeft], j, :] for every tap j whose input
   * row is inside [0, inLen). ids are int32 [batch, inLen]; out is [batch, outLen, f].
   */
  embeddingConvGather(
    ids: number,
    batch: number,
    inLen: number,
    outLen: number,
    taps: number,
    stride: number,
    dilation: number,
    padLeft: number,
    table: number,
    vocab: number,
    f: number,
    out: number,
  ): void;
  /**
   * Stable counting sort of n int32 ids' positions by block (id / blockRows): order [n] lists
   * block 0's positions, then block 1's…, each ascending; starts [blocks + 1] delimits them.
   */
  bucketIds(ids: number, n: number, blockRows: number, blocks: number, order: number, starts: number): void;
  /**
   * The gather's transpose for the token positions order[from … to) (b·inLen + p, e.g. one
   * block of bucketIds; their ids all in [row0, row0 + rows)): dBlock[id − row0, j, :] +=
   * dOut[b, t, :] for every (b, t, j) the gather pairs with that token. dBlock [rows, taps, f] is
   * a block of the table's gradient starting at row0; each of its rows gets its additions in
   * the order of the positions.
   */
  embeddingConvScatterList(
    ids: number,
    order: number,
    from: number,
    to: number,
    inLen: number,
    outLen: number,
    taps: number,
    stride: number,
    dilation: number,
    padLeft: number,
    dOut: number,
    f: number,
    dBlock: number,
    row0: number,
  ): void;
}
