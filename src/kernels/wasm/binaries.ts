// Where the wasm bytes come from, loading only the variant a process runs. Node reads
// generated/<variant>.wasm beside this module synchronously (so engine() stays synchronous);
// elsewhere (browsers, or a bundle that left the file behind) the bytes come from
// generated/<variant>.ts, gzipped base64 text imported lazily with a literal import() that
// every bundler splits into its own chunk, and that a plain <script type=module> fetches as a
// file; DecompressionStream (browsers, Node ≥ 18) unpacks it.

import { withSharedMemory } from './shared-memory.ts';

/** `simd`: plain SIMD128 (Node ≥ 16, all current browsers). `relaxed`: + relaxed-SIMD FMA. */
export type WasmVariant = 'simd' | 'relaxed';

const EMBEDDED_MODULES: Record<WasmVariant, () => Promise<{ gzipBase64: string }>> = {
  simd: () => import('./generated/simd.ts'),
  relaxed: () => import('./generated/relaxed.ts'),
};

// a variable, not `new URL(…, import.meta.url)` inline: bundlers would copy the .wasm files as assets
const moduleUrl = import.meta.url;

const unsharedBytes = new Map<WasmVariant, Uint8Array<ArrayBuffer>>();
const sharedBytes = new Map<WasmVariant, Uint8Array<ArrayBuffer>>();

/** The variant's bytes if they can be had synchronously (loaded already, or Node's file), else null. */
export function binaryBytesSync(variant: WasmVariant, shared: boolean): Uint8Array<ArrayBuffer> | null {
  const unshared = unsharedBytes.get(variant) ?? readWasmFile(variant);
  return unshared ? withMemory(variant, unshared, shared) : null;
}

/** The variant's bytes, importing its embedded module when Node's file cannot be read. */
export async function binaryBytes(variant: WasmVariant, shared: boolean): Promise<Uint8Array<ArrayBuffer>> {
  const known = binaryBytesSync(variant, shared);
  if (known) return known;
  const bytes = await embeddedBytes(variant);
  return withMemory(variant, unsharedBytes.get(variant) ?? bytes, shared);
}

/** The unshared binary from generated/<variant>.ts (what browsers load). */
export async function embeddedBytes(variant: WasmVariant): Promise<Uint8Array<ArrayBuffer>> {
  const { gzipBase64 } = await EMBEDDED_MODULES[variant]();
  const gzipped = decodeBase64(gzipBase64);
  const stream = new Blob([gzipped]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function withMemory(variant: WasmVariant, unshared: Uint8Array<ArrayBuffer>, shared: boolean): Uint8Array<ArrayBuffer> {
  unsharedBytes.set(variant, unshared);
  if (!shared) return unshared;
  let bytes = sharedBytes.get(variant);
  if (!bytes) sharedBytes.set(variant, (bytes = withSharedMemory(unshared)));
  return bytes;
}

function readWasmFile(variant: WasmVariant): Uint8Array<ArrayBuffer> | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as { readFileSync(path: URL): Uint8Array } | undefined;
  if (!fs || !moduleUrl?.startsWith('file:')) return null;
  try {
    return new Uint8Array(fs.readFileSync(new URL(`./generated/${variant}.wasm`, moduleUrl)));
  } catch {
    return null; // bundled into an app without the file: the async path imports the embedded module
  }
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// Feature probes for choosing before any binary is loaded: tiny modules using one SIMD128
// instruction (i8x16.splat), one relaxed-SIMD instruction (f32x4.relaxed_madd, what the
// kernels use), and importing a shared memory. module.ts validates the real binary too.
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const V128_FUNCTION = [0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00]; // type () -> v128, one function
const SPLAT = [0x41, 0x00, 0xfd, 0x0f]; // i32.const 0; i8x16.splat
const PROBES = {
  simd: [...HEADER, ...V128_FUNCTION, 0x0a, 0x08, 0x01, 0x06, 0x00, ...SPLAT, 0x0b],
  relaxed: [...HEADER, ...V128_FUNCTION, 0x0a, 0x13, 0x01, 0x11, 0x00, ...SPLAT, ...SPLAT, ...SPLAT, 0xfd, 0x85, 0x02, 0x0b],
  // (import "env" "memory" (memory 1 65536 shared))
  sharedMemory: [
    ...HEADER,
    0x02,
    0x12,
    0x01,
    0x03,
    0x65,
    0x6e,
    0x76,
    0x06,
    0x6d,
    0x65,
    0x6d,
    0x6f,
    0x72,
    0x79,
    0x02,
    0x03,
    0x01,
    0x80,
    0x80,
    0x04,
  ],
};

/** Whether the runtime accepts the variant's instructions (and a shared memory import), by probes. */
export function probeSupport(variant: WasmVariant, shared: boolean): boolean {
  try {
    if (typeof WebAssembly !== 'object') return false;
    if (!WebAssembly.validate(new Uint8Array(PROBES[variant]))) return false;
    return !shared || WebAssembly.validate(new Uint8Array(PROBES.sharedMemory));
  } catch {
    return false;
  }
}
