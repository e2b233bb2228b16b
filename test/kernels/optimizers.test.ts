// Differential tests of the optimizer-update kernels: the wasm kernels against the reference
// kernels from identical weights, gradients and slots, every option on and off, lengths that
// exercise the SIMD body and the scalar tail. The reference works in float64 and rounds once
// per stored value; the wasm kernels work in float32, so each stored value may differ by a few
// roundings of the terms that made it: bounded by c·u·(|new| + |new − old|) per element.

import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/heap.ts';
import type { Kernels } from '../../src/kernels/index.ts';
import { wasmKernels, wasmSupported, type WasmVariant } from '../../src/kernels/wasm/index.ts';
import { firstMismatch, fixture, U, type Fixture } from './wasm/differential.ts';

const variants: WasmVariant[] = wasmSupported('relaxed') ? ['simd', 'relaxed'] : ['simd'];
const LENGTHS = [1, 3, 4, 7, 64, 1001];

interface Arrays {
  [name: string]: Float32Array;
}

/**
 * Puts `arrays` in the heap twice, runs `update` with the reference on one copy and the wasm
 * kernels on the other (`at` maps names to offsets, absent names to -1), and compares every
 * array. Returns the first mismatch or null.
 */
function compare(
  f: Fixture,
  wasm: Kernels,
  arrays: Arrays,
  update: (k: Kernels, at: (name: string) => number, n: number) => void,
): string | null {
  const n = Object.values(arrays)[0]!.length;
  const place = (): Record<string, number> => Object.fromEntries(Object.entries(arrays).map(([name, v]) => [name, f.put(v)]));
  const refAt = place(),
    wasmAt = place();
  update(f.ref, (name) => refAt[name] ?? -1, n);
  update(wasm, (name) => wasmAt[name] ?? -1, n);
  for (const [name, before] of Object.entries(arrays)) {
    const want = f.get(refAt[name]!, n),
      got = f.get(wasmAt[name]!, n);
    const bad = firstMismatch(got, want, (i) => 8 * U * (Math.abs(want[i]!) + 4 * Math.abs(want[i]! - before[i]!)) + 1e-30);
    if (bad) return `${name} ${bad}`;
  }
  return null;
}

function positive(f: Fixture, n: number, scale: number): Float32Array {
  return f.randn(n, scale).map((x) => x * x + 1e-6);
}

for (const variant of variants) {
  describe(`wasm ${variant} optimizer updates match the reference`, () => {
    const heap = new Heap({ initialBytes: 4 << 20 });
    const wasm = wasmKernels(heap, { variant });
    const f = fixture(heap, 99);

    it('RMSprop: plain, momentum, centered, both', () => {
      for (const n of LENGTHS) {
        for (const [useMomentum, centered] of [
          [false, false],
          [true, false],
          [false, true],
          [true, true],
        ] as const) {
          const v = positive(f, n, 0.3);
          // |a| ≤ √v/2 keeps v − a² away from cancellation, as running averages do (v ≥ a²)
          const a = v.map((x) => Math.sqrt(x) * 0.5 * f.rng.uniform(-1, 1));
          const arrays: Arrays = { w: f.randn(n), g: f.randn(n, 0.5), v };
          if (useMomentum) arrays.m = f.randn(n, 0.01);
          if (centered) arrays.a = a;
          const bad = compare(f, wasm, arrays, (k, at, len) =>
            k.rmspropUpdate(at('w'), at('g'), at('v'), at('m'), at('a'), len, 1e-3, 0.9, useMomentum ? 0.9 : 0, 1e-7),
          );
          expect(bad, `n ${n} momentum ${useMomentum} centered ${centered}`).toBeNull();
        }
      }
    });

    it('Adam: plain and amsgrad', () => {
      for (const n of LENGTHS) {
        for (const amsgrad of [false, true]) {
          const arrays: Arrays = { w: f.randn(n), g: f.randn(n, 0.5), m: f.randn(n, 0.1), v: positive(f, n, 0.2) };
          if (amsgrad) arrays.vhat = positive(f, n, 0.2);
          const step = 3;
          const alpha = (1e-3 * Math.sqrt(1 - 0.999 ** step)) / (1 - 0.9 ** step);
          const bad = compare(f, wasm, arrays, (k, at, len) =>
            k.adamUpdate(at('w'), at('g'), at('m'), at('v'), at('vhat'), len, alpha, 0.9, 0.999, 1e-7),
          );
          expect(bad, `n ${n} amsgrad ${amsgrad}`).toBeNull();
        }
      }
    });

    it('SGD: plain, momentum, nesterov', () => {
      for (const n of LENGTHS) {
        for (const [momentum, nesterov] of [
          [0, false],
          [0.9, false],
          [0.9, true],
        ] as const) {
          const arrays: Arrays = { w: f.randn(n), g: f.randn(n, 0.5) };
          if (momentum > 0) arrays.m = f.randn(n, 0.05);
          const bad = compare(f, wasm, arrays, (k, at, len) => k.sgdUpdate(at('w'), at('g'), at('m'), len, 0.01, momentum, nesterov));
          expect(bad, `n ${n} momentum ${momentum} nesterov ${nesterov}`).toBeNull();
        }
      }
    });

    it('Adagrad', () => {
      for (const n of LENGTHS) {
        const arrays: Arrays = { w: f.randn(n), g: f.randn(n, 0.5), acc: positive(f, n, 0.3) };
        const bad = compare(f, wasm, arrays, (k, at, len) => k.adagradUpdate(at('w'), at('g'), at('acc'), len, 0.01, 1e-7));
        expect(bad, `n ${n}`).toBeNull();
      }
    });

    it('a zero-length update touches nothing', () => {
      const w = f.put([1, 2, 3]);
      wasm.adamUpdate(w, w, w, w, -1, 0, 1, 0.9, 0.999, 1e-7);
      wasm.rmspropUpdate(w, w, w, -1, -1, 0, 1, 0.9, 0, 1e-7);
      expect(Array.from(f.get(w, 3))).toEqual([1, 2, 3]);
    });
  });
}
