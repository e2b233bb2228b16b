// Conv1D over time (channels_last), with Keras' weight layout: kernel (k, in, filters), bias
// (filters). No im2col buffer: for each kernel tap j the output rows that see a real input
// row form a contiguous range, and their inputs are rows t·stride + j·dilation − padLeft, i.e.
// a matrix with row stride `stride·in` — so each tap is one strided GEMM per sample, forward
// (Y += X_j·W_j) and backward (dW_j += X_jᵀ·dY, dX_j += dY·W_jᵀ).

import type { HeapBuffer } from '../../heap.ts';
import { getInitializer, type InitializerSpec } from '../../initializers.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type LayerArgs, type Shape, type Weight } from '../layer.ts';
import { getActivation, type ActivationFn } from '../activation.ts';
import { embeddingProducer, embeddingSourceOf, type EmbeddingSource } from '../embedding-source.ts';
import { getThreads, runGroups, runRanges, splitFill } from '../../threads/index.ts';
import { partition } from '../../threads/partition.ts';

export type ConvPadding = 'valid' | 'same' | 'causal';

export interface Conv1DArgs extends LayerArgs {
  filters: number;
  kernelSize: number | [number];
  strides?: number | [number];
  padding?: ConvPadding;
  dilationRate?: number | [number];
  activation?: string | null;
  useBias?: boolean;
  kernelInitializer?: InitializerSpec;
  biasInitializer?: InitializerSpec;
}

const one = (v: number | [number] | undefined, fallback: number): number => (Array.isArray(v) ? v[0] : (v ?? fallback));

/** Output length and left padding of a 1-D window op (TF conventions), or null for unknown length. */
export function windowGeometry(
  inLen: number | null,
  size: number,
  stride: number,
  dilation: number,
  padding: ConvPadding,
): { outLen: number | null; padLeft: number } {
  const span = dilation * (size - 1) + 1;
  if (padding === 'causal') return { outLen: inLen === null ? null : Math.ceil(inLen / stride), padLeft: span - 1 };
  if (inLen === null) return { outLen: null, padLeft: padding === 'same' ? Math.floor((span - 1) / 2) : 0 };
  if (padding === 'valid') return { outLen: Math.max(0, Math.floor((inLen - span) / stride) + 1), padLeft: 0 };
  const outLen = Math.ceil(inLen / stride);
  const total = Math.max(0, (outLen - 1) * stride + span - inLen);
  return { outLen, padLeft: Math.floor(total / 2) };
}

/** When to work from an Embedding's ids and table (see embedding-source.ts). */
export type EmbeddingFusion = 'auto' | 'never' | 'always';

export class Conv1D extends Layer {
  /** 'auto' fuses when the vocabulary is smaller than batch × output steps (fewer FLOPs). */
  static embeddingFusion: EmbeddingFusion = 'auto';
  /** Table rows per block of the fused backward (fusedBackward): a block of dP stays in cache. */
  static tableBlockRows = 512;
  readonly className = 'Conv1D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: ConvPadding;
  readonly dilationRate: number;
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  private readonly kernelInit: InitializerSpec;
  private readonly biasInit: InitializerSpec;
  kernel!: Weight;
  bias: Weight | null = null;
  private inChannels = 0;
  // saved by forward for backward
  private input: Activation | null = null;
  private pre: HeapBuffer | null = null;
  private out: HeapBuffer | null = null;
  private outLen = 0;
  private padLeft = 0;
  /** Set when the last forward worked from an Embedding's ids and table. */
  private fused: EmbeddingSource | null = null;

  constructor(args: Conv1DArgs) {
    super(args, 'conv1d');
    if (!Number.isInteger(args.filters) || args.filters <= 0)
      throw new Error(`${this.name}: filters must be a positive integer, got ${args.filters}`);
    this.filters = args.filters;
    this.kernelSize = one(args.kernelSize, NaN);
    this.strides = one(args.strides, 1);
    this.dilationRate = one(args.dilationRate, 1);
    for (const [what, v] of [
      ['kernelSize', this.kernelSize],
      ['strides', this.strides],
      ['dilationRate', this.dilationRate],
    ] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new Error(`${this.name}: ${what} must be a positive integer, got ${v}`);
    }
    if (this.strides > 1 && this.dilationRate > 1)
      throw new Error(`${this.name}: strides > 1 with dilationRate > 1 is not supported (as in Keras)`);
    this.padding = args.padding ?? 'valid';
    if (!['valid', 'same', 'causal'].includes(this.padding))
      throw new Error(`${this.name}: padding must be 'valid', 'same' or 'causal', got '${this.padding}'`);
    this.activation = getActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.kernelInit = args.kernelInitializer ?? 'glorot_uniform';
    this.biasInit = args.biasInitializer ?? 'zeros';
  }

