// The relaxed-SIMD (FMA) variant against the reference kernels. Node 20 validates relaxed
// SIMD only with --experimental-wasm-relaxed-simd, so when this process lacks it the check
// runs in a child Node started with the flag. (core.test.ts covers relaxed in-process when
// the runtime supports it.)

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { wasmSupported } from '../../../src/kernels/wasm/index.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

const CHILD = `
import { Heap } from './src/heap.ts';
import { wasmKernels, wasmSupported } from './src/kernels/wasm/index.ts';
import { fixture, quickSuite } from './test/kernels/wasm/differential.ts';
const result = { supported: wasmSupported('relaxed', false) && wasmSupported('relaxed', true), names: [], bad: [] };
if (result.supported) {
  for (const shared of [false, true]) {
    const heap = new Heap({ shared, initialBytes: 24 << 20 });
    const k = wasmKernels(heap, { variant: 'relaxed' });
    result.names.push(k.name);
    result.bad.push(...quickSuite(k, fixture(heap, 99)));
  }
}
console.log('RESULT ' + JSON.stringify(result));
`;

describe('wasm relaxed-SIMD kernels', () => {
  it.skipIf(wasmSupported('relaxed'))('match the reference in a Node started with --experimental-wasm-relaxed-simd', () => {
    const run = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', '--input-type=module', '-e', CHILD], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, SUNHWAN_KERNELS: '' },
    });
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    expect(line, `child failed (status ${run.status}): ${run.stderr}`).toBeDefined();
    const result = JSON.parse(line!.slice(7)) as { supported: boolean; names: string[]; bad: string[] };
    // Node 20 – 22 accept the flag; a runtime without relaxed SIMD at all has nothing to test
    if (!result.supported) return;
    expect(result.names).toEqual(['wasm-relaxed-simd', 'wasm-relaxed-simd']);
    expect(result.bad).toEqual([]);
  });
});
