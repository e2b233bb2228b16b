import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binaryBytes, binaryBytesSync, embeddedBytes, probeSupport } from '../../../src/kernels/wasm/binaries.ts';
import { SHARED_MAX_PAGES, withSharedMemory } from '../../../src/kernels/wasm/shared-memory.ts';
import { withoutNameSection } from '../../../scripts/wasm-name-section.mjs';

const simdFile = new Uint8Array(readFileSync(new URL('../../../src/kernels/wasm/generated/simd.wasm', import.meta.url)));

function instantiateOn(bytes: Uint8Array<ArrayBuffer>, memory: WebAssembly.Memory): WebAssembly.Instance {
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory, abort() {} } });
}

describe('wasm binaries', () => {
  it('Node reads the variant file synchronously; the embedded module (browsers) holds the same code without the name section', async () => {
    const sync = binaryBytesSync('simd', false)!;
    expect(sync).toEqual(simdFile);
    const embedded = await embeddedBytes('simd');
    expect(embedded).toEqual(withoutNameSection(simdFile));
    expect(embedded.length).toBeLessThan(simdFile.length - 1000); // the name section is gone
    expect(WebAssembly.validate(embedded)).toBe(true);
    const relaxedFile = new Uint8Array(readFileSync(new URL('../../../src/kernels/wasm/generated/relaxed.wasm', import.meta.url)));
    expect(await embeddedBytes('relaxed')).toEqual(withoutNameSection(relaxedFile));
    expect(await binaryBytes('simd', false)).toEqual(simdFile);
  });

  it('the shared build differs only in the memory import and runs on a SharedArrayBuffer memory', () => {
    const shared = withSharedMemory(simdFile);
    expect(shared.length).toBe(simdFile.length + 3); // flags 0x00 → 0x03 plus a 3-byte maximum
    expect(WebAssembly.validate(shared)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 64, maximum: SHARED_MAX_PAGES, shared: true });
    expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(() => instantiateOn(simdFile, memory)).toThrow(/shared|memory/i);
    const exports = instantiateOn(shared, memory).exports as Record<string, () => number>;
    expect(exports.staticDataEnd!()).toBeGreaterThan(0);
    // the tail after the import section is the same bytes
    expect(shared.subarray(shared.length - 40000)).toEqual(simdFile.subarray(simdFile.length - 40000));
    expect(binaryBytesSync('simd', true)).toEqual(shared);
  });

  it('keeps a declared maximum and refuses binaries it cannot rewrite', () => {
    const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const entry = [0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02];
    const withMax = new Uint8Array([...header, 0x02, entry.length + 3, ...entry, 0x01, 0x02, 0x10]); // min 2, max 16
    const shared = withSharedMemory(withMax);
    expect(Array.from(shared.subarray(-3))).toEqual([0x03, 0x02, 0x10]);
    new WebAssembly.Module(shared); // valid
    expect(() => withSharedMemory(shared)).toThrow(/already imports a shared memory/);
    expect(() => withSharedMemory(new Uint8Array(header))).toThrow(/imports no memory/);
  });

  it('probes say what this Node supports without loading a binary', () => {
    expect(probeSupport('simd', false)).toBe(true);
    expect(probeSupport('simd', true)).toBe(true);
  });
});
