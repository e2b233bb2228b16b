// N-API glue of the native kernel set (src/kernels/native/): each function takes the heap as
// a Float32Array over the kernel heap's memory (its base pointer is read at every call, so a
// grown memory is followed) and the same element offsets as the Kernels method of that name.
// Every region a kernel would touch is checked against the heap's length first: a bad offset
// is a RangeError in JavaScript, never a write outside the heap.
//
// The instruction set is chosen once from the CPU (AVX-512 F/DQ/VL, else AVX2 + FMA);
// `isa()` names it and `setIsa(name)` lowers it (tests run both paths on one machine).

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <node_api.h>

#include "kernels.h"

enum { ISA_NONE = 0, ISA_AVX2 = 1, ISA_AVX512 = 2 };
static int supported_isa = -1;
static int active_isa = ISA_NONE;

static int detect_isa(void) {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl")) return ISA_AVX512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return ISA_AVX2;
  return ISA_NONE;
}

static const char *isa_name(int isa) { return isa == ISA_AVX512 ? "avx512" : isa == ISA_AVX2 ? "avx2" : "none"; }

#define MAX_ARGS 20

typedef struct {
  napi_env env;
  const char *kernel;
  float *heap;
  int64_t length; /* floats */
  double args[MAX_ARGS];
  int failed;
} Call;

static int fail(Call *call, const char *message) {
  if (!call->failed) {
    char text[256];
    snprintf(text, sizeof text, "native %s: %s", call->kernel, message);
    napi_throw_range_error(call->env, NULL, text);
  }
  call->failed = 1;
  return 0;
}

/** Reads (heap, args...) of a kernel taking `count` numbers after the heap. */
static int read_call(Call *call, napi_env env, napi_callback_info info, const char *kernel, size_t count) {
  napi_value argv[MAX_ARGS + 1];
  size_t argc = MAX_ARGS + 1;
  call->env = env;
  call->kernel = kernel;
  call->failed = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return fail(call, "cannot read the arguments");
  if (argc != count + 1) return fail(call, "wrong number of arguments");
  napi_typedarray_type type;
  size_t length;
  void *data;
  if (napi_get_typedarray_info(env, argv[0], &type, &length, &data, NULL, NULL) != napi_ok || type != napi_float32_array)
    return fail(call, "the first argument must be the heap's Float32Array");
  call->heap = data;
  call->length = (int64_t)length;
  for (size_t i = 0; i < count; i++) {
    if (napi_get_value_double(env, argv[i + 1], &call->args[i]) != napi_ok) return fail(call, "arguments must be numbers");
  }
  return 1;
}

/** Argument i as a whole number in [min, 2^31). */
static int64_t whole(Call *call, int i, int64_t min, const char *what) {
  double v = call->args[i];
  if (!(v >= (double)min && v < 2147483648.0) || v != (double)(int64_t)v) {
    char text[128];
    snprintf(text, sizeof text, "%s must be a whole number >= %lld, got %g", what, (long long)min, v);
    fail(call, text);
    return min;
  }
  return (int64_t)v;
}

/**
 * Checks that a rows × cols matrix with row stride `ld` at `offset` lies inside the heap. Rows may
 * overlap (ld < cols): Conv1D reads a sequence's windows as such a matrix.
 */
static void check_matrix(Call *call, const char *what, int64_t offset, int64_t rows, int64_t cols, int64_t ld) {
  if (call->failed || rows <= 0 || cols <= 0) return;
  int64_t last = offset + (rows - 1) * ld + cols - 1;
  if (last >= call->length) {
    char text[200];
    snprintf(text, sizeof text, "%s (offset %lld, %lld x %lld, stride %lld) reaches past the heap's %lld floats", what,
             (long long)offset, (long long)rows, (long long)cols, (long long)ld, (long long)call->length);
    fail(call, text);
  }
}

static void check_span(Call *call, const char *what, int64_t offset, int64_t floats) {
  if (call->failed || floats <= 0) return;
  if (offset + floats > call->length) {
    char text[200];
    snprintf(text, sizeof text, "%s (offset %lld, %lld floats) reaches past the heap's %lld floats", what, (long long)offset,
             (long long)floats, (long long)call->length);
    fail(call, text);
  }
}

static int64_t packed_floats(int64_t n, int64_t k) { return (n + 7) / 8 * 8 * k; }

/** What every kernel returns: true, or false for "not handled here, run the wasm kernel". */
static napi_value boolean_value(napi_env env, int value) {
  napi_value v;
  napi_get_boolean(env, value, &v);
  return v;
}

