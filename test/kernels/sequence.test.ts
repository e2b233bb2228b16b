// Differential test: the WebAssembly inference time loops (assembly/sequence.ts) and the native
// ones (native/sequence.c, every instruction set this CPU has) against the reference ones
// (kernels/reference/sequence.ts), on one heap: every cell, inputs as a projected table's ids
// (batch-major and time-major strides) and as floats, masks, reversed time, with and without
// per-step outputs, odd sizes (SIMD tails), every wasm variant here.

import { afterAll, describe, expect, it } from 'vitest';
import { Heap } from '../../src/heap.ts';
import { Act, packedBFloats, type ActCode } from '../../src/kernels/core.ts';
import { referenceKernels, type Kernels } from '../../src/kernels/index.ts';
import { sequenceScratchFloats, type SequenceKernels } from '../../src/kernels/sequence.ts';
import { nativeAddon, nativeKernels } from '../../src/kernels/native/index.ts';
import { wasmKernels } from '../../src/kernels/wasm/index.ts';
import { wasmSupported, type WasmVariant } from '../../src/kernels/wasm/module.ts';
import { Random } from '../../src/random.ts';

const variants: WasmVariant[] = (['simd', 'relaxed'] as const).filter((v) => wasmSupported(v, false));
const CELLS: Array<[keyof SequenceKernels, number]> = [
  ['simpleRnnSequence', 1],
  ['lstmSequence', 4],
  ['gruSequence', 3],
];

interface Setup {
  rows: number;
  units: number;
  steps: number;
  input: 'ids-batch-major' | 'ids-time-major' | 'floats';
  masked: boolean;
  reverse: boolean;
  sequences: boolean;
}

const SETUPS: Setup[] = [
  { rows: 7, units: 12, steps: 5, input: 'ids-batch-major', masked: true, reverse: false, sequences: true },
  { rows: 5, units: 7, steps: 6, input: 'floats', masked: false, reverse: false, sequences: true },
  { rows: 8, units: 8, steps: 9, input: 'ids-batch-major', masked: true, reverse: true, sequences: false },
  { rows: 3, units: 13, steps: 4, input: 'ids-time-major', masked: false, reverse: true, sequences: true },
  { rows: 12, units: 4, steps: 5, input: 'floats', masked: true, reverse: false, sequences: false },
  { rows: 1, units: 1, steps: 3, input: 'ids-batch-major', masked: false, reverse: false, sequences: true },
  { rows: 19, units: 37, steps: 7, input: 'floats', masked: true, reverse: true, sequences: true },
  { rows: 33, units: 64, steps: 4, input: 'ids-batch-major', masked: false, reverse: false, sequences: false },
];

/** Runs one sequence kernel from the same inputs with `kernels`; returns h, c and the outputs. */
function run(
  k: Kernels,
  heap: Heap,
  name: keyof SequenceKernels,
  gates: number,
  s: Setup,
  seed: number,
  act: ActCode = Act.tanh,
): Float32Array {
  const rng = new Random(seed);
  const { rows, units: u, steps: T } = s;
  const gu = gates * u;
  const put = (n: number, scale = 0.5): number => {
    const b = heap.alloc(Math.max(n, 1));
    for (let i = 0; i < n; i++) heap.f32[b.offset + i] = (rng.next() * 2 - 1) * scale;
    return b.offset;
  };
  const I = 6;
  const V = 11;
  const W = put(I * gu);
  const U = put(u * gu);
  const bias = put(2 * gu);
  const packedU = heap.alloc(packedBFloats(gu, u)).offset;
  k.packB(false, U, gu, u, gu, packedU);
  let ids = -1;
  let x: number;
  let [strideRow, strideStep, inputDim, packedW] = [T * I, I, I, -1];
  if (s.input === 'floats') {
    x = put(rows * T * I, 2);
    packedW = heap.alloc(packedBFloats(gu, I)).offset;
    k.packB(false, W, gu, I, gu, packedW);
  } else {
    x = put(V * gu, 2); // a projected table
    ids = heap.alloc(rows * T).offset;
    for (let i = 0; i < rows * T; i++) heap.i32[ids + i] = Math.floor(rng.next() * V);
    [strideRow, strideStep, inputDim] = s.input === 'ids-batch-major' ? [T, 1, V] : [1, rows, V];
  }
  const h = put(rows * u);
  const c = put(rows * u);
  let mask = -1;
  if (s.masked) {
    mask = heap.alloc(rows * T).offset;
    for (let i = 0; i < rows * T; i++) heap.f32[mask + i] = rng.next() < 0.3 ? 0 : 1;
  }
  const out = s.sequences ? heap.alloc(rows * T * u).offset : -1;
  const scratch = heap.alloc(sequenceScratchFloats(rows, gu)).offset;
  k[name](
    rows,
    u,
    act,
    Act.sigmoid,
    T,
    s.reverse ? 1 : 0,
    ids,
    x,
    strideRow,
    strideStep,
    inputDim,
    packedW,
    s.input === 'floats' ? bias : -1,
    packedU,
    name === 'gruSequence' ? bias + gu : -1,
    h,
    name === 'lstmSequence' ? c : -1,
    mask,
    out,
    scratch,
  );
  const result = [...heap.f32.slice(h, h + rows * u)];
  if (name === 'lstmSequence') result.push(...heap.f32.slice(c, c + rows * u));
  if (out >= 0) result.push(...heap.f32.slice(out, out + rows * T * u));
  return Float32Array.from(result);
}

