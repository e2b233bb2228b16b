// Fused per-timestep gate kernels for SimpleRNN, LSTM and GRU (forward and backward).
// The time loop lives in src/layers/recurrent/; per step it does one recurrent GEMM (core
// kernels) and then ONE call here for all the gate math of a batch of `rows` rows.
//
// Conventions (all pointers are element offsets into the heap, see ../heap.ts):
// - Gate blocks follow Keras: LSTM [i, f, c, o], GRU [z, r, h], each `units` wide; a gate
//   buffer row is G·units long and rows are contiguous (time-major layout: one step's rows).
// - Forward kernels overwrite the pre-activations with the activations (what backward needs).
//   Derivatives are taken from those outputs (see `derivativeFromOutput` in reference/).
// - `mask` points at `rows` floats (1 keep, 0 masked) or is -1 for no mask. At a masked row
//   the step carries h (and c) unchanged; its gate gradients are zero.
// - `act` / `recAct` are activation codes (Act in ./core.ts): the candidate/output activation
//   and the gate activation.
// - Backward kernels take dh (and dc) = the gradient reaching h_t (c_t) and overwrite it with
//   the part that flows straight to h_{t−1} (c_{t−1}); the layer then adds dZ·Uᵀ by GEMM.

import type { ActCode } from './core.ts';

export interface RecurrentKernels {
  /** h = act(z): z ← act(z) (saved), hOut = m ? z : hPrev. hOut may not alias z. */
  simpleRnnForward(rows: number, units: number, act: ActCode, z: number, hPrev: number, hOut: number, mask: number): void;
  /** dz = m·dh·act'(a) with a the saved activation; dh ← (1−m)·dh. */
  simpleRnnBackward(rows: number, units: number, act: ActCode, a: number, dh: number, dz: number, mask: number): void;

  /**
   * z [rows, 4u] = x·W + h·U + b (pre-activations) → [σ(i), σ(f), act(c̃), σ(o)] in place;
   * cOut = f⊙cPrev + i⊙c̃, hOut = o⊙act(cOut) (masked rows: cOut = cPrev, hOut = hPrev).
   */
  lstmForward(
    rows: number,
    units: number,
    act: ActCode,
    recAct: ActCode,
    z: number,
    cPrev: number,
    hPrev: number,
    cOut: number,
    hOut: number,
    mask: number,
  ): void;
  /**
   * From saved gates and c (= cOut of the step), writes dz [rows, 4u] (pre-activation
   * gradients), dh ← (1−m)·dh, dc ← gradient reaching cPrev.
   */
  lstmBackward(
    rows: number,
    units: number,
    act: ActCode,
    recAct: ActCode,
    gates: number,
    cPrev: number,
    c: number,
    dh: number,
    dc: number,
    dz: number,
    mask: number,
  ): void;

  /**
   * GRU, reset after the matmul (Keras default). zx [rows, 3u] = x·W + b_in in, gates
   * [z, r, ĥ] out; rec [rows, 3u] = h·U in, + b_rec out (its ĥ block is needed by backward);
   * recBias is -1 without bias. hOut = z⊙hPrev + (1−z)⊙ĥ with ĥ = act(zx_h + r⊙rec_h).
   */
  gruForward(
    rows: number,
    units: number,
    act: ActCode,
    recAct: ActCode,
    zx: number,
    rec: number,
    recBias: number,
    hPrev: number,
    hOut: number,
    mask: number,
  ): void;
  /**
   * Writes dzx (gradient of x·W + b_in) and dzRec (gradient of h·U + b_rec), both [rows, 3u];
   * dh ← (m·z + 1 − m)·dh.
   */
  gruBackward(
    rows: number,
    units: number,
    act: ActCode,
    recAct: ActCode,
    gates: number,
    rec: number,
    hPrev: number,
    dh: number,
    dzx: number,
    dzRec: number,
    mask: number,
  ): void;

  /**
   * GRU reset before the matmul (Keras ≤ 2.2), phase 1: z[:, 0:2u] (z and r pre-activations,
   * recurrent part included) ← recAct(·) in place; rh = r⊙hReset (hReset = h_{t−1}, after
   * recurrent dropout if any). The layer then adds rh·U_h into z[:, 2u:3u].
   */
  gruResetBeforeGates(rows: number, units: number, recAct: ActCode, z: number, hReset: number, rh: number): void;
  /** Phase 2: ĥ = act(z[:, 2u:3u]) in place; hOut = z⊙hPrev + (1−z)⊙ĥ (masked: hPrev). */
  gruResetBeforeOutput(rows: number, units: number, act: ActCode, z: number, hPrev: number, hOut: number, mask: number): void;
  /** Backward of phase 2: writes dz[:, 0:u] and dz[:, 2u:3u]; dh ← (m·z + 1 − m)·dh. */
  gruResetBeforeBackwardOutput(
    rows: number,
    units: number,
    act: ActCode,
    recAct: ActCode,
    gates: number,
    hPrev: number,
    dh: number,
    dz: number,
    mask: number,
  ): void;
  /**
   * Backward of phase 1, given drh = dz_h·U_hᵀ: dz[:, u:2u] = drh⊙hReset⊙recAct'(r);
   * drh ← drh⊙r (the gradient reaching hReset).
   */
  gruResetBeforeBackwardReset(rows: number, units: number, recAct: ActCode, gates: number, hReset: number, drh: number, dz: number): void;

  /**
   * dst[j, i, :] = src[i', j', :] for src [d0, d1, features] → dst [d1, d0, features], where
   * i' = reverse0 ? d0−1−i : i and j' = reverse1 ? d1−1−j : j. Converts batch-major ↔ time-major
   * (and reverses time for goBackwards). dst must not overlap src.
   */
  transposeTime(src: number, dst: number, d0: number, d1: number, features: number, reverse0: boolean, reverse1: boolean): void;

  /**
   * Reads x [batch, steps, width] as one-hot rows: when every row holds exactly one 1 and
   * zeros elsewhere, writes its index time-major into ids [steps, batch] (int32; step order
   * reversed when reverse) and returns true; else returns false (ids partly written).
   */
  oneHotIds(x: number, batch: number, steps: number, width: number, ids: number, reverse: boolean): boolean;
}
