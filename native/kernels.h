// The native kernels, one copy per instruction set (gemm.c is compiled once for each).
#ifndef SUNHWAN_KERNELS_H
#define SUNHWAN_KERNELS_H

#define SH_DECLARE(isa)                                                                                                            \
  void sh_pack_b_##isa(int transB, const float *B, long ldb, int k, int n, float *dst);                                             \
  void sh_gemm_packed_##isa(int transA, int m, int n, int k, float alpha, const float *A, long lda, const float *packed, float beta, \
                            float *C, long ldc);                                                                                    \
  int sh_gemm_##isa(int transA, int transB, int m, int n, int k, float alpha, const float *A, long lda, const float *B, long ldb,    \
                    float beta, float *C, long ldc);

SH_DECLARE(avx512)
SH_DECLARE(avx2)

#endif
