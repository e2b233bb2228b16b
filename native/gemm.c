// GEMM for the native kernel set, compiled once per instruction set (scripts/build-native.mjs
// builds this file with -DSH_AVX512 and with -DSH_AVX2; sunhwan.c picks one at run time).
//
// op(B) is read in the packed layout of the kernel contract (PACKED_B in src/kernels/core.ts):
// blocks of NC columns × KC rows, each cut into strips of 8 columns stored [p][8], the last
// strip zero-padded. gemm packs one block at a time into a per-thread buffer and runs the same
// block code as gemmPackedB, so the two agree bit for bit.
//
// Every element of C gets the same sequence of operations wherever it sits in a tile (full or
// edge, either instruction set, any split of rows or columns across threads): a fused
// multiply-add per k in order within a KC block, then alpha·acc (+ beta·C through one fused
// multiply-add for the first block, + C for the next ones). Edges use masked loads and stores,
// never a scalar path, so a split of C across threads gives the same bits as one call.

#include <immintrin.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

#define KC 256
#define NC 512

#if defined(SH_AVX512)
#define MR 8
#define NS 4 /* strips of 8 columns per tile: two zmm registers per row */
#elif defined(SH_AVX2)
#define MR 4
#define NS 3 /* three ymm registers per row: 12 accumulators of 16 registers */
#else
#error "build with -DSH_AVX512 or -DSH_AVX2"
#endif

#define INLINE static inline __attribute__((always_inline))

#if defined(SH_AVX512)

INLINE __m512 load_pair(const float *lo, const float *hi) {
  return _mm512_insertf32x8(_mm512_castps256_ps512(_mm256_loadu_ps(lo)), _mm256_loadu_ps(hi), 1);
}

INLINE __m512 load_single(const float *lo) { return _mm512_insertf32x8(_mm512_setzero_ps(), _mm256_loadu_ps(lo), 0); }

INLINE __mmask16 cols_mask(int cols) {
  if (cols >= 16) return (__mmask16)0xffff;
  if (cols <= 0) return 0;
  return (__mmask16)((1u << cols) - 1u);
}

INLINE void store_tile(__m512 acc, float *c, int cols, float alpha, float beta, int first) {
  __mmask16 mask = cols_mask(cols);
  __m512 v = _mm512_mul_ps(_mm512_set1_ps(alpha), acc);
  if (first) {
    if (beta != 0.0f) v = _mm512_fmadd_ps(_mm512_set1_ps(beta), _mm512_maskz_loadu_ps(mask, c), v);
  } else {
    v = _mm512_add_ps(_mm512_maskz_loadu_ps(mask, c), v);
  }
  _mm512_mask_storeu_ps(c, mask, v);
}

/** C tile (mr ≤ MR rows, ns ≤ NS strips, nr columns) from a KC block; a(i, p) = a[i·ars + p·acs]. */
INLINE void micro(int mr, int ns, int kc, const float *a, long ars, long acs, const float *b, long sstr, float *c, long ldc, int nr,
                  float alpha, float beta, int first) {
  __m512 acc0[MR], acc1[MR];
  for (int i = 0; i < MR; i++) acc0[i] = acc1[i] = _mm512_setzero_ps();
  for (int p = 0; p < kc; p++) {
    const float *bp = b + (long)p * 8;
    __m512 b0 = ns >= 2 ? load_pair(bp, bp + sstr) : load_single(bp);
    __m512 b1 = ns >= 4 ? load_pair(bp + 2 * sstr, bp + 3 * sstr) : ns == 3 ? load_single(bp + 2 * sstr) : _mm512_setzero_ps();
    const float *ap = a + (long)p * acs;
    for (int i = 0; i < MR; i++) {
      if (i < mr) {
        __m512 av = _mm512_set1_ps(ap[(long)i * ars]);
        acc0[i] = _mm512_fmadd_ps(av, b0, acc0[i]);
        if (ns > 2) acc1[i] = _mm512_fmadd_ps(av, b1, acc1[i]);
      }
    }
  }
  for (int i = 0; i < MR; i++) {
    if (i < mr) {
      store_tile(acc0[i], c + (long)i * ldc, nr, alpha, beta, first);
      if (ns > 2) store_tile(acc1[i], c + (long)i * ldc + 16, nr - 16, alpha, beta, first);
    }
  }
}

