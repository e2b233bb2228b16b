// Loading the native kernel addon (native/*.c, built by scripts/build-native.mjs into
// generated/ beside this module; in dist/ it sits in dist/generated/). Node on x86-64 Linux
// only: elsewhere — a browser, another platform, no binary, a CPU without AVX2 — it reports why
// it is unavailable and the WebAssembly kernels run instead. Browser-safe: no Node built-in is
// imported; process.dlopen and node:url come from the running process.

/** The addon's functions: each kernel takes the heap's Float32Array, then the Kernels method's arguments (booleans as 0/1). */
export interface NativeAddon {
  /** The instruction set in use: 'avx512' or 'avx2'. */
  isa(): string;
  /** Lowers (or restores, with 'auto') the instruction set; throws for one the CPU lacks. */
  setIsa(name: 'avx512' | 'avx2' | 'auto'): string;
  // true when done; false: not handled here (an activation the C code does not have), run the wasm kernel
  gemm(heap: Float32Array, ...args: number[]): boolean;
  packB(heap: Float32Array, ...args: number[]): boolean;
  gemmPackedB(heap: Float32Array, ...args: number[]): boolean;
  lstmForward(heap: Float32Array, ...args: number[]): boolean;
  lstmBackward(heap: Float32Array, ...args: number[]): boolean;
  gruForward(heap: Float32Array, ...args: number[]): boolean;
  simpleRnnForward(heap: Float32Array, ...args: number[]): boolean;
  gruBackward(heap: Float32Array, ...args: number[]): boolean;
  simpleRnnBackward(heap: Float32Array, ...args: number[]): boolean;
  simpleRnnSequence(heap: Float32Array, ...args: number[]): boolean;
  lstmSequence(heap: Float32Array, ...args: number[]): boolean;
  gruSequence(heap: Float32Array, ...args: number[]): boolean;
  scatterAdd(heap: Float32Array, ...args: number[]): boolean;
  scatterAddPart(heap: Float32Array, ...args: number[]): boolean;
  lstmTrainForward(heap: Float32Array, ...args: number[]): boolean;
  gruTrainForward(heap: Float32Array, ...args: number[]): boolean;
  simpleRnnTrainForward(heap: Float32Array, ...args: number[]): boolean;
  lstmTrainBackward(heap: Float32Array, ...args: number[]): boolean;
  gruTrainBackward(heap: Float32Array, ...args: number[]): boolean;
  simpleRnnTrainBackward(heap: Float32Array, ...args: number[]): boolean;
}

/** The binary's file name: one per platform and architecture (only linux-x64 is built). */
export const ADDON_FILE = 'sunhwan-linux-x64.node';

// a variable, not `new URL(…, import.meta.url)` inline: bundlers would try to copy the binary as an asset
const moduleUrl = import.meta.url;

interface NodeProcess {
  platform?: string;
  arch?: string;
  versions?: { node?: string };
  dlopen?: (module: { exports: unknown }, filename: string) => void;
  getBuiltinModule?: (id: string) => unknown;
}

let loaded: NativeAddon | null | undefined;
let path: string | null = null;
let reason = '';

/** The addon's absolute path (what worker threads load), or null when it did not load. */
export function nativeAddonPath(): string | null {
  return nativeAddon() ? path : null;
}

/** Why the native kernels are unavailable ('' when they loaded). */
export function nativeUnavailableReason(): string {
  nativeAddon();
  return reason;
}

/** The addon, loaded once; null when this runtime cannot use it (see nativeUnavailableReason). */
export function nativeAddon(): NativeAddon | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (!proc?.versions?.node || typeof proc.dlopen !== 'function' || typeof proc.getBuiltinModule !== 'function') {
    reason = 'native kernels need Node ≥ 20.16 (process.dlopen, process.getBuiltinModule)';
  } else if (proc.platform !== 'linux' || proc.arch !== 'x64') {
    reason = `native kernels are built for linux-x64 only (this is ${proc.platform}-${proc.arch})`;
  } else if (!moduleUrl?.startsWith('file:')) {
    reason = 'native kernels: this module was not loaded from a file, so the binary cannot be found';
  } else {
    try {
      const url = proc.getBuiltinModule('node:url') as { fileURLToPath(url: URL): string };
      const file = url.fileURLToPath(new URL(`./generated/${ADDON_FILE}`, moduleUrl));
      const module = { exports: {} as NativeAddon };
      proc.dlopen(module, file);
      if (module.exports.isa() === 'none') {
        reason = 'native kernels need a CPU with AVX2 and FMA';
      } else {
        loaded = module.exports;
        path = file;
      }
    } catch (e) {
      reason = `native kernels did not load (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`;
    }
  }
  return loaded;
}