// gemm(heap, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
static napi_value js_gemm(napi_env env, napi_callback_info info) {
  Call call;
  if (!read_call(&call, env, info, "gemm", 13)) return NULL;
  int transA = call.args[0] != 0, transB = call.args[1] != 0;
  int64_t m = whole(&call, 2, 0, "m"), n = whole(&call, 3, 0, "n"), k = whole(&call, 4, 0, "k");
  int64_t a = whole(&call, 6, 0, "a"), lda = whole(&call, 7, 0, "lda"), b = whole(&call, 8, 0, "b"), ldb = whole(&call, 9, 0, "ldb");
  int64_t c = whole(&call, 11, 0, "c"), ldc = whole(&call, 12, 0, "ldc");
  if (call.failed) return NULL;
  check_matrix(&call, "A", a, transA ? k : m, transA ? m : k, lda);
  check_matrix(&call, "B", b, transB ? n : k, transB ? k : n, ldb);
  check_matrix(&call, "C", c, m, n, ldc);
  if (call.failed) return NULL;
  float *h = call.heap;
  float alpha = (float)call.args[5], beta = (float)call.args[10];
  int status = active_isa == ISA_AVX512
                   ? sh_gemm_avx512(transA, transB, m, n, k, alpha, h + a, lda, h + b, ldb, beta, h + c, ldc)
                   : sh_gemm_avx2(transA, transB, m, n, k, alpha, h + a, lda, h + b, ldb, beta, h + c, ldc);
  if (status != 0) napi_throw_error(env, NULL, "native gemm: out of memory for the packing buffer");
  return boolean_value(env, 1);
}

// packB(heap, transB, b, ldb, k, n, dst)
static napi_value js_pack_b(napi_env env, napi_callback_info info) {
  Call call;
  if (!read_call(&call, env, info, "packB", 6)) return NULL;
  int transB = call.args[0] != 0;
  int64_t b = whole(&call, 1, 0, "b"), ldb = whole(&call, 2, 0, "ldb"), k = whole(&call, 3, 0, "k"), n = whole(&call, 4, 0, "n");
  int64_t dst = whole(&call, 5, 0, "dst");
  if (call.failed) return NULL;
  check_matrix(&call, "B", b, transB ? n : k, transB ? k : n, ldb);
  check_span(&call, "the packed B", dst, packed_floats(n, k));
  if (call.failed) return NULL;
  float *h = call.heap;
  if (active_isa == ISA_AVX512)
    sh_pack_b_avx512(transB, h + b, ldb, k, n, h + dst);
  else
    sh_pack_b_avx2(transB, h + b, ldb, k, n, h + dst);
  return boolean_value(env, 1);
}

// gemmPackedB(heap, transA, m, n, k, alpha, a, lda, packed, beta, c, ldc)
static napi_value js_gemm_packed_b(napi_env env, napi_callback_info info) {
  Call call;
  if (!read_call(&call, env, info, "gemmPackedB", 11)) return NULL;
  int transA = call.args[0] != 0;
  int64_t m = whole(&call, 1, 0, "m"), n = whole(&call, 2, 0, "n"), k = whole(&call, 3, 0, "k");
  int64_t a = whole(&call, 5, 0, "a"), lda = whole(&call, 6, 0, "lda"), packed = whole(&call, 7, 0, "packed");
  int64_t c = whole(&call, 9, 0, "c"), ldc = whole(&call, 10, 0, "ldc");
  if (call.failed) return NULL;
  check_matrix(&call, "A", a, transA ? k : m, transA ? m : k, lda);
  if (m > 0) check_span(&call, "the packed B", packed, packed_floats(n, k));
  check_matrix(&call, "C", c, m, n, ldc);
  if (call.failed) return NULL;
  float *h = call.heap;
  float alpha = (float)call.args[4], beta = (float)call.args[8];
  if (active_isa == ISA_AVX512)
    sh_gemm_packed_avx512(transA, m, n, k, alpha, h + a, lda, h + packed, beta, h + c, ldc);
  else
    sh_gemm_packed_avx2(transA, m, n, k, alpha, h + a, lda, h + packed, beta, h + c, ldc);
  return boolean_value(env, 1);
}

enum { ACT_SIGMOID = 2, ACT_TANH = 3 };

// lstmForward(heap, rows, units, act, recAct, z, cPrev, hPrev, cOut, hOut, mask): false unless tanh/sigmoid
static napi_value js_lstm_forward(napi_env env, napi_callback_info info) {
  Call call;
  if (!read_call(&call, env, info, "lstmForward", 10)) return NULL;
  if (call.args[2] != ACT_TANH || call.args[3] != ACT_SIGMOID) return boolean_value(env, 0);
  int64_t rows = whole(&call, 0, 0, "rows"), units = whole(&call, 1, 0, "units");
  int64_t z = whole(&call, 4, 0, "z"), cPrev = whole(&call, 5, 0, "cPrev"), hPrev = whole(&call, 6, -1, "hPrev");
  int64_t cOut = whole(&call, 7, 0, "cOut"), hOut = whole(&call, 8, 0, "hOut"), mask = whole(&call, 9, -1, "mask");
  if (call.failed) return NULL;
  check_span(&call, "z", z, rows * 4 * units);
  check_span(&call, "cPrev", cPrev, rows * units);
  check_span(&call, "cOut", cOut, rows * units);
  check_span(&call, "hOut", hOut, rows * units);
  if (mask >= 0) {
    check_span(&call, "mask", mask, rows);
    if (hPrev < 0) fail(&call, "hPrev must be given with a mask");
    check_span(&call, "hPrev", hPrev, rows * units);
  }
  if (call.failed) return NULL;
  float *h = call.heap;
  const float *m = mask >= 0 ? h + mask : NULL, *hp = hPrev >= 0 ? h + hPrev : NULL;
  if (active_isa == ISA_AVX512)
    sh_lstm_forward_avx512(rows, units, h + z, h + cPrev, hp, h + cOut, h + hOut, m);
  else
    sh_lstm_forward_avx2(rows, units, h + z, h + cPrev, hp, h + cOut, h + hOut, m);
  return boolean_value(env, 1);
}

