// The worker's code, as plain JavaScript text so that the same string starts a Node
// worker_threads Worker (eval) and a browser Worker (Blob URL) with no loader or bundler.
//
// A worker instantiates the wasm kernel module on the SHARED heap memory (its own gemm
// scratch), then loops: sleep on the control block's generation word, run its program
// (a list of kernel calls with numeric arguments, written by the caller),
// mark it finished, sleep again (see control.ts for the job states). See control.ts for the control block layout.
//
// Program encoding (Float64, in the worker's own growable SharedArrayBuffer):
//   [functionId, argCount, arg0, arg1, …] repeated callCount times.

import { Control } from './control.ts';

export const WORKER_SOURCE = `
'use strict';
const C = ${JSON.stringify(Control)};
function start(data) {
  const { memory, module, control, program, names, scratchOffset, index } = data;
  const ctrl = new Int32Array(control);
  let instance;
  try {
    instance = new WebAssembly.Instance(module, {
      env: {
        memory,
        abort(message, file, line, column) {
          throw new Error('wasm kernels: abort at line ' + line + ':' + column);
        },
      },
    });
    instance.exports.setGemmScratch(scratchOffset);
  } catch (e) {
    fail(ctrl, index, e);
    Atomics.add(ctrl, C.READY, 1);
    Atomics.notify(ctrl, C.READY);
    return;
  }
  const fns = names.map((n) => instance.exports[n]);
  const f64 = new Float64Array(program); // tracks the growable buffer's length
  // read the generation BEFORE saying ready: the caller may start a job right after
  let seen = Atomics.load(ctrl, C.GENERATION);
  Atomics.add(ctrl, C.READY, 1);
  Atomics.notify(ctrl, C.READY);
  for (;;) {
    // spin briefly (back-to-back jobs), then sleep until the generation changes
    let spins = 0;
    while (Atomics.load(ctrl, C.GENERATION) === seen && spins < C.WORKER_SPINS) spins++;
    while (Atomics.load(ctrl, C.GENERATION) === seen) Atomics.wait(ctrl, C.GENERATION, seen);
    seen = Atomics.load(ctrl, C.GENERATION);
    if (Atomics.load(ctrl, C.QUIT)) return;
    const slot = C.JOBS + index * C.JOB_WORDS;
    // the caller may have taken the job already (it runs unclaimed jobs itself)
    if (Atomics.compareExchange(ctrl, slot, C.POSTED, C.RUNNING) !== C.POSTED) continue;
    const calls = ctrl[slot + 1];
    try {
      let p = 0;
      for (let i = 0; i < calls; i++) {
        const fn = fns[f64[p]];
        const argc = f64[p + 1];
        const a = p + 2;
        switch (argc) {
          case 3: fn(f64[a], f64[a + 1], f64[a + 2]); break;
          case 4: fn(f64[a], f64[a + 1], f64[a + 2], f64[a + 3]); break;
          case 5: fn(f64[a], f64[a + 1], f64[a + 2], f64[a + 3], f64[a + 4]); break;
          case 6: fn(f64[a], f64[a + 1], f64[a + 2], f64[a + 3], f64[a + 4], f64[a + 5]); break;
          case 7: fn(f64[a], f64[a + 1], f64[a + 2], f64[a + 3], f64[a + 4], f64[a + 5], f64[a + 6]); break;
          case 10: fn(f64[a], f64[a + 1], f64[a + 2], f64[a + 3], f64[a + 4], f64[a + 5], f64[a + 6], f64[a + 7], f64[a + 8], f64[a + 9]); break;
          case 11: fn(f64[a], f64[a + 1], f64[a + 2], f64[a + 3], f64[a + 4], f64[a + 5], f64[a + 6], f64[a + 7], f64[a + 8], f64[a + 9], f64[a + 10]); break;
          case 13: fn(f64[a], f64[a + 1], f64[a + 2], f64[a + 3], f64[a + 4], f64[a + 5], f64[a + 6], f64[a + 7], f64[a + 8], f64[a + 9], f64[a + 10], f64[a + 11], f64[a + 12]); break;
          default: fn(...f64.subarray(a, a + argc));
        }
        p = a + argc;
      }
    } catch (e) {
      fail(ctrl, index, e);
    }
    Atomics.store(ctrl, slot, C.FINISHED);
    Atomics.notify(ctrl, slot);
  }
}
// An error: its text goes into this worker's message area (UTF-16 codes), the caller throws it.
function fail(ctrl, index, e) {
  const text = String(e && e.message ? e.message : e).slice(0, C.MESSAGE_WORDS - 1);
  const base = C.JOBS + index * C.JOB_WORDS;
  ctrl[base + 2] = text.length;
  for (let i = 0; i < text.length; i++) ctrl[base + 3 + i] = text.charCodeAt(i);
  Atomics.store(ctrl, C.ERRORS, 1);
}
if (typeof self !== 'undefined' && typeof self.postMessage === 'function' && typeof process === 'undefined') {
  self.onmessage = (event) => start(event.data);
} else {
  const { workerData } = process.getBuiltinModule('node:worker_threads');
  start(workerData);
}
`;
