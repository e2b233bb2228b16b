// The inference path of SimpleRNN, LSTM and GRU (predict, evaluate, any forward with
// training = false): a layer's whole time loop is one sequence kernel call per range of
// batch rows (kernels/sequence.ts), posted as jobs of one fork-join, nothing kept for
// backward. Bidirectional posts both directions' jobs together, so they run concurrently.
//
// RNNBase.sequencePlan() describes a call (buffers, input mode); this file cuts it into
// row ranges and runs them.

import type { Kernels } from '../../kernels/index.ts';
import type { ActCode } from '../../kernels/core.ts';
import { sequenceScratchFloats, type SequenceKernel, type SequenceKernels } from '../../kernels/sequence.ts';
import { DEFAULT_POLICY, recurrentLoopWork, splitRows, type ThreadPolicy } from '../../threads/index.ts';

/** One layer call of a sequence kernel over the whole batch (pointers at row 0; see kernels/sequence.ts). */
export interface SequenceCall {
  kernel: keyof SequenceKernels;
  batch: number;
  steps: number;
  units: number;
  gateWidth: number;
  act: ActCode;
  recAct: ActCode;
  reverse: boolean;
  /** int32 ids (then x is the projected table and inputDim its rows), or -1 for float inputs x. */
  ids: number;
  x: number;
  strideRow: number;
  strideStep: number;
  inputDim: number;
  packedW: number;
  bias: number;
  packedU: number;
  recBias: number;
  h: number;
  c: number;
  mask: number;
  out: number;
  /** sequenceScratchFloats(batch, gateWidth) floats. */
  scratch: number;
}

/** The kernel's arguments for rows [start, start + count): every row pointer advanced to `start`. */
export function rangeArgs(s: SequenceCall, start: number, count: number): Parameters<SequenceKernel> {
  const at = (pointer: number, rowWidth: number): number => (pointer < 0 ? pointer : pointer + start * rowWidth);
  return [
    count,
    s.units,
    s.act,
    s.recAct,
    s.steps,
    s.reverse ? 1 : 0,
    at(s.ids, s.strideRow),
    s.ids >= 0 ? s.x : s.x + start * s.strideRow,
    s.strideRow,
    s.strideStep,
    s.inputDim,
    s.packedW,
    s.bias,
    s.packedU,
    s.recBias,
    at(s.h, s.units),
    at(s.c, s.units),
    at(s.mask, s.steps),
    at(s.out, s.steps * s.units),
    s.scratch + sequenceScratchFloats(start, s.gateWidth),
  ];
}

/**
 * Runs the calls (one per layer or direction) on the threads, as one time loop over all their
 * rows one after another (a direction's rows, then the next's): splitRows cuts those rows into
 * one range per thread, and each range runs its part of each call — so Bidirectional's two
 * directions run concurrently on two threads. Unsplit (one thread, reference kernels, a small
 * batch or little work: the policy's thresholds for sequence loops) the calls run here in order.
 */
export function runSequenceCalls(kernels: Kernels, calls: SequenceCall[], policy: ThreadPolicy = DEFAULT_POLICY): void {
  const rows = calls.reduce((n, c) => n + c.batch, 0);
  const work = calls.reduce((w, c) => w + recurrentLoopWork(c.batch, c.steps, c.units, c.gateWidth / c.units), 0);
  splitRows(kernels, rows, work, policy, 'kernel').run((part, range) => {
    let first = 0; // the call's first row among all calls' rows
    for (const c of calls) {
      const start = Math.max(range.start, first);
      const end = Math.min(range.start + range.count, first + c.batch);
      if (start < end) part.call(c.kernel, ...rangeArgs(c, start - first, end - start));
      first += c.batch;
    }
  });
}