// lstmBackward(heap, rows, units, act, recAct, gates, cPrev, c, dh, dc, dz, mask): false unless tanh/sigmoid
static napi_value js_lstm_backward(napi_env env, napi_callback_info info) {
  Call call;
  if (!read_call(&call, env, info, "lstmBackward", 11)) return NULL;
  if (call.args[2] != ACT_TANH || call.args[3] != ACT_SIGMOID) return boolean_value(env, 0);
  int64_t rows = whole(&call, 0, 0, "rows"), units = whole(&call, 1, 0, "units");
  int64_t gates = whole(&call, 4, 0, "gates"), cPrev = whole(&call, 5, 0, "cPrev"), c = whole(&call, 6, 0, "c");
  int64_t dh = whole(&call, 7, 0, "dh"), dc = whole(&call, 8, 0, "dc"), dz = whole(&call, 9, 0, "dz"), mask = whole(&call, 10, -1, "mask");
  if (call.failed) return NULL;
  check_span(&call, "gates", gates, rows * 4 * units);
  check_span(&call, "dz", dz, rows * 4 * units);
  check_span(&call, "cPrev", cPrev, rows * units);
  check_span(&call, "c", c, rows * units);
  check_span(&call, "dh", dh, rows * units);
  check_span(&call, "dc", dc, rows * units);
  if (mask >= 0) check_span(&call, "mask", mask, rows);
  if (call.failed) return NULL;
  float *h = call.heap;
  const float *m = mask >= 0 ? h + mask : NULL;
  if (active_isa == ISA_AVX512)
    sh_lstm_backward_avx512(rows, units, h + gates, h + cPrev, h + c, h + dh, h + dc, h + dz, m);
  else
    sh_lstm_backward_avx2(rows, units, h + gates, h + cPrev, h + c, h + dh, h + dc, h + dz, m);
  return boolean_value(env, 1);
}

// gruForward(heap, rows, units, act, recAct, zx, rec, recBias, hPrev, hOut, mask): false unless tanh/sigmoid
static napi_value js_gru_forward(napi_env env, napi_callback_info info) {
  Call call;
  if (!read_call(&call, env, info, "gruForward", 10)) return NULL;
  if (call.args[2] != ACT_TANH || call.args[3] != ACT_SIGMOID) return boolean_value(env, 0);
  int64_t rows = whole(&call, 0, 0, "rows"), units = whole(&call, 1, 0, "units");
  int64_t zx = whole(&call, 4, 0, "zx"), rec = whole(&call, 5, 0, "rec"), recBias = whole(&call, 6, -1, "recBias");
  int64_t hPrev = whole(&call, 7, 0, "hPrev"), hOut = whole(&call, 8, 0, "hOut"), mask = whole(&call, 9, -1, "mask");
  if (call.failed) return NULL;
  check_span(&call, "zx", zx, rows * 3 * units);
  check_span(&call, "rec", rec, rows * 3 * units);
  if (recBias >= 0) check_span(&call, "recBias", recBias, 3 * units);
  check_span(&call, "hPrev", hPrev, rows * units);
  check_span(&call, "hOut", hOut, rows * units);
  if (mask >= 0) check_span(&call, "mask", mask, rows);
  if (call.failed) return NULL;
  float *h = call.heap;
  const float *rb = recBias >= 0 ? h + recBias : NULL, *m = mask >= 0 ? h + mask : NULL;
  if (active_isa == ISA_AVX512)
    sh_gru_forward_avx512(rows, units, h + zx, h + rec, rb, h + hPrev, h + hOut, m);
  else
    sh_gru_forward_avx2(rows, units, h + zx, h + rec, rb, h + hPrev, h + hOut, m);
  return boolean_value(env, 1);
}