#else /* AVX2 + FMA */

INLINE __m256i cols_mask(int cols) {
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(cols), lanes);
}

INLINE void store_tile(__m256 acc, float *c, int cols, float alpha, float beta, int first) {
  __m256 v = _mm256_mul_ps(_mm256_set1_ps(alpha), acc);
  if (cols >= 8) {
    if (first) {
      if (beta != 0.0f) v = _mm256_fmadd_ps(_mm256_set1_ps(beta), _mm256_loadu_ps(c), v);
    } else {
      v = _mm256_add_ps(_mm256_loadu_ps(c), v);
    }
    _mm256_storeu_ps(c, v);
    return;
  }
  __m256i mask = cols_mask(cols);
  if (first) {
    if (beta != 0.0f) v = _mm256_fmadd_ps(_mm256_set1_ps(beta), _mm256_maskload_ps(c, mask), v);
  } else {
    v = _mm256_add_ps(_mm256_maskload_ps(c, mask), v);
  }
  _mm256_maskstore_ps(c, mask, v);
}

INLINE void micro(int mr, int ns, int kc, const float *a, long ars, long acs, const float *b, long sstr, float *c, long ldc, int nr,
                  float alpha, float beta, int first) {
  __m256 acc[MR][NS];
  for (int i = 0; i < MR; i++)
    for (int s = 0; s < NS; s++) acc[i][s] = _mm256_setzero_ps();
  for (int p = 0; p < kc; p++) {
    const float *bp = b + (long)p * 8;
    __m256 bv[NS];
    for (int s = 0; s < NS; s++) bv[s] = s < ns ? _mm256_loadu_ps(bp + s * sstr) : _mm256_setzero_ps();
    const float *ap = a + (long)p * acs;
    for (int i = 0; i < MR; i++) {
      if (i < mr) {
        __m256 av = _mm256_set1_ps(ap[(long)i * ars]);
        for (int s = 0; s < NS; s++)
          if (s < ns) acc[i][s] = _mm256_fmadd_ps(av, bv[s], acc[i][s]);
      }
    }
  }
  for (int i = 0; i < MR; i++)
    if (i < mr)
      for (int s = 0; s < NS; s++)
        if (s < ns && nr - 8 * s > 0) store_tile(acc[i][s], c + (long)i * ldc + 8 * s, nr - 8 * s, alpha, beta, first);
}

#endif

/** One packed block (kc rows of op(B) from p0, `width` columns) into C's columns of that block. */
static void block(int transA, int m, int kc, int p0, int width, float alpha, const float *A, long lda, const float *packed, float beta,
                  float *C, long ldc, int first) {
  const long sstr = 8L * kc;
  const long ars = transA ? 1 : lda, acs = transA ? lda : 1;
  const float *a0 = A + (long)p0 * acs;
  for (int js = 0; js < width; js += NS * 8) {
    const int nr = width - js < NS * 8 ? width - js : NS * 8;
    const int ns = (nr + 7) / 8;
    const float *bs = packed + (long)(js / 8) * sstr;
    for (int ic = 0; ic < m; ic += MR) {
      const int mr = m - ic < MR ? m - ic : MR;
      const float *ai = a0 + (long)ic * ars;
      float *ci = C + (long)ic * ldc + js;
      if (mr == MR && ns == NS)
        micro(MR, NS, kc, ai, ars, acs, bs, sstr, ci, ldc, nr, alpha, beta, first);
      else
        micro(mr, ns, kc, ai, ars, acs, bs, sstr, ci, ldc, nr, alpha, beta, first);
    }
  }
}

