// The engine: the one heap and kernel set that layers and models use by default.
// Kernel choice: SUNHWAN_KERNELS=reference|simd|relaxed|native|auto (Node) or setBackend(); the
// default, 'auto', is the fastest the runtime supports: the native kernels (Node on x86-64
// Linux, when their binary loads), else relaxed SIMD (FMA), else SIMD128, else the plain
// TypeScript reference kernels. (Threads: src/threads wraps a kernel set.) The native set is
// provided by the Node entries (src/platform/node.ts), so browser bundles never carry its loader.

import { Heap } from './heap.ts';
import { referenceKernels, type Kernels } from './kernels/index.ts';
import { wasmKernels, wasmKernelsAsync, wasmSupported } from './kernels/wasm/index.ts';

/**
 * `reference`: plain TypeScript. `simd`: WebAssembly SIMD128. `relaxed`: SIMD128 + relaxed-SIMD FMA.
 * `native`: relaxed with the GEMMs in C (AVX-512 / AVX2), Node on x86-64 Linux only.
 */
export type BackendName = 'reference' | 'simd' | 'relaxed' | 'native';
export type BackendChoice = BackendName | 'auto';

const CHOICES: readonly BackendChoice[] = ['reference', 'simd', 'relaxed', 'native', 'auto'];

let current: Kernels | null = null;

/** The native kernel set as a Node entry provides it. */
export interface NativeKernelSet {
  /** Whether it can run here (on a shared heap memory when `shared`). */
  supported(shared: boolean): boolean;
  /** The kernels on `heap`; throws, saying why, where they cannot run. */
  create(heap: Heap): Kernels;
}

let native: NativeKernelSet | null = null;

/** Makes 'native' available (src/platform/node.ts calls this). */
export function provideNativeKernels(set: NativeKernelSet): void {
  native = set;
}

/** The active kernels (created on first use, as SUNHWAN_KERNELS or 'auto' says). */
export function engine(): Kernels {
  if (!current) current = createKernels(resolveBackend(envChoice(), defaultShared()), new Heap());
  return current;
}

/**
 * The active kernels, created on first use with the wasm binary loaded asynchronously: what a
 * browser needs (its binary is fetched, not read from a file) before engine() can answer.
 */
export async function engineAsync(): Promise<Kernels> {
  return current ?? setBackendAsync(envChoice());
}

/** Replaces the active kernels (tests use this to run the same model on both implementations). */
export function setKernels(kernels: Kernels): void {
  current = kernels;
}

/**
 * Switches the active kernels, keeping the current heap so weights already built stay valid.
 * Throws when the runtime cannot run the requested set. Returns the new kernels.
 */
export function setBackend(choice: BackendChoice = 'auto'): Kernels {
  const heap = current?.heap ?? new Heap();
  current = createKernels(resolveBackend(checkChoice(choice, 'setBackend'), heap.shared), heap);
  return current;
}

/** The same, compiling the wasm module asynchronously (for a browser's main thread). */
export async function setBackendAsync(choice: BackendChoice = 'auto'): Promise<Kernels> {
  const heap = current?.heap ?? new Heap();
  const name = resolveBackend(checkChoice(choice, 'setBackendAsync'), heap.shared);
  current = name === 'reference' || name === 'native' ? createKernels(name, heap) : await wasmKernelsAsync(heap, { variant: name });
  return current;
}

/** The kernel sets this runtime can run (on a shared heap memory when `shared`), slowest first. */
export function availableBackends(shared: boolean = defaultShared()): BackendName[] {
  const out: BackendName[] = ['reference'];
  if (wasmSupported('simd', shared)) out.push('simd');
  if (wasmSupported('relaxed', shared)) out.push('relaxed');
  if (native?.supported(shared)) out.push('native');
  return out;
}

/** Turns a choice into a concrete set; 'auto' is the fastest available. */
export function resolveBackend(choice: BackendChoice, shared: boolean): BackendName {
  if (choice !== 'auto') return choice;
  const available = availableBackends(shared);
  return available[available.length - 1]!;
}

function createKernels(name: BackendName, heap: Heap): Kernels {
  if (name === 'reference') return referenceKernels(heap);
  if (name !== 'native') return wasmKernels(heap, { variant: name });
  if (!native)
    throw new Error(
      "kernels: the native set comes with sunhwan's Node entry (import 'sunhwan' in Node); this runtime has only the wasm and reference kernels",
    );
  return native.create(heap);
}

function checkChoice(value: unknown, source: string): BackendChoice {
  if (!CHOICES.includes(value as BackendChoice)) {
    throw new Error(`${source}: '${String(value)}' is not a kernel set; use one of ${CHOICES.join(', ')}`);
  }
  return value as BackendChoice;
}

function envVar(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.[name]?.trim() || undefined;
}

/** SUNHWAN_KERNELS in Node (absent in browsers): 'auto' when unset or empty. */
function envChoice(): BackendChoice {
  const value = envVar('SUNHWAN_KERNELS');
  return value ? checkChoice(value, 'SUNHWAN_KERNELS') : 'auto';
}

function defaultShared(): boolean {
  return typeof SharedArrayBuffer !== 'undefined';
}