// simpleRnnForward(heap, rows, units, act, z, hPrev, hOut, mask): false unless tanh
static napi_value js_simple_rnn_forward(napi_env env, napi_callback_info info) {
  Call call;
  if (!read_call(&call, env, info, "simpleRnnForward", 7)) return NULL;
  if (call.args[2] != ACT_TANH) return boolean_value(env, 0);
  int64_t rows = whole(&call, 0, 0, "rows"), units = whole(&call, 1, 0, "units");
  int64_t z = whole(&call, 3, 0, "z"), hPrev = whole(&call, 4, -1, "hPrev"), hOut = whole(&call, 5, 0, "hOut");
  int64_t mask = whole(&call, 6, -1, "mask");
  if (call.failed) return NULL;
  check_span(&call, "z", z, rows * units);
  check_span(&call, "hOut", hOut, rows * units);
  if (mask >= 0) {
    check_span(&call, "mask", mask, rows);
    if (hPrev < 0) fail(&call, "hPrev must be given with a mask");
    check_span(&call, "hPrev", hPrev, rows * units);
  }
  if (call.failed) return NULL;
  float *h = call.heap;
  const float *m = mask >= 0 ? h + mask : NULL, *hp = mask >= 0 ? h + hPrev : NULL;
  if (active_isa == ISA_AVX512)
    sh_simple_forward_avx512(rows, units, h + z, hp, h + hOut, m);
  else
    sh_simple_forward_avx2(rows, units, h + z, hp, h + hOut, m);
  return boolean_value(env, 1);
}

// gruBackward(heap, rows, units, act, recAct, gates, rec, hPrev, dh, dzx, dzRec, mask): false unless tanh/sigmoid
static napi_value js_gru_backward(napi_env env, napi_callback_info info) {
  Call call;
  if (!read_call(&call, env, info, "gruBackward", 11)) return NULL;
  if (call.args[2] != ACT_TANH || call.args[3] != ACT_SIGMOID) return boolean_value(env, 0);
  int64_t rows = whole(&call, 0, 0, "rows"), units = whole(&call, 1, 0, "units");
  int64_t gates = whole(&call, 4, 0, "gates"), rec = whole(&call, 5, 0, "rec"), hPrev = whole(&call, 6, 0, "hPrev");
  int64_t dh = whole(&call, 7, 0, "dh"), dzx = whole(&call, 8, 0, "dzx"), dzRec = whole(&call, 9, 0, "dzRec");
  int64_t mask = whole(&call, 10, -1, "mask");
  if (call.failed) return NULL;
  check_span(&call, "gates", gates, rows * 3 * units);
  check_span(&call, "rec", rec, rows * 3 * units);
  check_span(&call, "hPrev", hPrev, rows * units);
  check_span(&call, "dh", dh, rows * units);
  check_span(&call, "dzx", dzx, rows * 3 * units);
  check_span(&call, "dzRec", dzRec, rows * 3 * units);
  if (mask >= 0) check_span(&call, "mask", mask, rows);
  if (call.failed) return NULL;
  float *h = call.heap;
  const float *m = mask >= 0 ? h + mask : NULL;
  if (active_isa == ISA_AVX512)
    sh_gru_backward_avx512(rows, units, h + gates, h + rec, h + hPrev, h + dh, h + dzx, h + dzRec, m);
  else
    sh_gru_backward_avx2(rows, units, h + gates, h + rec, h + hPrev, h + dh, h + dzx, h + dzRec, m);
  return boolean_value(env, 1);
}

// simpleRnnBackward(heap, rows, units, act, a, dh, dz, mask): false unless tanh
static napi_value js_simple_rnn_backward(napi_env env, napi_callback_info info) {
  Call call;
  if (!read_call(&call, env, info, "simpleRnnBackward", 7)) return NULL;
  if (call.args[2] != ACT_TANH) return boolean_value(env, 0);
  int64_t rows = whole(&call, 0, 0, "rows"), units = whole(&call, 1, 0, "units");
  int64_t a = whole(&call, 3, 0, "a"), dh = whole(&call, 4, 0, "dh"), dz = whole(&call, 5, 0, "dz"), mask = whole(&call, 6, -1, "mask");
  if (call.failed) return NULL;
  check_span(&call, "a", a, rows * units);
  check_span(&call, "dh", dh, rows * units);
  check_span(&call, "dz", dz, rows * units);
  if (mask >= 0) check_span(&call, "mask", mask, rows);
  if (call.failed) return NULL;
  float *h = call.heap;
  const float *m = mask >= 0 ? h + mask : NULL;
  if (active_isa == ISA_AVX512)
    sh_simple_backward_avx512(rows, units, h + a, h + dh, h + dz, m);
  else
    sh_simple_backward_avx2(rows, units, h + a, h + dh, h + dz, m);
  return boolean_value(env, 1);
}