describe('sequence kernels: wasm equals reference', () => {
  for (const variant of variants) {
    for (const [name, gates] of CELLS) {
      it(`${name} (${variant})`, () => {
        for (const [i, s] of SETUPS.entries()) {
          const heap = new Heap({ shared: false });
          const want = run(referenceKernels(heap), heap, name, gates, s, 100 + i);
          const got = run(wasmKernels(heap, { variant }), heap, name, gates, s, 100 + i);
          expect(got.length).toBe(want.length);
          let worst = 0;
          for (let j = 0; j < got.length; j++) worst = Math.max(worst, Math.abs(got[j]! - want[j]!));
          // float32 rounding of a few steps' GEMMs and the SIMD activations' approximations
          expect(worst, `setup ${i}`).toBeLessThan(2e-5);
        }
      });
    }
  }
});

const addon = nativeAddon();
const isas = addon?.isa() === 'avx512' ? (['avx512', 'avx2'] as const) : addon ? (['avx2'] as const) : [];

describe.skipIf(!addon)('sequence kernels: native equals reference', () => {
  afterAll(() => void addon?.setIsa('auto'));
  const compare = (name: keyof SequenceKernels, gates: number, act: ActCode): void => {
    for (const [i, s] of SETUPS.entries()) {
      const heap = new Heap({ shared: false });
      const want = run(referenceKernels(heap), heap, name, gates, s, 100 + i, act);
      const got = run(nativeKernels(heap), heap, name, gates, s, 100 + i, act);
      expect(got.length).toBe(want.length);
      let worst = 0;
      for (let j = 0; j < got.length; j++) worst = Math.max(worst, Math.abs(got[j]! - want[j]!));
      expect(worst, `setup ${i}`).toBeLessThan(2e-5); // the wasm kernels' bound
    }
  };
  for (const isa of isas) {
    for (const [name, gates] of CELLS) {
      it(`${name} (${isa})`, () => {
        expect(addon!.setIsa(isa)).toBe(isa);
        compare(name, gates, Act.tanh);
      });
    }
  }
  it('leaves activations it lacks to the wasm loop (relu)', () => {
    addon!.setIsa('auto');
    for (const [name, gates] of CELLS) compare(name, gates, Act.relu);
  });
  it('refuses an id outside the projected table instead of reading past it', () => {
    const heap = new Heap({ shared: false });
    const k = nativeKernels(heap);
    const table = heap.alloc(4 * 3).offset;
    const ids = heap.alloc(2).offset;
    heap.i32[ids] = 1;
    heap.i32[ids + 1] = 4;
    const packedU = heap.alloc(packedBFloats(3, 3)).offset;
    const h = heap.alloc(3).offset;
    const scratch = heap.alloc(sequenceScratchFloats(1, 3)).offset;
    expect(() =>
      k.simpleRnnSequence(1, 3, Act.tanh, Act.sigmoid, 2, 0, ids, table, 2, 1, 4, -1, -1, packedU, -1, h, -1, -1, -1, scratch),
    ).toThrow(/id 4 of row 0, step 1 is outside \[0, 4\)/);
  });
});
