// The native kernels, one copy per instruction set (gemm.c is compiled once for each).
#ifndef SUNHWAN_KERNELS_H
#define SUNHWAN_KERNELS_H

/**
 * FN(name): a kernel's name in this copy. gemm.c, gates.c, sequence.c and train.c are compiled once
 * per instruction set, with -DSH_AVX512 or -DSH_AVX2; sunhwan.c (neither) calls both copies by name.
 */
#if defined(SH_AVX512)
#define FN(name) name##_avx512
#elif defined(SH_AVX2)
#define FN(name) name##_avx2
#endif

/** The cells of sh_sequence. */
enum { SH_SIMPLE = 0, SH_LSTM = 1, SH_GRU = 2 };

#define SH_DECLARE(isa)                                                                                                            \
  void sh_pack_b_##isa(int transB, const float *B, long ldb, int k, int n, float *dst);                                             \
  void sh_gemm_packed_##isa(int transA, int m, int n, int k, float alpha, const float *A, long lda, const float *packed, float beta, \
                            float *C, long ldc);                                                                                    \
  int sh_gemm_##isa(int transA, int transB, int m, int n, int k, float alpha, const float *A, long lda, const float *B, long ldb,    \
                    float beta, float *C, long ldc);                                                                      \
  void sh_lstm_forward_##isa(int rows, int units, float *z, const float *cPrev, const float *hPrev, float *cOut, float *hOut,        \
                             const float *mask);                                                                                    \
  void sh_lstm_backward_##isa(int rows, int units, const float *gates, const float *cPrev, const float *c, float *dh, float *dc,     \
                              float *dz, const float *mask);                                                                     \
  void sh_gru_forward_##isa(int rows, int units, float *zx, float *rec, const float *recBias, const float *hPrev, float *hOut,       \
                            const float *mask);                                                                                     \
  void sh_simple_forward_##isa(int rows, int units, float *z, const float *hPrev, float *hOut, const float *mask);                  \
  void sh_gru_backward_##isa(int rows, int units, const float *gates, const float *rec, const float *hPrev, float *dh, float *dzx,   \
                             float *dzRec, const float *mask);                                                                      \
  void sh_simple_backward_##isa(int rows, int units, const float *a, float *dh, float *dz, const float *mask);                      \
  void sh_sequence_##isa(int cell, int rows, int units, int steps, int reverse, const int *ids, const float *x, long strideRow,      \
                         long strideStep, int inputDim, const float *packedW, const float *bias, const float *packedU,              \
                         const float *recBias, float *h, float *c, const float *mask, float *out, float *scratch);                   \
  void sh_train_forward_##isa(int cell, int rows, int units, int batch, int t0, int t1, const int *ids, const float *table, float *z,    \
                              float *h, float *c, float *rec, const float *recBias, const float *packedU, const float *mask,             \
                              int zeroStart);                                                                                          \
  void sh_train_backward_##isa(int cell, int rows, int units, int batch, int t0, int t1, const float *z, const float *h, const float *c, \
                               const float *rec, const float *dOut, float *dh, float *dc, float *dz, float *dzRec,                       \
                               const float *packedUT, const float *mask, int initialGradUnused);

SH_DECLARE(avx512)
SH_DECLARE(avx2)

#endif