// simpleRnnSequence / lstmSequence / gruSequence(heap, rows, units, act, recAct, steps, reverse, ids, x,
// strideRow, strideStep, inputDim, packedW, bias, packedU, recBias, h, c, mask, out, scratch)
// (src/kernels/sequence.ts): false unless Keras' default activations (tanh; sigmoid gates).
// Every id is checked to lie in the projected table: the loop reads its row unchecked.
static napi_value sequence(napi_env env, napi_callback_info info, int cell, const char *kernel) {
  Call call;
  if (!read_call(&call, env, info, kernel, 20)) return NULL;
  if (call.args[2] != ACT_TANH || (cell != SH_SIMPLE && call.args[3] != ACT_SIGMOID)) return boolean_value(env, 0);
  int64_t rows = whole(&call, 0, 0, "rows"), units = whole(&call, 1, 1, "units"), steps = whole(&call, 4, 0, "steps");
  int64_t ids = whole(&call, 6, -1, "ids"), x = whole(&call, 7, 0, "x"), strideRow = whole(&call, 8, 0, "strideRow");
  int64_t strideStep = whole(&call, 9, 0, "strideStep"), inputDim = whole(&call, 10, 1, "inputDim");
  int64_t packedW = whole(&call, 11, -1, "packedW"), bias = whole(&call, 12, -1, "bias"), packedU = whole(&call, 13, 0, "packedU");
  int64_t recBias = whole(&call, 14, -1, "recBias"), h = whole(&call, 15, 0, "h"), c = whole(&call, 16, -1, "c");
  int64_t mask = whole(&call, 17, -1, "mask"), out = whole(&call, 18, -1, "out"), scratch = whole(&call, 19, 0, "scratch");
  if (call.failed) return NULL;
  if (rows == 0 || steps == 0) return boolean_value(env, 1);
  const int64_t gu = (cell == SH_LSTM ? 4 : cell == SH_GRU ? 3 : 1) * units;
  const int64_t lastInput = (rows - 1) * strideRow + (steps - 1) * strideStep; // the last row's last step, from x or ids
  float *heap = call.heap;
  if (ids >= 0) {
    check_span(&call, "ids", ids, lastInput + 1);
    check_span(&call, "the projected table", x, inputDim * gu);
    if (call.failed) return NULL;
    const int32_t *id = (const int32_t *)(heap + ids);
    for (int64_t r = 0; r < rows; r++)
      for (int64_t t = 0; t < steps; t++) {
        const int32_t v = id[r * strideRow + t * strideStep];
        if (v < 0 || v >= inputDim) {
          char text[160];
          snprintf(text, sizeof text, "id %d of row %lld, step %lld is outside [0, %lld)", v, (long long)r, (long long)t, (long long)inputDim);
          fail(&call, text);
          return NULL;
        }
      }
  } else {
    check_span(&call, "x", x, lastInput + inputDim);
    if (packedW < 0) fail(&call, "packedW must be given with float inputs");
    check_span(&call, "the packed W", packedW, packed_floats(gu, inputDim));
    if (bias >= 0) check_span(&call, "bias", bias, gu);
  }
  check_span(&call, "the packed U", packedU, packed_floats(gu, units));
  if (cell == SH_GRU && recBias >= 0) check_span(&call, "recBias", recBias, gu);
  check_span(&call, "h", h, rows * units);
  if (cell == SH_LSTM) {
    if (c < 0) fail(&call, "c must be given");
    check_span(&call, "c", c, rows * units);
  }
  if (mask >= 0) check_span(&call, "mask", mask, rows * steps);
  if (out >= 0) check_span(&call, "out", out, rows * steps * units);
  check_span(&call, "scratch", scratch, rows * (2 * gu + 1));
  if (call.failed) return NULL;
#define P(offset) ((offset) >= 0 ? heap + (offset) : NULL)
  const int *idp = ids >= 0 ? (const int *)(heap + ids) : NULL;
  const float *w = ids >= 0 ? NULL : P(packedW), *b = ids >= 0 ? NULL : P(bias), *rb = cell == SH_GRU ? P(recBias) : NULL;
  float *cp = cell == SH_LSTM ? heap + c : NULL;
  if (active_isa == ISA_AVX512)
    sh_sequence_avx512(cell, rows, units, steps, call.args[5] != 0, idp, heap + x, strideRow, strideStep, inputDim, w, b, heap + packedU, rb,
                       heap + h, cp, P(mask), P(out), heap + scratch);
  else
    sh_sequence_avx2(cell, rows, units, steps, call.args[5] != 0, idp, heap + x, strideRow, strideStep, inputDim, w, b, heap + packedU, rb,
                     heap + h, cp, P(mask), P(out), heap + scratch);
#undef P
  return boolean_value(env, 1);
}

static napi_value js_simple_rnn_sequence(napi_env env, napi_callback_info info) { return sequence(env, info, SH_SIMPLE, "simpleRnnSequence"); }
static napi_value js_lstm_sequence(napi_env env, napi_callback_info info) { return sequence(env, info, SH_LSTM, "lstmSequence"); }
static napi_value js_gru_sequence(napi_env env, napi_callback_info info) { return sequence(env, info, SH_GRU, "gruSequence"); }