/** op(B)'s block (rows p0.., kc of them; columns jc.., width of them) in strips of 8 at dst. */
static void pack_block(int transB, const float *B, long ldb, int p0, int kc, int jc, int width, float *dst) {
  const int strips = (width + 7) / 8;
  for (int s = 0; s < strips; s++) {
    float *d = dst + (long)s * 8 * kc;
    const int j0 = jc + s * 8;
    const int cols = width - s * 8 < 8 ? width - s * 8 : 8;
    if (!transB && cols == 8) {
      for (int p = 0; p < kc; p++) memcpy(d + p * 8, B + (long)(p0 + p) * ldb + j0, 8 * sizeof(float));
    } else if (!transB) {
      for (int p = 0; p < kc; p++) {
        const float *src = B + (long)(p0 + p) * ldb + j0;
        for (int j = 0; j < 8; j++) d[p * 8 + j] = j < cols ? src[j] : 0.0f;
      }
    } else {
      for (int j = 0; j < 8; j++) {
        if (j < cols) {
          const float *src = B + (long)(j0 + j) * ldb + p0;
          for (int p = 0; p < kc; p++) d[p * 8 + j] = src[p];
        } else {
          for (int p = 0; p < kc; p++) d[p * 8 + j] = 0.0f;
        }
      }
    }
  }
}

static void scale_only(int m, int n, float beta, float *C, long ldc) {
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++) C[(long)i * ldc + j] = beta == 0.0f ? 0.0f : beta * C[(long)i * ldc + j];
}

void FN(sh_pack_b)(int transB, const float *B, long ldb, int k, int n, float *dst) {
  for (int jc = 0; jc < n; jc += NC) {
    const int width = n - jc < NC ? n - jc : NC;
    const long w8 = (width + 7) / 8 * 8;
    for (int p0 = 0; p0 < k; p0 += KC) {
      const int kc = k - p0 < KC ? k - p0 : KC;
      pack_block(transB, B, ldb, p0, kc, jc, width, dst + (long)jc * k + p0 * w8);
    }
  }
}

void FN(sh_gemm_packed)(int transA, int m, int n, int k, float alpha, const float *A, long lda, const float *packed, float beta, float *C,
                        long ldc) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) return scale_only(m, n, beta, C, ldc);
  for (int jc = 0; jc < n; jc += NC) {
    const int width = n - jc < NC ? n - jc : NC;
    const long w8 = (width + 7) / 8 * 8;
    for (int p0 = 0; p0 < k; p0 += KC) {
      const int kc = k - p0 < KC ? k - p0 : KC;
      block(transA, m, kc, p0, width, alpha, A, lda, packed + (long)jc * k + p0 * w8, beta, C + jc, ldc, p0 == 0);
    }
  }
}

// Each thread's packing buffer (worker threads come and go with the pool): freed when its thread ends.
static _Thread_local float *pack_buffer;
static pthread_key_t pack_key;
static pthread_once_t pack_once = PTHREAD_ONCE_INIT;
static void make_pack_key(void) { pthread_key_create(&pack_key, free); }

static float *thread_pack_buffer(void) {
  if (!pack_buffer) {
    pack_buffer = aligned_alloc(64, sizeof(float) * KC * NC);
    if (pack_buffer) {
      pthread_once(&pack_once, make_pack_key);
      pthread_setspecific(pack_key, pack_buffer);
    }
  }
  return pack_buffer;
}

int FN(sh_gemm)(int transA, int transB, int m, int n, int k, float alpha, const float *A, long lda, const float *B, long ldb, float beta,
                float *C, long ldc) {
  if (m <= 0 || n <= 0) return 0;
  if (k <= 0) {
    scale_only(m, n, beta, C, ldc);
    return 0;
  }
  float *const buffer = thread_pack_buffer();
  if (!buffer) return -1;
  for (int jc = 0; jc < n; jc += NC) {
    const int width = n - jc < NC ? n - jc : NC;
    for (int p0 = 0; p0 < k; p0 += KC) {
      const int kc = k - p0 < KC ? k - p0 : KC;
      pack_block(transB, B, ldb, p0, kc, jc, width, buffer);
      block(transA, m, kc, p0, width, alpha, A, lda, buffer, beta, C + jc, ldc, p0 == 0);
    }
  }
  return 0;
}
