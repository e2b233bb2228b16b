// The training time loop through a kernel set's loop kernels (kernels/train-loop.ts; the native
// set has them): each range of batch rows runs a block of steps in one call — the forward's
// whole loop when the input is gathered from a table — doing exactly what RNNBase's step loop
// (forwardStep / backwardStep) does, so the results are the same bits. RNNBase (base.ts) keeps
// the frame: buffers, projections, the per-block gradient GEMMs.

import type { ActCode } from '../../kernels/core.ts';
import type { Kernels } from '../../kernels/index.ts';
import type { TrainLoopNames } from '../../kernels/train-loop.ts';
import type { Calls, Range, RowSplit } from '../../threads/index.ts';
import { NONE, type GateProjections } from './projections.ts';

/** A cell's training loops and the buffers they need beyond Z and H (whole-batch pointers, NONE where the cell has none). */
export interface TrainLoopCell {
  names: TrainLoopNames;
  /** The gate activation (null: SimpleRNN has none). */
  recAct: ActCode | null;
  /** LSTM: C [T+1, B, u]. GRU: rec [T, B, 3u], its recurrent bias, and dZ of the recurrent side (a block). */
  c: number;
  rec: number;
  recBias: number;
  dzRec: number;
}

/** What the loops read of the layer's current call (RNNBase's buffers and geometry). */
export interface LoopFrame {
  units: number;
  gateWidth: number;
  act: ActCode;
  batch: number;
  steps: number;
  blockSteps: number;
  /** Z [T, B, G·u], H [T+1, B, u], the time-major mask [T, B] or NONE. */
  z: number;
  h: number;
  mask: number;
  proj: GateProjections;
  /** The bias added to X·W (NONE: none). */
  inputBias: number;
}

/** `cell` when the kernels have its loops for these activations and no recurrent dropout applies (per-gate GEMMs: the step loop), else null. */
export function loopCell(kernels: Kernels, cell: TrainLoopCell | null, act: ActCode, proj: GateProjections): TrainLoopCell | null {
  if (!cell || !kernels[cell.names.forward] || !kernels.trainLoopCovers?.(act, cell.recAct)) return null;
  return proj.recurrentMask(0) === NONE ? cell : null;
}

/** A whole-batch pointer advanced to row `start` of rows `width` wide (NONE stays NONE). */
const at = (pointer: number, start: number, width: number): number => (pointer === NONE ? NONE : pointer + start * width);

/** The arguments every loop kernel starts with: rows, units, act, recAct, batch, t0, t1. */
const head = (
  rows: Range,
  f: LoopFrame,
  cell: TrainLoopCell,
  t0: number,
  t1: number,
): [number, number, ActCode, ActCode, number, number, number] => [rows.count, f.units, f.act, cell.recAct ?? f.act, f.batch, t0, t1];

/** The training forward: one loop call per range and block of steps (each block's input projection first, unless gathered). */
export function forwardLoops(f: LoopFrame, cell: TrainLoopCell, loop: RowSplit): void {
  const { units: u, gateWidth: gu, proj } = f;
  const fused = proj.fused;
  const packedU = proj.packedU(false, 0, gu);
  const zeroStart = proj.zeroState === NONE ? 0 : 1;
  const run = (t0: number, t1: number): void =>
    loop.run((calls, rows) => {
      const input = fused ? proj.tableInput(rows) : { ids: NONE, table: NONE, vocab: 0 };
      const s = rows.start;
      calls.call(
        cell.names.forward,
        ...head(rows, f, cell, t0, t1),
        input.ids,
        input.table,
        input.vocab,
        f.z + s * gu,
        f.h + s * u,
        at(cell.c, s, u),
        at(cell.rec, s, gu),
        cell.recBias,
        packedU,
        at(f.mask, s, 1),
        zeroStart,
      );
    });
  if (fused) return run(0, f.steps);
  for (let t0 = 0; t0 < f.steps; t0 += f.blockSteps) {
    const t1 = Math.min(t0 + f.blockSteps, f.steps);
    proj.projectInputs(f.z, f.inputBias, t0, t1);
    run(t0, t1);
  }
}

/** The running gradients of a backward pass (whole-batch pointers). */
export interface LoopGrads {
  /** Output gradients [T, B, u] added at each step, or NONE. */
  dOut: number;
  dh: number;
  /** LSTM's dc, else NONE. */
  dc: number;
  /** The block's dZ rows [block, B, G·u] (its first step at the first row). */
  dz: number;
  /** Uᵀ packed (GateProjections.packedU(true, 0, G·u)). */
  packedUT: number;
  /** Nothing needs the gradient reaching the initial state. */
  initialGradUnused: boolean;
}

/** Backward over steps [t0, t1) for `rows`: one loop call (what backwardStep does for each step, in reverse). */
export function backwardLoopCall(calls: Calls, rows: Range, f: LoopFrame, cell: TrainLoopCell, t0: number, t1: number, g: LoopGrads): void {
  const { units: u, gateWidth: gu } = f;
  const r = rows.start;
  calls.call(
    cell.names.backward,
    ...head(rows, f, cell, t0, t1),
    f.z + r * gu,
    f.h + r * u,
    at(cell.c, r, u),
    at(cell.rec, r, gu),
    at(g.dOut, r, u),
    g.dh + r * u,
    at(g.dc, r, u),
    g.dz + r * gu,
    at(cell.dzRec, r, gu),
    g.packedUT,
    at(f.mask, r, 1),
    g.initialGradUnused ? 1 : 0,
  );
}