// scatterAddPart(heap, dOut, ids, n, cols, dTable, parts, part): dTable[ids[i]] += dOut[i] for the i
// whose id % parts = part, each row summed in order (as the wasm kernel, so any split gives the same
// bits); scatterAdd is the one part of one. Every id must be ≥ 0 and its row inside the heap.
static napi_value scatter_add(napi_env env, napi_callback_info info, int whole_table) {
  Call call;
  if (!read_call(&call, env, info, whole_table ? "scatterAdd" : "scatterAddPart", whole_table ? 5 : 7)) return NULL;
  int64_t dOut = whole(&call, 0, 0, "dOut"), ids = whole(&call, 1, 0, "ids"), n = whole(&call, 2, 0, "n");
  int64_t cols = whole(&call, 3, 0, "cols"), dTable = whole(&call, 4, 0, "dTable");
  int64_t parts = whole_table ? 1 : whole(&call, 5, 1, "parts"), part = whole_table ? 0 : whole(&call, 6, 0, "part");
  if (call.failed) return NULL;
  if (n == 0 || cols == 0) return boolean_value(env, 1);
  check_span(&call, "ids", ids, n);
  check_span(&call, "dOut", dOut, n * cols);
  if (call.failed) return NULL;
  float *heap = call.heap;
  const int32_t *id = (const int32_t *)(heap + ids);
  const int64_t rows = (call.length - dTable) / cols; // rows of dTable inside the heap
  for (int64_t i = 0; i < n; i++) {
    if (id[i] < 0 || id[i] >= rows) {
      char text[160];
      snprintf(text, sizeof text, "id %d at %lld puts its row outside the heap", id[i], (long long)i);
      fail(&call, text);
      return NULL;
    }
  }
  for (int64_t i = 0; i < n; i++) {
    if (id[i] % parts != part) continue;
    float *row = heap + dTable + (int64_t)id[i] * cols;
    const float *src = heap + dOut + i * cols;
    for (int64_t j = 0; j < cols; j++) row[j] = row[j] + src[j];
  }
  return boolean_value(env, 1);
}

static napi_value js_scatter_add(napi_env env, napi_callback_info info) { return scatter_add(env, info, 1); }
static napi_value js_scatter_add_part(napi_env env, napi_callback_info info) { return scatter_add(env, info, 0); }

// The training loops (src/kernels/train-loop.ts, native/train.c): false unless Keras' default
// activations (tanh; sigmoid gates). Row pointers are at the range's first row of step 0;
// every region the block of steps [t0, t1) touches is checked, and every id of a fused input.

/** The common head of a training loop's arguments: rows, units, act, recAct, batch, t0, t1. */
typedef struct {
  int64_t rows, units, batch, t0, t1, gu, zs, hs;
} Loop;

static int read_loop(Call *call, int cell, Loop *loop) {
  loop->rows = whole(call, 0, 0, "rows");
  loop->units = whole(call, 1, 1, "units");
  loop->batch = whole(call, 4, 0, "batch");
  loop->t0 = whole(call, 5, 0, "t0");
  loop->t1 = whole(call, 6, 0, "t1");
  if (call->failed) return 0;
  if (loop->rows > loop->batch) return fail(call, "rows must be at most batch");
  if (loop->t1 < loop->t0) return fail(call, "t1 must be at least t0");
  loop->gu = (cell == SH_LSTM ? 4 : cell == SH_GRU ? 3 : 1) * loop->units;
  loop->zs = loop->batch * loop->gu;
  loop->hs = loop->batch * loop->units;
  return 1;
}

/** Checks a [T, B, width] time-major buffer's rows of steps up to `last` (inclusive), from the range's first row. */
static void check_steps(Call *call, const char *what, int64_t offset, const Loop *loop, int64_t last, int64_t width) {
  check_span(call, what, offset, last * loop->batch * width + loop->rows * width);
}

static int default_cell(const Call *call, int cell) { return call->args[2] == ACT_TANH && (cell == SH_SIMPLE || call->args[3] == ACT_SIGMOID); }

#define P(offset) ((offset) >= 0 ? heap + (offset) : NULL)

