// Inference time loops for the native set (contract: src/kernels/sequence.ts; the same loop as
// assembly/sequence.ts), compiled once per instruction set like gemm.c: a range of batch rows
// through every step in one call, per step the input projection (a projected table's rows, or
// x_s·W + b through the packed GEMM), the recurrent GEMM h·U into the same gate rows, then the
// cell's gate kernel (gates.c) updating h (and c) in place. The gate rows of a range (its
// scratch) and the running state stay in cache from one step to the next. Keras' default
// activations only: sunhwan.c leaves other cells to the wasm loop.

#include <string.h>

#include "kernels.h"

#ifndef FN
#error "build with -DSH_AVX512 or -DSH_AVX2"
#endif

void FN(sh_sequence)(int cell, int rows, int units, int steps, int reverse, const int *ids, const float *x, long strideRow, long strideStep,
                     int inputDim, const float *packedW, const float *bias, const float *packedU, const float *recBias, float *h, float *c,
                     const float *mask, float *out, float *scratch) {
  const int gu = (cell == SH_LSTM ? 4 : cell == SH_GRU ? 3 : 1) * units;
  float *const z = scratch;
  float *const rec = scratch + (long)rows * gu;
  float *const keep = mask ? scratch + 2L * rows * gu : NULL;
  for (int t = 0; t < steps; t++) {
    const int s = reverse ? steps - 1 - t : t;
    if (ids) {
      for (int r = 0; r < rows; r++) memcpy(z + (long)r * gu, x + (long)ids[r * strideRow + s * strideStep] * gu, sizeof(float) * gu);
    } else {
      FN(sh_gemm_packed)(0, rows, gu, inputDim, 1.0f, x + s * strideStep, strideRow, packedW, 0.0f, z, gu);
      if (bias)
        for (int r = 0; r < rows; r++) {
          float *zr = z + (long)r * gu;
          for (int j = 0; j < gu; j++) zr[j] += bias[j];
        }
    }
    if (keep)
      for (int r = 0; r < rows; r++) keep[r] = mask[(long)r * steps + s];
    if (cell == SH_GRU) {
      FN(sh_gemm_packed)(0, rows, gu, units, 1.0f, h, units, packedU, 0.0f, rec, gu);
      FN(sh_gru_forward)(rows, units, z, rec, recBias, h, h, keep);
    } else {
      FN(sh_gemm_packed)(0, rows, gu, units, 1.0f, h, units, packedU, 1.0f, z, gu);
      if (cell == SH_LSTM)
        FN(sh_lstm_forward)(rows, units, z, c, h, c, h, keep);
      else
        FN(sh_simple_forward)(rows, units, z, h, h, keep);
    }
    if (out)
      for (int r = 0; r < rows; r++) memcpy(out + ((long)r * steps + t) * units, h + (long)r * units, sizeof(float) * units);
  }
}
