// Training time loops: a block of steps of a recurrent layer's training forward or backward
// for a range of batch rows in ONE call, keeping what backward needs — the per-step work of
// RNNBase's loop (forwardStep / backwardStep of lstm.ts, gru.ts, simple-rnn.ts), the same
// kernels in the same order, so results are bit-identical to stepping from JavaScript. Only
// the native set has them (native/train.c): elsewhere a call from JavaScript per step costs
// little next to the wasm kernels, and the members are absent. A set that has them covers
// Keras' default cells only (trainLoopCovers); GRU reset-after; no recurrent dropout (the
// layer keeps its own loop for the rest).
//
// Layout: the layer's own buffers, time-major over the whole batch; pointers are element
// offsets already at the range's first row of step 0 (the kernel adds t·B·width itself).
//   rows, units       the range's rows; u. G = gates (SimpleRNN 1, LSTM 4, GRU 3).
//   act, recAct       activation codes (recAct unused by SimpleRNN).
//   batch             B: the rows of one step (the stride between steps).
//   t0, t1            the block of steps [t0, t1): forward in order, backward in reverse.
// Forward:
//   ids, table, vocab ids ≥ 0: int32 ids [T, B]; step t first copies rows ids[t] of the
//                     projected table [vocab, G·u] into its z rows. −1: z already holds x·W + b.
//   z                 [T, B, G·u]: pre-activations in, gate activations out.
//   h, c              [T+1, B, u]: step t reads block t, writes block t + 1 (c: LSTM only).
//   rec, recBias      GRU: [T, B, 3u] receives h·U (+ recBias [3u], or −1), as gruForward keeps it.
//   packedU           U [u, G·u] packed by packB(false, U, G·u, u, G·u, …).
//   mask              −1, or the time-major mask [T, B] (1 keep, 0 carry the state).
//   zeroStart         1: h at step 0 is zeros, so step 0's h·U is skipped (0: computed).
// Backward (steps t1 − 1 down to t0):
//   z, h, c, rec      what the forward kept (h read by GRU only, c by LSTM only).
//   dOut              −1, or output gradients [T, B, u] added to dh at each step first.
//   dh, dc            [rows, u] running gradients (dc: LSTM), updated in place.
//   dz, dzRec         the block's gradient rows [t1 − t0, B, G·u]; step t at row block t − t0
//                     (dzRec: GRU's recurrent side).
//   packedUT          Uᵀ packed by packB(true, U, G·u, G·u, u, …).
//   initialGradUnused 1: nothing needs the gradient reaching the initial state, so step 0's
//                     dh += dz·Uᵀ is skipped.

import type { ActCode } from './core.ts';

export type TrainForwardKernel = (
  rows: number,
  units: number,
  act: ActCode,
  recAct: ActCode,
  batch: number,
  t0: number,
  t1: number,
  ids: number,
  table: number,
  vocab: number,
  z: number,
  h: number,
  c: number,
  rec: number,
  recBias: number,
  packedU: number,
  mask: number,
  zeroStart: number,
) => void;

export type TrainBackwardKernel = (
  rows: number,
  units: number,
  act: ActCode,
  recAct: ActCode,
  batch: number,
  t0: number,
  t1: number,
  z: number,
  h: number,
  c: number,
  rec: number,
  dOut: number,
  dh: number,
  dc: number,
  dz: number,
  dzRec: number,
  packedUT: number,
  mask: number,
  initialGradUnused: number,
) => void;

/** Optional: a set has all of them or none. */
export interface TrainLoopKernels {
  /** Whether the loops below cover a cell with these activations (recAct null: SimpleRNN, which has none). */
  trainLoopCovers?: (act: ActCode, recAct: ActCode | null) => boolean;
  lstmTrainForward?: TrainForwardKernel;
  gruTrainForward?: TrainForwardKernel;
  simpleRnnTrainForward?: TrainForwardKernel;
  lstmTrainBackward?: TrainBackwardKernel;
  gruTrainBackward?: TrainBackwardKernel;
  simpleRnnTrainBackward?: TrainBackwardKernel;
}

/** The kernel names of one cell's loops. */
export interface TrainLoopNames {
  forward: 'lstmTrainForward' | 'gruTrainForward' | 'simpleRnnTrainForward';
  backward: 'lstmTrainBackward' | 'gruTrainBackward' | 'simpleRnnTrainBackward';
}