// (heap, rows, units, act, recAct, batch, t0, t1, ids, table, vocab, z, h, c, rec, recBias, packedU, mask, zeroStart)
static napi_value train_forward(napi_env env, napi_callback_info info, int cell, const char *kernel) {
  Call call;
  Loop L;
  if (!read_call(&call, env, info, kernel, 18)) return NULL;
  if (!default_cell(&call, cell)) return boolean_value(env, 0);
  if (!read_loop(&call, cell, &L)) return NULL;
  int64_t ids = whole(&call, 7, -1, "ids"), table = whole(&call, 8, -1, "table"), vocab = whole(&call, 9, 0, "vocab");
  int64_t z = whole(&call, 10, 0, "z"), h = whole(&call, 11, 0, "h"), c = whole(&call, 12, -1, "c"), rec = whole(&call, 13, -1, "rec");
  int64_t recBias = whole(&call, 14, -1, "recBias"), packedU = whole(&call, 15, 0, "packedU"), mask = whole(&call, 16, -1, "mask");
  int zeroStart = call.args[17] != 0;
  if (call.failed) return NULL;
  if (L.rows == 0 || L.t0 == L.t1) return boolean_value(env, 1);
  const int64_t last = L.t1 - 1;
  float *heap = call.heap;
  if (ids >= 0) {
    check_steps(&call, "ids", ids, &L, last, 1);
    if (table < 0) fail(&call, "table must be given with ids");
    check_span(&call, "the projected table", table, vocab * L.gu);
    if (call.failed) return NULL;
    const int32_t *id = (const int32_t *)(heap + ids);
    for (int64_t t = L.t0; t < L.t1; t++)
      for (int64_t r = 0; r < L.rows; r++) {
        const int32_t v = id[t * L.batch + r];
        if (v < 0 || v >= vocab) {
          char text[160];
          snprintf(text, sizeof text, "id %d of row %lld, step %lld is outside [0, %lld)", v, (long long)r, (long long)t, (long long)vocab);
          fail(&call, text);
          return NULL;
        }
      }
  }
  check_steps(&call, "z", z, &L, last, L.gu);
  check_steps(&call, "h", h, &L, L.t1, L.units);
  if (cell == SH_LSTM) {
    if (c < 0) fail(&call, "c must be given");
    check_steps(&call, "c", c, &L, L.t1, L.units);
  }
  if (cell == SH_GRU) {
    if (rec < 0) fail(&call, "rec must be given");
    check_steps(&call, "rec", rec, &L, last, L.gu);
    if (recBias >= 0) check_span(&call, "recBias", recBias, L.gu);
  }
  check_span(&call, "the packed U", packedU, packed_floats(L.gu, L.units));
  if (mask >= 0) check_steps(&call, "mask", mask, &L, last, 1);
  if (call.failed) return NULL;
  const int *idp = ids >= 0 ? (const int *)(heap + ids) : NULL;
  float *cp = cell == SH_LSTM ? heap + c : NULL, *rp = cell == SH_GRU ? heap + rec : NULL;
  const float *rb = cell == SH_GRU ? P(recBias) : NULL, *tp = ids >= 0 ? heap + table : NULL;
  if (active_isa == ISA_AVX512)
    sh_train_forward_avx512(cell, L.rows, L.units, L.batch, L.t0, L.t1, idp, tp, heap + z, heap + h, cp, rp, rb, heap + packedU, P(mask),
                            zeroStart);
  else
    sh_train_forward_avx2(cell, L.rows, L.units, L.batch, L.t0, L.t1, idp, tp, heap + z, heap + h, cp, rp, rb, heap + packedU, P(mask),
                          zeroStart);
  return boolean_value(env, 1);
}

// (heap, rows, units, act, recAct, batch, t0, t1, z, h, c, rec, dOut, dh, dc, dz, dzRec, packedUT, mask, initialGradUnused)
static napi_value train_backward(napi_env env, napi_callback_info info, int cell, const char *kernel) {
  Call call;
  Loop L;
  if (!read_call(&call, env, info, kernel, 19)) return NULL;
  if (!default_cell(&call, cell)) return boolean_value(env, 0);
  if (!read_loop(&call, cell, &L)) return NULL;
  int64_t z = whole(&call, 7, 0, "z"), h = whole(&call, 8, -1, "h"), c = whole(&call, 9, -1, "c"), rec = whole(&call, 10, -1, "rec");
  int64_t dOut = whole(&call, 11, -1, "dOut"), dh = whole(&call, 12, 0, "dh"), dc = whole(&call, 13, -1, "dc");
  int64_t dz = whole(&call, 14, 0, "dz"), dzRec = whole(&call, 15, -1, "dzRec"), packedUT = whole(&call, 16, 0, "packedUT");
  int64_t mask = whole(&call, 17, -1, "mask");
  int initialGradUnused = call.args[18] != 0;
  if (call.failed) return NULL;
  if (L.rows == 0 || L.t0 == L.t1) return boolean_value(env, 1);
  const int64_t last = L.t1 - 1;
  check_steps(&call, "z", z, &L, last, L.gu);
  if (dOut >= 0) check_steps(&call, "dOut", dOut, &L, last, L.units);
  check_span(&call, "dh", dh, L.rows * L.units);
  check_steps(&call, "dz", dz, &L, last - L.t0, L.gu);
  if (cell == SH_LSTM) {
    if (c < 0 || dc < 0) fail(&call, "c and dc must be given");
    check_steps(&call, "c", c, &L, L.t1, L.units);
    check_span(&call, "dc", dc, L.rows * L.units);
  }
  if (cell == SH_GRU) {
    if (h < 0 || rec < 0 || dzRec < 0) fail(&call, "h, rec and dzRec must be given");
    check_steps(&call, "h", h, &L, last, L.units);
    check_steps(&call, "rec", rec, &L, last, L.gu);
    check_steps(&call, "dzRec", dzRec, &L, last - L.t0, L.gu);
  }
  check_span(&call, "the packed U transposed", packedUT, packed_floats(L.units, L.gu));
  if (mask >= 0) check_steps(&call, "mask", mask, &L, last, 1);
  if (call.failed) return NULL;
  float *heap = call.heap;
  const float *hp = cell == SH_GRU ? heap + h : NULL, *cp = cell == SH_LSTM ? heap + c : NULL, *rp = cell == SH_GRU ? heap + rec : NULL;
  float *dcp = cell == SH_LSTM ? heap + dc : NULL, *dzr = cell == SH_GRU ? heap + dzRec : NULL;
  if (active_isa == ISA_AVX512)
    sh_train_backward_avx512(cell, L.rows, L.units, L.batch, L.t0, L.t1, heap + z, hp, cp, rp, P(dOut), heap + dh, dcp, heap + dz, dzr,
                             heap + packedUT, P(mask), initialGradUnused);
  else
    sh_train_backward_avx2(cell, L.rows, L.units, L.batch, L.t0, L.t1, heap + z, hp, cp, rp, P(dOut), heap + dh, dcp, heap + dz, dzr,
                           heap + packedUT, P(mask), initialGradUnused);
  return boolean_value(env, 1);
}
#undef P

