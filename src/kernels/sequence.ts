// Inference time loops: a whole recurrent layer's forward pass over a range of batch rows in
// ONE call, for predict / evaluate / any forward with training = false. Nothing is kept for
// backward: only the running state (h, and c for LSTM) lives in memory, updated in place,
// and each step's gate buffer is a scratch of `rows` rows that stays in cache. Per step:
// the input projection (a gather of a projected table's rows, or x_t·W + b), the recurrent
// GEMM h·U into the same rows, then the cell's fused gate kernel (../recurrent.ts) writing h
// (and c) in place. Threads each take a row range (src/layers/recurrent/inference.ts posts
// one call per range and direction as jobs), so a layer's forward is one fork-join.
//
// The three kernels share one argument list (all numbers, so workers and a native set can
// take them as they are); pointers are element offsets into the heap, already advanced to
// the row range's first row:
//   rows, units       the range's rows; units u. G = gates (SimpleRNN 1, LSTM 4, GRU 3).
//   act, recAct       activation codes (recAct unused by SimpleRNN).
//   steps, reverse    T; reverse = 1 reads step T−1−t at step t (goBackwards), else 0.
//   ids               ≥ 0: int32 ids; the step's gate rows are rows ids[r·strideRow + s·strideStep]
//                     of x, a projected table [V, G·u] (bias already added), V = inputDim;
//                     packedW and bias are unused (ids are checked by whoever made them). −1: x holds float inputs, row r of step s
//                     at x + r·strideRow + s·strideStep (inputDim floats), projected by
//                     packedW (W [inputDim, G·u] packed by packB(false, …)) plus bias (−1: none).
//   packedU           U [u, G·u] packed by packB(false, U, G·u, u, G·u, …).
//   recBias           GRU (reset after): the recurrent bias [3u] added to h·U, or −1.
//   h                 [rows, u]: the initial state in, the final state out.
//   c                 LSTM: [rows, u] cell state in and out (unused otherwise).
//   mask              −1, or the batch-major mask [rows, T] (1 keep, 0 carry the state).
//   out               −1, or [rows, T, u]: h after every step, in processing order.
//   scratch           sequenceScratchFloats(rows, G·u) floats of this range's own.
// Results equal the training forward's (the same kernels per step) up to float32 rounding.

import type { ActCode } from './core.ts';

/** The argument list shared by the sequence kernels (see the header). */
export type SequenceKernel = (
  rows: number,
  units: number,
  act: ActCode,
  recAct: ActCode,
  steps: number,
  reverse: number,
  ids: number,
  x: number,
  strideRow: number,
  strideStep: number,
  inputDim: number,
  packedW: number,
  bias: number,
  packedU: number,
  recBias: number,
  h: number,
  c: number,
  mask: number,
  out: number,
  scratch: number,
) => void;

export interface SequenceKernels {
  /** SimpleRNN: h = act(x·W + b + h·U). */
  simpleRnnSequence: SequenceKernel;
  /** LSTM (Keras gates [i, f, c, o]): lstmForward per step, c and h in place. */
  lstmSequence: SequenceKernel;
  /** GRU, reset after the matmul (Keras' default): gruForward per step, h in place. */
  gruSequence: SequenceKernel;
}

/** Scratch floats a sequence kernel needs for `rows` rows of gate width G·u: gate rows, GRU's recurrent rows, a mask column. */
export function sequenceScratchFloats(rows: number, gateWidth: number): number {
  return rows * (2 * gateWidth + 1);
}
