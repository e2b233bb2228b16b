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
//
// Calls go through one generated caller per kernel (workerSource below): each has its own
// call site, so V8 sees one wasm function there and calls it through a specialised wrapper.
// A single call site for every kernel went through V8's generic JS-to-wasm wrapper, and
// The GRU peer benchmark's forward loop took ~40% longer on the worker than the same rows on the caller.

import { Control } from './control.ts';

/**
 * The worker's source for a module whose function exports are `exports` ([name, param
 * count], in export order: a call's functionId indexes it); `deferrable` names get a caller.
 */
export function workerSource(exports: Array<[string, number]>, deferrable: ReadonlySet<string>): string {
  const callers = exports.map(([name, argc]) => {
    if (!deferrable.has(name)) return 'null';
    const args = Array.from({ length: argc }, (_, i) => `f[a + ${i}]`).join(', ');
    return `(f, a) => ex[${JSON.stringify(name)}](${args})`;
  });
  return `${WORKER_SOURCE}\nfunction makeCallers(ex) {\n  return [\n    ${callers.join(',\n    ')},\n  ];\n}\n`;
}

const WORKER_SOURCE = `
'use strict';
const C = ${JSON.stringify(Control)};
function start(data) {
  const { memory, module, control, program, scratchOffset, index, native } = data;
  const ctrl = new Int32Array(control);
  let instance, exports;
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
    exports = native ? withNative(instance.exports, memory, native) : instance.exports;
  } catch (e) {
    fail(ctrl, index, e);
    Atomics.add(ctrl, C.READY, 1);
    Atomics.notify(ctrl, C.READY);
    return;
  }
  const callers = makeCallers(exports);
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
        runJob(callers, f64, ctrl[C.JOB_TABLE + 2 * job], ctrl[C.JOB_TABLE + 2 * job + 1]);
      } catch (e) {
        fail(ctrl, index, e);
      }
      Atomics.add(ctrl, C.FINISHED, 1);
      Atomics.notify(ctrl, C.FINISHED);
    }
  }
}
// The native kernel set: the addon's kernels replace those wasm exports, called with the heap's
// Float32Array first (re-made when the memory has grown) and the same arguments; one that
// answers false (not handled there) falls back to the wasm export. Kernels only the addon has
// follow the exports in the callers' order (pool.ts).
function withNative(wasmExports, memory, native) {
  const addon = { exports: {} };
  process.dlopen(addon, native.path);
  let view = new Float32Array(memory.buffer);
  const heap = () => (view.byteLength === memory.buffer.byteLength ? view : (view = new Float32Array(memory.buffer)));
  const out = Object.assign({}, wasmExports);
  for (const name of native.kernels) {
    const kernel = addon.exports[name];
    const wasm = wasmExports[name];
    // a kernel with no wasm twin (the training loops) is asked only for what it covers
    out[name] = wasm
      ? (...args) => kernel(heap(), ...args) || wasm(...args)
      : (...args) => {
          if (!kernel(heap(), ...args)) throw new Error('native ' + name + ': not handled by the addon');
        };
  }
  return out;
}
function runJob(callers, f64, p, calls) {
  for (let i = 0; i < calls; i++) {
    const argc = f64[p + 1];
    callers[f64[p]](f64, p + 2);
    p += 2 + argc;
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
