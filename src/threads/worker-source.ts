// The worker's code, as plain JavaScript text so that the same string starts a Node
// worker_threads Worker (eval) and a browser Worker (Blob URL) with no loader or bundler.
//
// A worker instantiates the wasm kernel module on the SHARED heap memory (its own gemm
// scratch), then loops: sleep on the control block's generation word, claim jobs of the new
// run until none is left (each a list of kernel calls with numeric arguments), sleep again.
// See control.ts for the protocol.
//
// Program encoding (float64 words in a growable SharedArrayBuffer shared by all threads):
//   [functionId, argCount, arg0, arg1, …] per call; the job table says where a job starts.

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
  // read the generation BEFORE saying ready: the caller may start a run right after
  let seen = Atomics.load(ctrl, C.GENERATION);
  Atomics.add(ctrl, C.READY, 1);
  Atomics.notify(ctrl, C.READY);
  for (;;) {
    // poll a while (the runs of a step come close together), then sleep until notified: by a
    // new run, or by wake() (a step is starting), after which it polls again
    const until = performance.now() + C.WORKER_SPIN_US / 1000;
    let spins = 0;
    while (Atomics.load(ctrl, C.GENERATION) === seen && ((++spins & 1023) !== 0 || performance.now() < until));
    if (Atomics.load(ctrl, C.GENERATION) === seen) {
      Atomics.wait(ctrl, C.GENERATION, seen);
      continue;
    }
    seen = Atomics.load(ctrl, C.GENERATION);
    if (Atomics.load(ctrl, C.QUIT)) return;
    const tag = seen & 0x7fff;
    for (;;) {
      const next = Atomics.load(ctrl, C.NEXT);
      if (next >>> 16 !== tag) break; // a later run has started: its caller will wake us
      const job = next & 0xffff;
      if (job >= Atomics.load(ctrl, C.JOB_COUNT)) break;
      if (Atomics.compareExchange(ctrl, C.NEXT, next, next + 1) !== next) continue;
      try {
        runJob(fns, f64, ctrl[C.JOB_TABLE + 2 * job], ctrl[C.JOB_TABLE + 2 * job + 1]);
      } catch (e) {
        fail(ctrl, index, e);
      }
      Atomics.add(ctrl, C.FINISHED, 1);
      Atomics.notify(ctrl, C.FINISHED);
    }
  }
}
function runJob(fns, f64, p, calls) {
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
}
// An error: its text goes into this worker's message area (UTF-16 codes), the caller throws it.
function fail(ctrl, index, e) {
  const text = String(e && e.message ? e.message : e).slice(0, C.MESSAGE_WORDS - 1);
  const base = C.MESSAGES + index * C.MESSAGE_WORDS;
  ctrl[base] = text.length;
  for (let i = 0; i < text.length; i++) ctrl[base + 1 + i] = text.charCodeAt(i);
  Atomics.store(ctrl, C.ERRORS, 1);
}
if (typeof self !== 'undefined' && typeof self.postMessage === 'function' && typeof process === 'undefined') {
  self.onmessage = (event) => start(event.data);
} else {
  const { workerData } = process.getBuiltinModule('node:worker_threads');
  start(workerData);
}
`;
