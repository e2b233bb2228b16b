// Kernel selection: SUNHWAN_KERNELS, setBackend, 'auto', and keeping the heap on a switch.
// Each case loads a fresh copy of the engine module, since the choice is made on first use.

import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { wasmSupported } from '../src/kernels/wasm/index.ts';
import { nativeSupported, nativeUnavailableReason } from '../src/kernels/native/index.ts';

/** A fresh engine as the Node entry sets it up (with `node` false: as the browser entry, which has no native set). */
async function freshEngine({ node = true } = {}) {
  vi.resetModules();
  if (node) (await import('../src/platform/node.ts')).useNodePlatform();
  return import('../src/engine.ts');
}

afterEach(() => {
  vi.unstubAllEnvs();
});

const relaxed = wasmSupported('relaxed', true);
const native = nativeSupported(true);
const fastestWasm = relaxed ? 'wasm-relaxed-simd' : 'wasm-simd';

describe('engine kernel selection', () => {
  it("defaults to the fastest set the runtime supports ('auto')", async () => {
    vi.stubEnv('SUNHWAN_KERNELS', '');
    const { engine, availableBackends } = await freshEngine();
    expect(engine().name).toBe(native ? 'native' : fastestWasm);
    const wasm = relaxed ? ['reference', 'simd', 'relaxed'] : ['reference', 'simd'];
    expect(availableBackends()).toEqual(native ? [...wasm, 'native'] : wasm);
  });

  it('follows SUNHWAN_KERNELS', async () => {
    vi.stubEnv('SUNHWAN_KERNELS', 'reference');
    expect((await freshEngine()).engine().name).toBe('reference');
    vi.stubEnv('SUNHWAN_KERNELS', ' simd ');
    expect((await freshEngine()).engine().name).toBe('wasm-simd');
    vi.stubEnv('SUNHWAN_KERNELS', 'relaxed');
    expect((await freshEngine()).engine().name).toBe(fastestWasm);
  });

  it('SUNHWAN_KERNELS=native runs the native set where it loads, and says why not elsewhere', async () => {
    vi.stubEnv('SUNHWAN_KERNELS', 'native');
    const { engine } = await freshEngine();
    if (native) expect(engine().name).toBe('native');
    else expect(() => engine()).toThrow(`kernels: ${nativeUnavailableReason()}; use the wasm kernels`);
  });

  it('has no native set without the Node entry (browsers), and says where it comes from', async () => {
    vi.stubEnv('SUNHWAN_KERNELS', '');
    const { engine, availableBackends, setBackend } = await freshEngine({ node: false });
    expect(engine().name).toBe(fastestWasm);
    expect(availableBackends()).not.toContain('native');
    expect(() => setBackend('native')).toThrow("the native set comes with sunhwan's Node entry");
  });

  it('loads the native kernels wherever npm install built them (x86-64 Linux with gcc, as on CI)', () => {
    if (!existsSync(new URL('../src/kernels/native/generated/sunhwan-linux-x64.node', import.meta.url))) return;
    expect(nativeUnavailableReason()).toBe('');
    expect(native).toBe(true);
  });

  it('names a bad SUNHWAN_KERNELS value and the accepted ones', async () => {
    vi.stubEnv('SUNHWAN_KERNELS', 'cuda');
    const { engine } = await freshEngine();
    expect(() => engine()).toThrow("SUNHWAN_KERNELS: 'cuda' is not a kernel set; use one of reference, simd, relaxed, native, auto");
  });

  it('has relaxed SIMD in Node without a command-line flag (Node 20: turned on at run time)', () => {
    expect(relaxed).toBe(true);
  });

  it('setBackend switches sets on the same heap, so existing buffers keep their values', async () => {
    vi.stubEnv('SUNHWAN_KERNELS', 'reference');
    const { engine, setBackend } = await freshEngine();
    const heap = engine().heap;
    const buf = heap.alloc(8);
    heap.view(buf).set([1, 2, 3, 4, 5, 6, 7, 8]);
    const wasm = setBackend('simd');
    expect(wasm.name).toBe('wasm-simd');
    expect(engine()).toBe(wasm);
    expect(wasm.heap).toBe(heap);
    wasm.scale(buf.offset, 2, 8);
    expect([...heap.view(buf)]).toEqual([2, 4, 6, 8, 10, 12, 14, 16]);
    expect(setBackend('reference').heap).toBe(heap);
    expect(() => setBackend('gpu' as never)).toThrow(/setBackend: 'gpu' is not a kernel set/);
  });

  it('setBackendAsync compiles asynchronously and resolves auto', async () => {
    vi.stubEnv('SUNHWAN_KERNELS', 'reference');
    const { engine, setBackendAsync } = await freshEngine();
    const heap = engine().heap;
    const k = await setBackendAsync();
    expect(k.name).toBe(native ? 'native' : fastestWasm);
    expect(k.heap).toBe(heap);
    expect((await setBackendAsync('reference')).name).toBe('reference');
  });
});
