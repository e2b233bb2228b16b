// Reference implementation of the inference time loops (see ../sequence.ts): per step, the
// same reference kernels the training forward calls, on the range's rows.

import type { Heap } from '../../heap.ts';
import type { ActCode } from '../core.ts';
import type { SequenceKernel, SequenceKernels } from '../sequence.ts';
import { referenceCore } from './core.ts';
import { referenceRecurrent } from './recurrent.ts';

type Cell = 'simple' | 'lstm' | 'gru';
const GATES: Record<Cell, number> = { simple: 1, lstm: 4, gru: 3 };

export function referenceSequence(heap: Heap): SequenceKernels {
  const core = referenceCore(heap);
  const cells = referenceRecurrent(heap);

  const loop =
    (cell: Cell): SequenceKernel =>
    (
      rows,
      units,
      act,
      recAct,
      steps,
      reverse,
      ids,
      x,
      strideRow,
      strideStep,
      inputDim,
      packedW,
      bias,
      packedU,
      recBias,
      h,
      c,
      mask,
      out,
      scratch,
    ) => {
      const gu = GATES[cell] * units;
      const z = scratch;
      const rec = scratch + rows * gu;
      const keep = mask < 0 ? -1 : scratch + 2 * rows * gu;
      for (let t = 0; t < steps; t++) {
        const s = reverse ? steps - 1 - t : t;
        // the input projection of step s: a projected table's rows, or x_s·W + b
        if (ids >= 0) {
          for (let r = 0; r < rows; r++) {
            const id = heap.i32[ids + r * strideRow + s * strideStep]!;
            if (id < 0 || id >= inputDim)
              throw new RangeError(`${cell} sequence: id ${id} of row ${r}, step ${s} is outside [0, ${inputDim})`);
            heap.f32.copyWithin(z + r * gu, x + id * gu, x + (id + 1) * gu);
          }
        } else {
          core.gemmPackedB(false, rows, gu, inputDim, 1, x + s * strideStep, strideRow, packedW, 0, z, gu);
          if (bias >= 0) core.addRowVector(z, rows, gu, bias);
        }
        if (keep >= 0) for (let r = 0; r < rows; r++) heap.f32[keep + r] = heap.f32[mask + r * steps + s]!;
        step(cell, rows, units, act, recAct, z, rec, recBias, packedU, h, c, keep);
        if (out >= 0) for (let r = 0; r < rows; r++) heap.f32.copyWithin(out + (r * steps + t) * units, h + r * units, h + (r + 1) * units);
      }
    };

  /** One step on gate rows z: the recurrent GEMM, then the cell's gate kernel, h (and c) in place. */
  const step = (
    cell: Cell,
    rows: number,
    u: number,
    act: ActCode,
    recAct: ActCode,
    z: number,
    rec: number,
    recBias: number,
    packedU: number,
    h: number,
    c: number,
    mask: number,
  ): void => {
    const gu = GATES[cell] * u;
    if (cell === 'gru') {
      core.gemmPackedB(false, rows, gu, u, 1, h, u, packedU, 0, rec, gu);
      cells.gruForward(rows, u, act, recAct, z, rec, recBias, h, h, mask);
      return;
    }
    core.gemmPackedB(false, rows, gu, u, 1, h, u, packedU, 1, z, gu);
    if (cell === 'lstm') cells.lstmForward(rows, u, act, recAct, z, c, h, c, h, mask);
    else cells.simpleRnnForward(rows, u, act, z, h, h, mask);
  };

  return { simpleRnnSequence: loop('simple'), lstmSequence: loop('lstm'), gruSequence: loop('gru') };
}