  private checkInput(shape: Shape): number {
    if (shape.length !== 3)
      throw new Error(`${this.name}: expected input of rank 3 [batch, time, channels], got [${shape.map(String).join(', ')}]`);
    const c = shape[2];
    if (c == null) throw new Error(`${this.name}: the channel dimension of the input must be known, got [${shape.map(String).join(', ')}]`);
    return c;
  }

  override build(inputShapes: Shape[]): void {
    this.inChannels = this.checkInput(inputShapes[0]!);
    this.kernel = this.addWeight('kernel', [this.kernelSize, this.inChannels, this.filters], getInitializer(this.kernelInit));
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], getInitializer(this.biasInit));
    super.build(inputShapes);
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    const s = inputShapes[0]!;
    this.checkInput(s);
    const { outLen } = windowGeometry(s[1] ?? null, this.kernelSize, this.strides, this.dilationRate, this.padding);
    return [[s[0] ?? null, outLen, this.filters]];
  }

  /** The output rows [lo, hi] that read a real input row through tap j (empty when lo > hi). */
  private tapRange(j: number, inLen: number): [number, number] {
    const shift = j * this.dilationRate - this.padLeft; // input row = t·stride + shift
    const lo = Math.max(0, Math.ceil(-shift / this.strides));
    const hi = Math.min(this.outLen - 1, Math.floor((inLen - 1 - shift) / this.strides));
    return [lo, hi];
  }

  forward(inputs: Activation[], _ctx: CallContext): Activation[] {
    const x = inputs[0]!;
    const [batch, inLen, channels] = x.shape as [number, number, number];
    if (x.shape.length !== 3 || channels !== this.inChannels) {
      throw new Error(`${this.name}: expected input [batch, time, ${this.inChannels}], got [${x.shape.join(', ')}]`);
    }
    const ops = this.kernels;
    const geo = windowGeometry(inLen, this.kernelSize, this.strides, this.dilationRate, this.padding);
    this.outLen = geo.outLen!;
    this.padLeft = geo.padLeft;
    const f = this.filters;
    const rows = batch * this.outLen;
    const pre = this.buffer('pre', rows * f);
    const source = embeddingSourceOf(x);
    const fuse = source !== undefined && this.fusesWith(source.table.shape[0]!, rows);
    if (source && !fuse && !source.valuesWritten)
      throw new Error(`${this.name}: internal error: the Embedding skipped its output but this layer does not fuse with it`);
    this.fused = fuse ? source! : null;
    const strideIn = this.strides * channels;
    if (!fuse && this.windowed(inLen)) {
      // one GEMM per sample: row t of the windows is x[t·stride … t·stride + k) flattened
      const kc = this.kernelSize * channels;
      runGroups(ops, batch, 2 * rows * f * kc, (calls, b) => {
        calls.call(
          'gemm',
          false,
          false,
          this.outLen,
          f,
          kc,
          1,
          x.buf.offset + b * inLen * channels,
          strideIn,
          this.kernel.value.offset,
          f,
          0,
          pre.offset + b * this.outLen * f,
          f,
        );
      });
    } else if (fuse) {
      splitFill(ops, pre.offset, rows * f, 0);
      this.fusedForward(source!, batch, inLen, pre.offset);
    } else {
      splitFill(ops, pre.offset, rows * f, 0);
      // sample by sample (threads take samples), each sample's taps in order
      runGroups(ops, batch, 2 * rows * f * channels * this.kernelSize, (calls, b) => {
        for (let j = 0; j < this.kernelSize; j++) {
          const [lo, hi] = this.tapRange(j, inLen);
          if (lo > hi) continue;
          const shift = j * this.dilationRate - this.padLeft;
          const a = x.buf.offset + (b * inLen + lo * this.strides + shift) * channels;
          calls.call(
            'gemm',
            false,
            false,
            hi - lo + 1,
            f,
            channels,
            1,
            a,
            strideIn,
            this.kernel.value.offset + j * channels * f,
            f,
            1,
            pre.offset + (b * this.outLen + lo) * f,
            f,
          );
        }
      });
    }
    let out = pre;
    if (!this.activation.isLinear) out = this.buffer('out', rows * f);
    runRanges(ops, rows, 4 * rows * f, (calls, start, count) => {
      if (this.bias) calls.call('addRowVector', pre.offset + start * f, count, f, this.bias.value.offset);
      if (out !== pre) this.activation.forward(calls, pre.offset + start * f, out.offset + start * f, count, f);
    });
    this.input = x;
    this.pre = pre;
    this.out = out;
    return [{ buf: out, shape: [batch, this.outLen, f], dtype: 'float32', mask: null }];
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    const x = this.input;
    if (!x || !this.pre || !this.out) throw new Error(`${this.name}: backward called before forward`);
    const [batch, inLen, channels] = x.shape as [number, number, number];
    const ops = this.kernels;
    const f = this.filters;
    const rows = batch * this.outLen;
    const needInput = (ctx.needInputGrads[0] ?? true) && !this.fused;
    const dx = needInput ? this.buffer('dx', batch * inLen * channels) : null;
    const dy = outputGrads[0];
    if (!dy) {
      if (dx) splitFill(ops, dx.offset, dx.length, 0);
      return [dx];
    }
    let dz = dy;
    if (!this.activation.isLinear) {
      dz = this.buffer('dz', rows * f);
      runRanges(ops, rows, 4 * rows * f, (calls, start, count) => {
        const o = start * f;
        this.activation.backward(calls, this.pre!.offset + o, this.out!.offset + o, dy.offset + o, dz.offset + o, count, f);
      });
    }
    const trainable = this.kernel.isTrainable;
    if (this.bias && this.bias.isTrainable) ops.sumRows(dz.offset, rows, f, this.bias.grad.offset, true);
    if (this.fused) {
      // the table's gradient goes straight into the Embedding's weight; nothing flows to its output
      this.fusedBackward(this.fused, batch, inLen, dz.offset);
      return [null];
    }
    const strideIn = this.strides * channels;
    const work = 2 * rows * f * channels * this.kernelSize;
    // (tap j, sample b): X_j rows of b, dY rows of b, and how many
    const tapRows = (j: number, b: number): [number, number, number] | null => {
      const [lo, hi] = this.tapRange(j, inLen);
      if (lo > hi) return null;
      const shift = j * this.dilationRate - this.padLeft;
      return [(b * inLen + lo * this.strides + shift) * channels, dz.offset + (b * this.outLen + lo) * f, hi - lo + 1];
    };
    if (this.strides === 1 && this.windowed(inLen)) {
      this.batchWindowBackward(x.buf.offset, batch, inLen, channels, dz.offset, dx?.offset ?? -1);
      return [dx];
    }
    if (dx) splitFill(ops, dx.offset, dx.length, 0);
    if (trainable && this.windowed(inLen)) {
      // dW [k·in, f] += windowsᵀ·dY per sample; threads take ranges of dW's rows
      const kc = this.kernelSize * channels;
      runRanges(
        ops,
        kc,
        work,
        (calls, start, count) => {
          for (let b = 0; b < batch; b++) {
            calls.call(
              'gemm',
              true,
              false,
              count,
              f,
              this.outLen,
              1,
              x.buf.offset + b * inLen * channels + start,
              strideIn,
              dz.offset + b * this.outLen * f,
              f,
              1,
              this.kernel.grad.offset + start * f,
              f,
            );
          }
        },
        { parts: 4, minCount: 8 },
      );
    } else if (trainable) {
      // dW_j sums over samples: threads take taps (each writes its own W_j slice), samples in order
      runGroups(ops, this.kernelSize, work, (calls, j) => {
        for (let b = 0; b < batch; b++) {
          const at = tapRows(j, b);
          if (at)
            calls.call(
              'gemm',
              true,
              false,
              channels,
              f,
              at[2],
              1,
              x.buf.offset + at[0],
              strideIn,
              at[1],
              f,
              1,
              this.kernel.grad.offset + j * channels * f,
              f,
            );
        }
      });
    }
    // dX of a sample sums over its taps: threads take samples, taps in order
    if (dx) {
      runGroups(ops, batch, work, (calls, b) => {
        for (let j = 0; j < this.kernelSize; j++) {
          const at = tapRows(j, b);
          if (at)
            calls.call(
              'gemm',
              false,
              true,
              at[2],
              channels,
              f,
              1,
              at[1],
              f,
              this.kernel.value.offset + j * channels * f,
              f,
              1,
              dx.offset + at[0],
              strideIn,
            );
        }
      });
    }
    return [dx];
  }

  /**
   * 'valid' windows without dilation: the k input rows of output t are k·in contiguous floats,
   * so the windows form a matrix with overlapping rows (row stride stride·in, K = k·in) and a
   * sample's taps are one GEMM with the kernel as [k·in, f] (Keras' layout as it is).
   */
  private windowed(inLen: number): boolean {
    return this.dilationRate === 1 && this.padLeft === 0 && this.outLen > 0 && (this.outLen - 1) * this.strides + this.kernelSize <= inLen;
  }

  /**
   * Backward of a 'valid', stride-1, undilated convolution as two GEMMs over the whole batch
   * (not k small ones per sample). dZ goes into dY_pad [k−1 + B·L rows, f]: sample b's O = L−k+1
   * rows start at k−1 + b·L, the k−1 rows after each sample (and before the first) are zeros.
   * - dW [k·in, f] = Σ windowsᵀ·dY: the windows of x over the whole batch (S = B·L − k + 1 rows,
   *   row stride in, overlapping) against dY_pad from row k−1; a window that crosses into the
   *   next sample meets a zero row of dY.
   * - dX [B·L, in] = windows of dY_pad (row stride f, K = k·f) · W_rev with W_rev[i·f + q, c] =
   *   W[k−1−i, c, q]: row p of sample b sees dY_b[p−k+1 … p], zeros outside the sample.
   */
  private batchWindowBackward(x: number, batch: number, inLen: number, channels: number, dz: number, dx: number): void {
    const ops = this.kernels;
    const f = this.filters;
    const taps = this.kernelSize;
    const outLen = this.outLen;
    const rows = taps - 1 + batch * inLen;
    const dyPad = this.buffer('dyPadded', rows * f).offset;
    runRanges(
      ops,
      batch,
      rows * f,
      (calls, start, count) => {
        // each sample's O rows, then its k−1 zero rows (the k−1 zeros before sample 0 go with it)
        if (start === 0) calls.call('fill', dyPad, (taps - 1) * f, 0);
        for (let b = start; b < start + count; b++) {
          const at = dyPad + (taps - 1 + b * inLen) * f;
          calls.call('copy', dz + b * outLen * f, at, outLen * f);
          calls.call('fill', at + outLen * f, (inLen - outLen) * f, 0);
        }
      },
      { minCount: 8 },
    );
    const kc = taps * channels;
    if (this.kernel.isTrainable) {
      ops.gemm(true, false, kc, f, batch * inLen - taps + 1, 1, x, channels, dyPad + (taps - 1) * f, f, 1, this.kernel.grad.offset, f);
    }
    if (dx < 0) return;
    const wRev = this.buffer('kernelReversedT', taps * f * channels).offset;
    const h = ops.heap.f32;
    const w = this.kernel.value.offset;
    for (let i = 0; i < taps; i++) {
      const j = taps - 1 - i;
      for (let q = 0; q < f; q++) {
        for (let c = 0; c < channels; c++) h[wRev + (i * f + q) * channels + c] = h[w + (j * channels + c) * f + q]!;
      }
    }
    ops.gemm(false, false, batch * inLen, channels, taps * f, 1, dyPad, f, wRev, channels, 0, dx, channels);
  }

  /** Whether an Embedding with `vocab` rows feeding `rows` output rows is worth fusing. */
  private fusesWith(vocab: number, rows: number): boolean {
    return Conv1D.embeddingFusion === 'always' || (Conv1D.embeddingFusion === 'auto' && vocab < rows);
  }

  /** Fed by an Embedding over [batch, time] ids, forward() will fuse and never read its output. */
  override readsOnlyFused(producer: Layer, producerInput: Activation, _ctx: CallContext): boolean {
    const p = embeddingProducer(producer, producerInput);
    if (!p) return false;
    const outLen = windowGeometry(p.time, this.kernelSize, this.strides, this.dilationRate, this.padding).outLen;
    return outLen !== null && outLen > 0 && this.fusesWith(p.vocab, p.batch * outLen);
  }

  /** The kernel (k, in, f) as [in, k·f], so one GEMM serves every tap. */
  private permutedKernel(dim: number): number {
    const f = this.filters;
    const taps = this.kernelSize;
    const kp = this.buffer('kernelPermuted', dim * taps * f).offset;
    const h = this.kernels.heap.f32;
    const w = this.kernel.value.offset;
    for (let j = 0; j < taps; j++) {
      for (let i = 0; i < dim; i++) h.copyWithin(kp + (i * taps + j) * f, w + (j * dim + i) * f, w + (j * dim + i + 1) * f);
    }
    return kp;
  }

  /** pre[row] = Σ_j P[id(row, j), j] with P = E·[W_0 … W_{k−1}] ([V, k·f], one GEMM). */
  private fusedForward(source: EmbeddingSource, batch: number, inLen: number, pre: number): void {
    const ops = this.kernels;
    const kf = this.kernelSize * this.filters;
    const [vocab, dim] = source.table.shape as [number, number];
    const kp = this.permutedKernel(dim);
    const P = this.buffer('fusedP', vocab * kf).offset;
    ops.gemm(false, false, vocab, kf, dim, 1, source.table.value.offset, dim, kp, kf, 0, P, kf);
    const f = this.filters;
    runGroups(ops, batch, batch * this.outLen * kf, (calls, b) => {
      calls.call(
        'embeddingConvGather',
        source.ids.offset + b * inLen,
        1,
        inLen,
        this.outLen,
        this.kernelSize,
        this.strides,
        this.dilationRate,
        this.padLeft,
        P,
        vocab,
        f,
        pre + b * this.outLen * f,
      );
    });
  }

  /**
   * dP[id, j] += dZ[row], dW += Eᵀ·dP (permuted back), dE += dP·[W_0 … W_{k−1}]ᵀ — block by
   * block of tableBlockRows table rows, so that dP never exists whole: the tokens are sorted
   * by block (stable), and each block's dP (~0.5 MB) is zeroed, scattered into and multiplied
   * while it sits in cache, instead of a [V, k·f] buffer (9 MB for IMDB) filled, scattered
   * into at random and read twice. Threads take ranges of blocks, each with its own dP block;
   * a block's share of dW is kept apart and the shares are added in block order, so any
   * number of threads gives the same bits.
   */
  private fusedBackward(source: EmbeddingSource, batch: number, inLen: number, dz: number): void {
    const ops = this.kernels;
    const f = this.filters;
    const taps = this.kernelSize;
    const kf = taps * f;
    const [vocab, dim] = source.table.shape as [number, number];
    const rowsPerBlock = Conv1D.tableBlockRows;
    const blocks = Math.ceil(vocab / rowsPerBlock);
    const n = batch * inLen;
    const order = this.buffer('tokenOrder', n).offset;
    const starts = this.buffer('blockStarts', blocks + 1).offset;
    ops.bucketIds(source.ids.offset, n, rowsPerBlock, blocks, order, starts);
    const kernelGrad = this.kernel.isTrainable;
    const tableGrad = source.table.isTrainable;
    const shares = kernelGrad ? this.buffer('kernelGradShares', blocks * dim * kf).offset : -1;
    // the kernel is unchanged since forward permuted it
    const kp = this.buffer('kernelPermuted', dim * kf).offset;
    const parts = Math.min(getThreads(), blocks);
    const dBlocks = this.buffer('tableGradBlocks', parts * rowsPerBlock * kf).offset;
    const blockStart = ops.heap.i32; // read now: bucketIds has run
    const work = 2 * (kernelGrad ? 2 : 1) * vocab * kf * dim;
    const ranges = partition(blocks, parts, 1, 1);
    runGroups(ops, ranges.length, work, (calls, part) => {
      const dBlock = dBlocks + part * rowsPerBlock * kf;
      const { start: first, count } = ranges[part]!;
      for (let g = first; g < first + count; g++) {
        const row0 = g * rowsPerBlock;
        const rows = Math.min(rowsPerBlock, vocab - row0);
        calls.call('fill', dBlock, rows * kf, 0);
        calls.call(
          'embeddingConvScatterList',
          source.ids.offset,
          order,
          blockStart[starts + g]!,
          blockStart[starts + g + 1]!,
          inLen,
          this.outLen,
          taps,
          this.strides,
          this.dilationRate,
          this.padLeft,
          dz,
          f,
          dBlock,
          row0,
        );
        const e = source.table.value.offset + row0 * dim;
        if (kernelGrad) calls.call('gemm', true, false, dim, kf, rows, 1, e, dim, dBlock, kf, 0, shares + g * dim * kf, kf);
        if (tableGrad) calls.call('gemm', false, true, rows, dim, kf, 1, dBlock, kf, kp, kf, 1, source.table.grad.offset + row0 * dim, dim);
      }
    });
    if (!kernelGrad) return;
    const dkp = shares; // block 0's share, then the others added in order
    for (let g = 1; g < blocks; g++) ops.add(dkp, shares + g * dim * kf, dkp, dim * kf);
    const grad = this.kernel.grad.offset;
    for (let j = 0; j < taps; j++) {
      for (let i = 0; i < dim; i++) ops.axpy(1, dkp + (i * taps + j) * f, grad + (j * dim + i) * f, f);
    }
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      dilationRate: this.dilationRate,
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: typeof this.kernelInit === 'function' ? 'glorot_uniform' : this.kernelInit, // a function cannot be saved; loaded weights replace it
      biasInitializer: typeof this.biasInit === 'function' ? 'zeros' : this.biasInit,
    };
  }
}

export function conv1d(args: Conv1DArgs): Conv1D {
  return new Conv1D(args);
}
