// LSTM gate kernels for the native set, for Keras' default cell (tanh candidate/output,
// sigmoid gates; any mask), compiled once per instruction set like gemm.c. The math is the
// WebAssembly kernels' (assembly/recurrent.ts, assembly/core/simd-math.ts: Cephes exp, Eigen's
// rational tanh, derivatives from the saved outputs, gradients under 1e-30 flushed to 0) on
// 16 (AVX-512) or 8 (AVX2) lanes; a row's tail runs the same code under a lane mask. Other
// activations return 0 and the caller runs the wasm kernel.

#include <immintrin.h>

#include "kernels.h"

#define INLINE static inline __attribute__((always_inline))

#if defined(SH_AVX512)
#define LANES 16
typedef __m512 V;
#define vset(x) _mm512_set1_ps(x)
#define vadd _mm512_add_ps
#define vsub _mm512_sub_ps
#define vmul _mm512_mul_ps
#define vdiv _mm512_div_ps
#define vfma _mm512_fmadd_ps
#define vmax _mm512_max_ps
#define vmin _mm512_min_ps
INLINE V vload(const float *p, int n) { return n >= LANES ? _mm512_loadu_ps(p) : _mm512_maskz_loadu_ps((__mmask16)((1u << n) - 1u), p); }
INLINE void vstore(float *p, V v, int n) {
  if (n >= LANES)
    _mm512_storeu_ps(p, v);
  else
    _mm512_mask_storeu_ps(p, (__mmask16)((1u << n) - 1u), v);
}
INLINE V pow2_from_magic(V t) {
  return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(_mm512_castps_si512(t), _mm512_set1_epi32(127 - 0x4B400000)), 23));
}
/** v, with |v| < 1e-30 made 0 (NaN kept). */
INLINE V flush(V v) { return _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(_mm512_abs_ps(v), vset(1e-30f), _CMP_NLT_UQ), v); }
#elif defined(SH_AVX2)
#define LANES 8
typedef __m256 V;
#define vset(x) _mm256_set1_ps(x)
#define vadd _mm256_add_ps
#define vsub _mm256_sub_ps
#define vmul _mm256_mul_ps
#define vdiv _mm256_div_ps
#define vfma _mm256_fmadd_ps
#define vmax _mm256_max_ps
#define vmin _mm256_min_ps
INLINE __m256i lane_mask(int n) { return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)); }
INLINE V vload(const float *p, int n) { return n >= LANES ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, lane_mask(n)); }
INLINE void vstore(float *p, V v, int n) {
  if (n >= LANES)
    _mm256_storeu_ps(p, v);
  else
    _mm256_maskstore_ps(p, lane_mask(n), v);
}
INLINE V pow2_from_magic(V t) {
  return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(_mm256_castps_si256(t), _mm256_set1_epi32(127 - 0x4B400000)), 23));
}
INLINE V flush(V v) {
  V abs = _mm256_andnot_ps(vset(-0.0f), v);
  return _mm256_and_ps(v, _mm256_cmp_ps(abs, vset(1e-30f), _CMP_NLT_UQ));
}
#else
#error "build with -DSH_AVX512 or -DSH_AVX2"
#endif

/** e^x on x clamped to [-87.34, 88] (NaN kept: the constant is the first operand of max/min). */
INLINE V vexp(V x) {
  x = vmin(vset(88.0f), vmax(vset(-87.33654f), x));
  const V magic = vset(12582912.0f);
  const V t = vfma(x, vset(1.44269504088896341f), magic);
  const V fx = vsub(t, magic);
  x = vsub(x, vmul(fx, vset(0.693359375f)));
  x = vsub(x, vmul(fx, vset(-2.12194440e-4f)));
  const V z = vmul(x, x);
  V y = vset(1.9875691500e-4f);
  y = vfma(y, x, vset(1.3981999507e-3f));
  y = vfma(y, x, vset(8.3334519073e-3f));
  y = vfma(y, x, vset(4.1665795894e-2f));
  y = vfma(y, x, vset(1.6666665459e-1f));
  y = vfma(y, x, vset(5.0000001201e-1f));
  y = vadd(vfma(y, z, x), vset(1.0f));
  return vmul(y, pow2_from_magic(t));
}

INLINE V vsigmoid(V x) { return vdiv(vset(1.0f), vadd(vset(1.0f), vexp(vsub(vset(0.0f), x)))); }