static napi_value js_lstm_train_forward(napi_env env, napi_callback_info info) { return train_forward(env, info, SH_LSTM, "lstmTrainForward"); }
static napi_value js_gru_train_forward(napi_env env, napi_callback_info info) { return train_forward(env, info, SH_GRU, "gruTrainForward"); }
static napi_value js_simple_rnn_train_forward(napi_env env, napi_callback_info info) {
  return train_forward(env, info, SH_SIMPLE, "simpleRnnTrainForward");
}
static napi_value js_lstm_train_backward(napi_env env, napi_callback_info info) { return train_backward(env, info, SH_LSTM, "lstmTrainBackward"); }
static napi_value js_gru_train_backward(napi_env env, napi_callback_info info) { return train_backward(env, info, SH_GRU, "gruTrainBackward"); }
static napi_value js_simple_rnn_train_backward(napi_env env, napi_callback_info info) {
  return train_backward(env, info, SH_SIMPLE, "simpleRnnTrainBackward");
}

static napi_value js_isa(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value v;
  napi_create_string_utf8(env, isa_name(active_isa), NAPI_AUTO_LENGTH, &v);
  return v;
}

// setIsa(name): 'avx512' | 'avx2' | 'auto' (the best the CPU has); throws for one it lacks
static napi_value js_set_isa(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  size_t argc = 1;
  char name[16] = {0};
  size_t len = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "native setIsa: expected 'avx512', 'avx2' or 'auto'");
    return NULL;
  }
  int want = strcmp(name, "avx512") == 0 ? ISA_AVX512 : strcmp(name, "avx2") == 0 ? ISA_AVX2 : strcmp(name, "auto") == 0 ? supported_isa : -1;
  if (want < 0) {
    napi_throw_type_error(env, NULL, "native setIsa: expected 'avx512', 'avx2' or 'auto'");
    return NULL;
  }
  if (want > supported_isa || want == ISA_NONE) {
    napi_throw_error(env, NULL, "native setIsa: this CPU does not support that instruction set");
    return NULL;
  }
  active_isa = want;
  return js_isa(env, info);
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  if (supported_isa < 0) {
    supported_isa = detect_isa();
    active_isa = supported_isa;
  }
  napi_property_descriptor props[] = {
      {"isa", NULL, js_isa, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setIsa", NULL, js_set_isa, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gemm", NULL, js_gemm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"packB", NULL, js_pack_b, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gemmPackedB", NULL, js_gemm_packed_b, NULL, NULL, NULL, napi_enumerable, NULL},
      {"lstmForward", NULL, js_lstm_forward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"lstmBackward", NULL, js_lstm_backward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gruForward", NULL, js_gru_forward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"simpleRnnForward", NULL, js_simple_rnn_forward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gruBackward", NULL, js_gru_backward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"simpleRnnBackward", NULL, js_simple_rnn_backward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"simpleRnnSequence", NULL, js_simple_rnn_sequence, NULL, NULL, NULL, napi_enumerable, NULL},
      {"lstmSequence", NULL, js_lstm_sequence, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gruSequence", NULL, js_gru_sequence, NULL, NULL, NULL, napi_enumerable, NULL},
      {"scatterAdd", NULL, js_scatter_add, NULL, NULL, NULL, napi_enumerable, NULL},
      {"scatterAddPart", NULL, js_scatter_add_part, NULL, NULL, NULL, napi_enumerable, NULL},
      {"lstmTrainForward", NULL, js_lstm_train_forward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gruTrainForward", NULL, js_gru_train_forward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"simpleRnnTrainForward", NULL, js_simple_rnn_train_forward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"lstmTrainBackward", NULL, js_lstm_train_backward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gruTrainBackward", NULL, js_gru_train_backward, NULL, NULL, NULL, napi_enumerable, NULL},
      {"simpleRnnTrainBackward", NULL, js_simple_rnn_train_backward, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}
