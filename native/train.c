// Training time loops for the native set (contract: src/kernels/train-loop.ts), compiled once
// per instruction set like gemm.c: a range of batch rows through a block of steps in one call,
// keeping what backward needs. The steps are exactly the JavaScript loop's (RNNBase with
// forwardStep / backwardStep of lstm.ts, gru.ts, simple-rnn.ts), the same kernels in the same
// order, so the results are the same bits; only the per-step calls from JavaScript go.
//
// Layout (time-major, the whole batch; every pointer already at the range's first row):
//   z, rec  [T, B, G·u]   gate pre-activations, then activations (GRU: rec = h·U + b_rec)
//   h, c    [T+1, B, u]   states; step t reads row block t and writes t + 1
//   ids     [T, B] int32  the fused input: step t's z rows are rows ids[t] of table [V, G·u]
//   mask    [T, B]        1 keep, 0 carry the state
//   dOut    [T, B, u]     output gradients (returnSequences), added to dh at each step
//   dz      [block, B, G·u] the block's gradient rows, step t at row block t − t0

#include <string.h>

#include "kernels.h"

#ifndef FN
#error "build with -DSH_AVX512 or -DSH_AVX2"
#endif

/** Asks for `n` floats from p to be brought into cache (one prefetch per 64-byte line). */
static inline void prefetch(const float *p, long n) {
  for (long i = 0; i < n; i += 16) __builtin_prefetch(p + i, 0, 3);
}

static int gates_of(int cell) { return cell == SH_LSTM ? 4 : cell == SH_GRU ? 3 : 1; }

void FN(sh_train_forward)(int cell, int rows, int units, int batch, int t0, int t1, const int *ids, const float *table, float *z, float *h,
                          float *c, float *rec, const float *recBias, const float *packedU, const float *mask, int zeroStart) {
  const int gu = gates_of(cell) * units;
  const long zs = (long)batch * gu, hs = (long)batch * units;
  for (int t = t0; t < t1; t++) {
    float *zt = z + t * zs;
    float *hPrev = h + t * hs;
    const float *m = mask ? mask + (long)t * batch : NULL;
    if (ids) {
      const int *id = ids + (long)t * batch;
      for (int r = 0; r < rows; r++) memcpy(zt + (long)r * gu, table + (long)id[r] * gu, sizeof(float) * gu);
      // the next step's rows lie anywhere in the table: their loads overlap this step's work
      if (t + 1 < t1)
        for (int r = 0; r < rows; r++) prefetch(table + (long)id[r + batch] * gu, gu);
    }
    if (cell == SH_GRU) {
      float *rt = rec + t * zs;
      FN(sh_gemm_packed)(0, rows, gu, units, 1.0f, hPrev, units, packedU, 0.0f, rt, gu);
      FN(sh_gru_forward)(rows, units, zt, rt, recBias, hPrev, hPrev + hs, m);
      continue;
    }
    // from zero states, z += 0·U adds nothing (GateProjections.recurrentMatmul skips it too)
    if (!(zeroStart && t == 0)) FN(sh_gemm_packed)(0, rows, gu, units, 1.0f, hPrev, units, packedU, 1.0f, zt, gu);
    if (cell == SH_LSTM) {
      float *cPrev = c + t * hs;
      FN(sh_lstm_forward)(rows, units, zt, cPrev, hPrev, cPrev + hs, hPrev + hs, m);
    } else {
      FN(sh_simple_forward)(rows, units, zt, hPrev, hPrev + hs, m);
    }
  }
}

void FN(sh_train_backward)(int cell, int rows, int units, int batch, int t0, int t1, const float *z, const float *h, const float *c,
                           const float *rec, const float *dOut, float *dh, float *dc, float *dz, float *dzRec, const float *packedUT,
                           const float *mask, int initialGradUnused) {
  const int gu = gates_of(cell) * units;
  const long zs = (long)batch * gu, hs = (long)batch * units;
  const long n = (long)rows * units;
  for (int t = t1 - 1; t >= t0; t--) {
    if (dOut) {
      const float *d = dOut + t * hs;
      for (long i = 0; i < n; i++) dh[i] = dh[i] + d[i];
    }
    const float *m = mask ? mask + (long)t * batch : NULL;
    if (t > t0) prefetch(z + (t - 1) * zs, (long)rows * gu); // read backwards, block by block: not a stream the CPU foresees
    float *dzt = dz + (t - t0) * zs;
    const float *dzU = dzt; // what multiplies Uᵀ into dh
    if (cell == SH_LSTM) {
      FN(sh_lstm_backward)(rows, units, z + t * zs, c + t * hs, c + (t + 1) * hs, dh, dc, dzt, m);
    } else if (cell == SH_GRU) {
      float *dzRect = dzRec + (t - t0) * zs;
      FN(sh_gru_backward)(rows, units, z + t * zs, rec + t * zs, h + t * hs, dh, dzt, dzRect, m);
      dzU = dzRect;
    } else {
      FN(sh_simple_backward)(rows, units, z + t * zs, dh, dzt, m);
    }
    // at step 0, dh would flow only into an initial state nothing needs
    if (!(initialGradUnused && t == 0)) FN(sh_gemm_packed)(0, rows, units, gu, 1.0f, dzU, gu, packedUT, 1.0f, dh, units);
  }
}