INLINE V vtanh(V x) {
  x = vmin(vset(7.90531110763549805f), vmax(vset(-7.90531110763549805f), x));
  const V x2 = vmul(x, x);
  V p = vset(-2.76076847742355e-16f);
  p = vfma(p, x2, vset(2.00018790482477e-13f));
  p = vfma(p, x2, vset(-8.60467152213735e-11f));
  p = vfma(p, x2, vset(5.12229709037114e-08f));
  p = vfma(p, x2, vset(1.48572235717979e-05f));
  p = vfma(p, x2, vset(6.37261928875436e-04f));
  p = vfma(p, x2, vset(4.89352455891786e-03f));
  p = vmul(p, x);
  V q = vset(1.19825839466702e-06f);
  q = vfma(q, x2, vset(1.18534705686654e-04f));
  q = vfma(q, x2, vset(2.26843463243900e-03f));
  q = vfma(q, x2, vset(4.89352518554385e-03f));
  return vdiv(p, q);
}

/** Derivatives from the outputs: σ' = y(1 − y), tanh' = 1 − y². */
INLINE V dsigmoid(V y) { return vmul(y, vsub(vset(1.0f), y)); }
INLINE V dtanh(V y) { return vsub(vset(1.0f), vmul(y, y)); }

void FN(sh_lstm_forward)(int rows, int units, float *z, const float *cPrev, const float *hPrev, float *cOut, float *hOut, const float *mask) {
  for (int r = 0; r < rows; r++) {
    float *g = z + (long)r * 4 * units;
    const long s = (long)r * units;
    const int on = !mask || mask[r] != 0.0f;
    for (int j = 0; j < units; j += LANES) {
      const int n = units - j;
      const V i = vsigmoid(vload(g + j, n));
      const V f = vsigmoid(vload(g + units + j, n));
      const V cc = vtanh(vload(g + 2 * units + j, n));
      const V o = vsigmoid(vload(g + 3 * units + j, n));
      vstore(g + j, i, n);
      vstore(g + units + j, f, n);
      vstore(g + 2 * units + j, cc, n);
      vstore(g + 3 * units + j, o, n);
      if (on) {
        const V c = vadd(vmul(f, vload(cPrev + s + j, n)), vmul(i, cc));
        vstore(cOut + s + j, c, n);
        vstore(hOut + s + j, vmul(o, vtanh(c)), n);
      } else {
        vstore(cOut + s + j, vload(cPrev + s + j, n), n);
        vstore(hOut + s + j, vload(hPrev + s + j, n), n);
      }
    }
  }
}

void FN(sh_lstm_backward)(int rows, int units, const float *gates, const float *cPrev, const float *c, float *dh, float *dc, float *dz,
                          const float *mask) {
  const V zero = vset(0.0f);
  for (int r = 0; r < rows; r++) {
    const float *g = gates + (long)r * 4 * units;
    float *d = dz + (long)r * 4 * units;
    const long s = (long)r * units;
    const int on = !mask || mask[r] != 0.0f;
    for (int j = 0; j < units; j += LANES) {
      const int n = units - j;
      if (!on) {
        for (int q = 0; q < 4; q++) vstore(d + q * units + j, zero, n);
        continue; // dh and dc pass to the previous step unchanged
      }
      const V i = vload(g + j, n);
      const V f = vload(g + units + j, n);
      const V cc = vload(g + 2 * units + j, n);
      const V o = vload(g + 3 * units + j, n);
      const V tc = vtanh(vload(c + s + j, n));
      const V dhv = vload(dh + s + j, n);
      const V dct = vadd(vload(dc + s + j, n), vmul(vmul(dhv, o), dtanh(tc)));
      vstore(d + j, flush(vmul(vmul(dct, cc), dsigmoid(i))), n);
      vstore(d + units + j, flush(vmul(vmul(dct, vload(cPrev + s + j, n)), dsigmoid(f))), n);
      vstore(d + 2 * units + j, flush(vmul(vmul(dct, i), dtanh(cc))), n);
      vstore(d + 3 * units + j, flush(vmul(vmul(dhv, tc), dsigmoid(o))), n);
      vstore(dc + s + j, flush(vmul(dct, f)), n);
      vstore(dh + s + j, zero, n);
    }
  }
}

