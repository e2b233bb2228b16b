// Loading the wasm kernels: pick the binary (SIMD128 or relaxed SIMD; shared or unshared
// memory, to match the heap), check the runtime supports it, compile once, and instantiate
// on a heap's memory. Support is first judged by probes (binaries.ts), so choosing loads
// nothing; compiling validates the very binary, so "supported" ends as "this module loads".

import { RESERVED_BYTES, type Heap } from '../../heap.ts';
import { binaryBytes, binaryBytesSync, probeSupport, type WasmVariant } from './binaries.ts';

export type { WasmVariant } from './binaries.ts';

/** The module's exports: kernel functions taking numbers (element offsets, sizes, scalars). */
export type WasmExports = Record<string, (...args: number[]) => number>;

/** Byte where the main instance's gemm scratch starts, inside the heap's reserved area. */
const SCRATCH_START_BYTES = 256 * 1024;

function binaryKey(variant: WasmVariant, shared: boolean): string {
  return `${variant}${shared ? 'Shared' : ''}`;
}

const supportCache = new Map<string, boolean>();
/** Whether this runtime can run the given variant (shared: on a SharedArrayBuffer memory). */
export function wasmSupported(variant: WasmVariant, shared = false): boolean {
  const key = binaryKey(variant, shared);
  let ok = supportCache.get(key);
  if (ok === undefined) {
    ok = validates(variant, shared);
    if (!ok && variant === 'relaxed' && enableNodeRelaxedSimd()) ok = validates(variant, shared);
    supportCache.set(key, ok);
  }
  return ok;
}

/** The real binary when it is at hand without loading (Node), else the probes. */
function validates(variant: WasmVariant, shared: boolean): boolean {
  try {
    const bytes = binaryBytesSync(variant, shared);
    return bytes ? WebAssembly.validate(bytes) : probeSupport(variant, shared);
  } catch {
    return false;
  }
}

/**
 * Node 20's V8 (11.3) implements relaxed SIMD behind a flag that Node 22 no longer needs.
 * Wasm features are read when a module is compiled, so turning the flag on at run time
 * works (workers share the process's flags). Relaxed FMA is ~25% faster on the GEMMs;
 * SUNHWAN_KERNELS=simd keeps plain SIMD128. Returns whether it could try.
 */
function enableNodeRelaxedSimd(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown } }).process;
  if (!proc?.versions?.node || typeof proc.getBuiltinModule !== 'function') return false;
  try {
    const v8 = proc.getBuiltinModule('node:v8') as { setFlagsFromString(flags: string): void } | undefined;
    v8?.setFlagsFromString('--experimental-wasm-relaxed-simd');
    return Boolean(v8);
  } catch {
    return false;
  }
}

function unsupportedMessage(variant: WasmVariant, shared: boolean): string {
  if (variant === 'relaxed') {
    return 'kernels: this runtime does not support WebAssembly relaxed SIMD; use the simd kernels';
  }
  return `kernels: this runtime does not support WebAssembly SIMD128${shared ? ' with shared memory' : ''}; use the reference kernels`;
}

const moduleCache = new Map<string, WebAssembly.Module>();

/**
 * Compiles (once) synchronously. Fine in Node and workers, and on a browser's main thread for
 * a module this size (~85 KB; Chrome refuses sync compiles above 8 MB there, 4 KB in old
 * versions). Needs the bytes at hand: Node reads its file; a browser must have loaded the
 * variant first (setBackendAsync / wasmModuleAsync).
 */
export function wasmModule(variant: WasmVariant, shared: boolean): WebAssembly.Module {
  const key = binaryKey(variant, shared);
  let mod = moduleCache.get(key);
  if (!mod) {
    if (!wasmSupported(variant, shared)) throw new Error(unsupportedMessage(variant, shared));
    const bytes = binaryBytesSync(variant, shared);
    if (!bytes) {
      throw new Error(
        `kernels: the ${variant} wasm kernels are not loaded yet; in a browser, call \`await setBackendAsync()\` once before building a model (it loads the one binary this runtime runs)`,
      );
    }
    mod = compileValidated(variant, shared, bytes, (b) => new WebAssembly.Module(b));
    moduleCache.set(key, mod);
  }
  return mod;
}

/** Compiles (once) asynchronously, loading the binary first where Node's file is not at hand. */
export async function wasmModuleAsync(variant: WasmVariant, shared: boolean): Promise<WebAssembly.Module> {
  const key = binaryKey(variant, shared);
  const cached = moduleCache.get(key);
  if (cached) return cached;
  if (!wasmSupported(variant, shared)) throw new Error(unsupportedMessage(variant, shared));
  const bytes = await binaryBytes(variant, shared);
  const mod = await compileValidated(variant, shared, bytes, (b) => WebAssembly.compile(b));
  moduleCache.set(key, mod);
  return mod;
}

/** compile(bytes), after checking the real binary (the probes only judged its features). */
function compileValidated<T>(
  variant: WasmVariant,
  shared: boolean,
  bytes: Uint8Array<ArrayBuffer>,
  compile: (bytes: Uint8Array<ArrayBuffer>) => T,
): T {
  if (!WebAssembly.validate(bytes)) {
    supportCache.set(binaryKey(variant, shared), false);
    throw new Error(unsupportedMessage(variant, shared));
  }
  return compile(bytes);
}

export interface InstantiateOptions {
  /**
   * Element offset of this instance's gemm scratch (gemmScratchFloats() floats, e.g. a heap
   * buffer). Default: inside the heap's reserved area, which one thread may use. A worker
   * sharing the heap must pass its own.
   */
  scratchOffset?: number;
}

/** Instantiates the module on the heap's memory and points its scratch at free space. */
export function instantiate(heap: Heap, mod: WebAssembly.Module, options: InstantiateOptions = {}): WasmExports {
  const memory = heap.memory;
  const instance = new WebAssembly.Instance(mod, {
    env: {
      memory,
      abort(message: number, file: number, line: number, column: number) {
        throw new Error(`wasm kernels: abort: ${readString(heap, message)} at ${readString(heap, file)}:${line}:${column}`);
      },
    },
  });
  const exports = instance.exports as unknown as WasmExports;
  const staticEnd = exports.staticDataEnd!();
  let scratch = options.scratchOffset;
  if (scratch === undefined) {
    if (staticEnd > SCRATCH_START_BYTES) {
      throw new Error(`wasm kernels: static data (${staticEnd} bytes) overlaps the gemm scratch at ${SCRATCH_START_BYTES}`);
    }
    scratch = SCRATCH_START_BYTES / 4;
    if ((scratch + exports.gemmScratchFloats!()) * 4 > RESERVED_BYTES) {
      throw new Error('wasm kernels: gemm scratch does not fit in the heap reserved area');
    }
  } else if (!Number.isInteger(scratch) || scratch % 4 !== 0 || scratch * 4 < staticEnd) {
    throw new Error(`wasm kernels: scratchOffset ${scratch} must be a 16-byte aligned element offset above the static data`);
  }
  exports.setGemmScratch!(scratch);
  return exports;
}

/** An AssemblyScript string (UTF-16, byte length stored just before it), for abort messages. */
function readString(heap: Heap, ptr: number): string {
  if (!ptr) return '?';
  const bytes = heap.i32[(ptr >>> 2) - 1]!;
  const units = new Uint16Array(heap.memory.buffer, ptr, bytes >>> 1);
  return String.fromCharCode(...units);
}