/** GRU forward, reset after the matmul (assembly/recurrent.ts gruForward): zx holds x·W + b, rec h·U (+ recBias here). */
void FN(sh_gru_forward)(int rows, int units, float *zx, float *rec, const float *recBias, const float *hPrev, float *hOut, const float *mask) {
  const V one = vset(1.0f);
  for (int r = 0; r < rows; r++) {
    float *x = zx + (long)r * 3 * units;
    float *m = rec + (long)r * 3 * units;
    const long s = (long)r * units;
    const int on = !mask || mask[r] != 0.0f;
    for (int j = 0; j < units; j += LANES) {
      const int n = units - j;
      V mz = vload(m + j, n), mr = vload(m + units + j, n), mh = vload(m + 2 * units + j, n);
      if (recBias) {
        mz = vadd(mz, vload(recBias + j, n));
        mr = vadd(mr, vload(recBias + units + j, n));
        mh = vadd(mh, vload(recBias + 2 * units + j, n));
        vstore(m + 2 * units + j, mh, n);
      }
      const V z = vsigmoid(vadd(vload(x + j, n), mz));
      const V rr = vsigmoid(vadd(vload(x + units + j, n), mr));
      const V hh = vtanh(vadd(vload(x + 2 * units + j, n), vmul(rr, mh)));
      vstore(x + j, z, n);
      vstore(x + units + j, rr, n);
      vstore(x + 2 * units + j, hh, n);
      const V hp = vload(hPrev + s + j, n);
      vstore(hOut + s + j, on ? vadd(vmul(z, hp), vmul(vsub(one, z), hh)) : hp, n);
    }
  }
}

/** SimpleRNN forward with tanh (assembly/recurrent.ts simpleRnnForward): z = tanh(z) in place, h = z (or hPrev where masked). */
void FN(sh_simple_forward)(int rows, int units, float *z, const float *hPrev, float *hOut, const float *mask) {
  for (int r = 0; r < rows; r++) {
    const long o = (long)r * units;
    const int on = !mask || mask[r] != 0.0f;
    for (int j = 0; j < units; j += LANES) {
      const int n = units - j;
      const V a = vtanh(vload(z + o + j, n));
      vstore(z + o + j, a, n);
      vstore(hOut + o + j, on ? a : vload(hPrev + o + j, n), n);
    }
  }
}

/** GRU backward from the saved gates [z, r, ĥ] and rec's ĥ block (assembly/recurrent.ts gruBackward); dh ← (m·z + 1 − m)·dh. */
void FN(sh_gru_backward)(int rows, int units, const float *gates, const float *rec, const float *hPrev, float *dh, float *dzx, float *dzRec,
                         const float *mask) {
  const V zero = vset(0.0f), one = vset(1.0f);
  for (int r = 0; r < rows; r++) {
    const float *g = gates + (long)r * 3 * units;
    const float *m = rec + (long)r * 3 * units;
    float *dx = dzx + (long)r * 3 * units;
    float *dr = dzRec + (long)r * 3 * units;
    const long s = (long)r * units;
    const int on = !mask || mask[r] != 0.0f;
    for (int j = 0; j < units; j += LANES) {
      const int n = units - j;
      if (!on) {
        for (int q = 0; q < 3; q++) {
          vstore(dx + q * units + j, zero, n);
          vstore(dr + q * units + j, zero, n);
        }
        continue; // dh passes to the previous step unchanged
      }
      const V z = vload(g + j, n), rr = vload(g + units + j, n), hh = vload(g + 2 * units + j, n);
      const V dhv = vload(dh + s + j, n);
      const V dhh = vmul(vmul(dhv, vsub(one, z)), dtanh(hh));
      const V dzp = vmul(vmul(dhv, vsub(vload(hPrev + s + j, n), hh)), dsigmoid(z));
      const V drp = vmul(vmul(dhh, vload(m + 2 * units + j, n)), dsigmoid(rr));
      vstore(dx + j, flush(dzp), n);
      vstore(dx + units + j, flush(drp), n);
      vstore(dx + 2 * units + j, flush(dhh), n);
      vstore(dr + j, flush(dzp), n);
      vstore(dr + units + j, flush(drp), n);
      vstore(dr + 2 * units + j, flush(vmul(dhh, rr)), n);
      vstore(dh + s + j, flush(vmul(dhv, z)), n);
    }
  }
}

/** SimpleRNN backward with tanh (assembly/recurrent.ts simpleRnnBackward): dz = m·dh·tanh'(a), dh ← (1−m)·dh. */
void FN(sh_simple_backward)(int rows, int units, const float *a, float *dh, float *dz, const float *mask) {
  const V zero = vset(0.0f);
  for (int r = 0; r < rows; r++) {
    const long o = (long)r * units;
    const int on = !mask || mask[r] != 0.0f;
    for (int j = 0; j < units; j += LANES) {
      const int n = units - j;
      const V g = vload(dh + o + j, n);
      vstore(dz + o + j, on ? flush(vmul(g, dtanh(vload(a + o + j, n)))) : zero, n);
      vstore(dh + o + j, on ? zero : flush(g), n);
    }
  }
}
