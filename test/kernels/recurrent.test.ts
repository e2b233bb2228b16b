// Differential test: the WebAssembly recurrent gate kernels (assembly/recurrent.ts) against
// the reference ones, on identical random heaps, odd sizes (SIMD body + scalar tail), masks
// with zeros, every activation pairing, and every wasm variant this runtime supports; the same
// for the native set (its C gate kernels, on each instruction set) where it loads.

import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Heap } from '../../src/heap.ts';
import { Act, type ActCode } from '../../src/kernels/core.ts';
import type { RecurrentKernels } from '../../src/kernels/recurrent.ts';
import { referenceRecurrent } from '../../src/kernels/reference/recurrent.ts';
import { instantiate, wasmModule, wasmSupported, type WasmVariant } from '../../src/kernels/wasm/module.ts';
import { wasmRecurrent } from '../../src/kernels/wasm/recurrent.ts';
import { Random, setSeed } from '../../src/random.ts';
import { engine, setKernels } from '../../src/engine.ts';
import { referenceKernels, type Kernels } from '../../src/kernels/index.ts';
import { wasmKernels } from '../../src/kernels/wasm/index.ts';
import type { Activation, Layer } from '../../src/layers/layer.ts';
import { gru, lstm, simpleRNN } from '../../src/layers/recurrent/index.ts';
import { nativeAddon, nativeKernels } from '../../src/kernels/native/index.ts';

const variants: WasmVariant[] = (['simd', 'relaxed'] as const).filter((v) => wasmSupported(v, false));
const SIZES: Array<[rows: number, units: number]> = [
  [5, 7],
  [1, 1],
  [3, 8],
  [2, 13],
  [3, 37], // the native kernels' 16 and 8 lanes, and their tails
];

/** A kernel set under test: the wasm variants, and the native set on each instruction set the CPU has. */
interface GateSet {
  name: string;
  make: (heap: Heap) => RecurrentKernels;
  isa?: 'avx512' | 'avx2';
}
const nativeIsa = nativeAddon()?.isa();
const GATE_SETS: GateSet[] = [
  ...variants.map((v) => ({ name: `wasm ${v}`, make: (heap: Heap) => wasmRecurrent(instantiate(heap, wasmModule(v, false)), heap) })),
  ...(nativeIsa === 'avx512' ? (['avx512', 'avx2'] as const) : nativeIsa === 'avx2' ? (['avx2'] as const) : []).map((isa) => ({
    name: `native ${isa}`,
    make: (heap: Heap) => nativeKernels(heap),
    isa,
  })),
];
const ACTS: ActCode[] = [
  Act.tanh,
  Act.sigmoid,
  Act.relu,
  Act.linear,
  Act.hardSigmoid,
  Act.elu,
  Act.selu,
  Act.softplus,
  Act.hardSigmoidKeras3,
];
const REC_ACTS: ActCode[] = [Act.sigmoid, Act.hardSigmoid, Act.hardSigmoidKeras3];

/** Buffers named by role; `gates` style buffers hold values in (0, 1) like saved activations. */
type Layout = Record<string, { n: number; range?: [number, number] }>;
type Call = (k: RecurrentKernels, p: Record<string, number>, rows: number, units: number, act: ActCode, recAct: ActCode) => void;

interface Case {
  name: string;
  layout: (rows: number, units: number) => Layout;
  call: Call;
}

const cases: Case[] = [
  {
    name: 'simpleRnnForward',
    layout: (b, u) => ({ z: { n: b * u }, hPrev: { n: b * u }, hOut: { n: b * u } }),
    call: (k, p, b, u, act) => k.simpleRnnForward(b, u, act, p.z!, p.hPrev!, p.hOut!, p.mask!),
  },
  {
    name: 'simpleRnnBackward',
    layout: (b, u) => ({ a: { n: b * u, range: [0.01, 0.99] }, dh: { n: b * u }, dz: { n: b * u } }),
    call: (k, p, b, u, act) => k.simpleRnnBackward(b, u, act, p.a!, p.dh!, p.dz!, p.mask!),
  },
  {
    name: 'lstmForward',
    layout: (b, u) => ({
      z: { n: 4 * b * u, range: [-3, 3] },
      cPrev: { n: b * u },
      hPrev: { n: b * u },
      cOut: { n: b * u },
      hOut: { n: b * u },
    }),
    call: (k, p, b, u, act, rec) => k.lstmForward(b, u, act, rec, p.z!, p.cPrev!, p.hPrev!, p.cOut!, p.hOut!, p.mask!),
  },
  {
    name: 'lstmBackward',
    layout: (b, u) => ({
      gates: { n: 4 * b * u, range: [0.01, 0.99] },
      cPrev: { n: b * u },
      c: { n: b * u },
      dh: { n: b * u },
      dc: { n: b * u },
      dz: { n: 4 * b * u },
    }),
    call: (k, p, b, u, act, rec) => k.lstmBackward(b, u, act, rec, p.gates!, p.cPrev!, p.c!, p.dh!, p.dc!, p.dz!, p.mask!),
  },
  {
    name: 'gruForward',
    layout: (b, u) => ({
      zx: { n: 3 * b * u, range: [-3, 3] },
      rec: { n: 3 * b * u },
      bias: { n: 3 * u },
      hPrev: { n: b * u },
      hOut: { n: b * u },
    }),
    call: (k, p, b, u, act, rec) => k.gruForward(b, u, act, rec, p.zx!, p.rec!, p.mask! < 0 ? -1 : p.bias!, p.hPrev!, p.hOut!, p.mask!),
  },
  {
    name: 'gruBackward',
    layout: (b, u) => ({
      gates: { n: 3 * b * u, range: [0.01, 0.99] },
      rec: { n: 3 * b * u },
      hPrev: { n: b * u },
      dh: { n: b * u },
      dzx: { n: 3 * b * u },
      dzRec: { n: 3 * b * u },
    }),
    call: (k, p, b, u, act, rec) => k.gruBackward(b, u, act, rec, p.gates!, p.rec!, p.hPrev!, p.dh!, p.dzx!, p.dzRec!, p.mask!),
  },
  {
    name: 'gruResetBeforeGates',
    layout: (b, u) => ({ z: { n: 3 * b * u, range: [-3, 3] }, hReset: { n: b * u }, rh: { n: b * u } }),
    call: (k, p, b, u, _act, rec) => k.gruResetBeforeGates(b, u, rec, p.z!, p.hReset!, p.rh!),
  },
  {
    name: 'gruResetBeforeOutput',
    layout: (b, u) => ({ z: { n: 3 * b * u, range: [-3, 3] }, hPrev: { n: b * u }, hOut: { n: b * u } }),
    call: (k, p, b, u, act) => k.gruResetBeforeOutput(b, u, act, p.z!, p.hPrev!, p.hOut!, p.mask!),
  },
  {
    name: 'gruResetBeforeBackwardOutput',
    layout: (b, u) => ({ gates: { n: 3 * b * u, range: [0.01, 0.99] }, hPrev: { n: b * u }, dh: { n: b * u }, dz: { n: 3 * b * u } }),
    call: (k, p, b, u, act, rec) => k.gruResetBeforeBackwardOutput(b, u, act, rec, p.gates!, p.hPrev!, p.dh!, p.dz!, p.mask!),
  },
  {
    name: 'gruResetBeforeBackwardReset',
    layout: (b, u) => ({ gates: { n: 3 * b * u, range: [0.01, 0.99] }, hReset: { n: b * u }, drh: { n: b * u }, dz: { n: 3 * b * u } }),
    call: (k, p, b, u, _act, rec) => k.gruResetBeforeBackwardReset(b, u, rec, p.gates!, p.hReset!, p.drh!, p.dz!),
  },
];

/** Same allocations and contents on both heaps; returns the pointers (equal on both). */
function setUp(heaps: Heap[], layout: Layout, rows: number, masked: boolean, rng: Random): Record<string, number> {
  const ptrs: Record<string, number> = {};
  const all: Layout = masked ? { ...layout, mask: { n: rows } } : layout;
  for (const [role, { n, range }] of Object.entries(all)) {
    const [lo, hi] = range ?? [-1.5, 1.5];
    const values = Float32Array.from({ length: n }, (_, i) => (role === 'mask' ? (i % 3 === 1 ? 0 : 1) : rng.uniform(lo, hi)));
    for (const heap of heaps) {
      const buf = heap.alloc(n);
      heap.view(buf).set(values);
      ptrs[role] = buf.offset;
    }
  }
  if (!masked) ptrs.mask = -1;
  return ptrs;
}

/** Largest |a − b| / (1 + |b|) over everything the two heaps hold. */
function heapDiff(a: Heap, b: Heap, from: number, to: number): number {
  const x = a.f32;
  const y = b.f32;
  let worst = 0;
  for (let i = from; i < to; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!) / (1 + Math.abs(y[i]!)));
  return worst;
}

for (const set of GATE_SETS) {
  describe(`recurrent gate kernels: ${set.name} vs reference`, () => {
    const refHeap = new Heap({ shared: false });
    const wasmHeap = new Heap({ shared: false });
    const reference = referenceRecurrent(refHeap);
    const wasm = set.make(wasmHeap);
    beforeEach(() => void (set.isa && nativeAddon()!.setIsa(set.isa)));
    afterAll(() => void (set.isa && nativeAddon()!.setIsa('auto')));

    for (const c of cases) {
      it(c.name, () => {
        const rng = new Random(42);
        for (const [rows, units] of SIZES) {
          for (const masked of [false, true]) {
            for (const act of ACTS) {
              for (const recAct of REC_ACTS) {
                const start = refHeap.allocatedElements;
                const base = 1 << 18; // RESERVED_BYTES / 4: where both allocators start
                const p = setUp([refHeap, wasmHeap], c.layout(rows, units), rows, masked, rng);
                c.call(reference, p, rows, units, act, recAct);
                c.call(wasm, p, rows, units, act, recAct);
                const end = base + refHeap.allocatedElements;
                const diff = heapDiff(wasmHeap, refHeap, base + start, end);
                if (diff > 2e-6)
                  throw new Error(`${c.name} rows=${rows} units=${units} masked=${masked} act=${act} recAct=${recAct}: differs by ${diff}`);
                expect(diff).toBeLessThanOrEqual(2e-6);
              }
            }
          }
        }
      });
    }

    it('backward flushes gradients below 1e-30 to zero (denormals slow GEMMs) but keeps NaN', () => {
      for (const [heap, k] of [
        [refHeap, reference],
        [wasmHeap, wasm],
      ] as const) {
        const a = heap.alloc(5),
          dh = heap.alloc(5),
          dz = heap.alloc(5);
        heap.view(a).set([0.5, 0.5, 0.5, 0.5, 0.5]);
        heap.view(dh).set([1e-31, -1e-36, 1e-20, NaN, 2]);
        k.simpleRnnBackward(1, 5, Act.tanh, a.offset, dh.offset, dz.offset, -1);
        const got = Array.from(heap.view(dz));
        expect(got.slice(0, 2)).toEqual([0, 0]);
        expect(got[2]).toBeCloseTo(0.75e-20, 25);
        expect(got[3]).toBeNaN();
        expect(got[4]).toBeCloseTo(1.5, 6);
      }
    });

    it('oneHotIds reads one-hot rows as ids (time-major, reversed or not) and refuses anything else', () => {
      const rng = new Random(8);
      const run = (values: Float32Array, b: number, t: number, w: number, reverse: boolean): Array<[boolean, Int32Array]> =>
        [refHeap, wasmHeap].map((heap, i) => {
          const x = heap.alloc(values.length);
          const ids = heap.alloc(b * t);
          heap.view(x).set(values);
          heap.i32.fill(-7, ids.offset, ids.offset + b * t);
          const ok = (i === 0 ? reference : wasm).oneHotIds(x.offset, b, t, w, ids.offset, reverse);
          return [ok, heap.i32.slice(ids.offset, ids.offset + b * t)];
        });
      for (const [b, t, w] of [
        [3, 5, 57],
        [2, 4, 3],
        [1, 3, 8],
        [4, 2, 1],
        [2, 2, 5],
      ] as const) {
        for (const reverse of [false, true]) {
          const hot = Array.from({ length: b * t }, () => rng.int(w));
          const values = new Float32Array(b * t * w);
          hot.forEach((h, r) => (values[r * w + h] = 1));
          const [[okRef, idsRef], [okWasm, idsWasm]] = run(values, b, t, w, reverse);
          expect([okRef, okWasm]).toEqual([true, true]);
          expect(idsWasm).toEqual(idsRef);
          // ids[t', b] = hot[b, t] with t' = reverse ? T−1−t : t
          expect(idsRef[(reverse ? t - 1 : 0) * b + (b - 1)]).toBe(hot[(b - 1) * t]);
          // not one-hot: a 2, a second 1, a NaN, 0.5, an all-zero row, each in the SIMD body and the tail
          for (const spoil of [
            (r: number[]) => (r[0] = 2),
            (r: number[]) => (r[r.length - 1] = r[r.length - 1] === 1 ? 0.5 : 1),
            (r: number[]) => (r[w >> 1] = NaN),
            (r: number[]) => r.fill(0),
          ]) {
            const bad = values.slice();
            const row = Array.from(bad.subarray(w * (b * t - 1), w * b * t));
            spoil(row);
            if (row.filter((v) => v === 1).length === 1 && row.every((v) => v === 0 || v === 1)) continue; // still one-hot
            bad.set(row, w * (b * t - 1));
            expect(run(bad, b, t, w, reverse).map(([ok]) => ok)).toEqual([false, false]);
          }
        }
      }
    });

    it('transposeTime in every direction', () => {
      const rng = new Random(5);
      for (const [d0, d1, f] of [
        [3, 5, 7],
        [1, 4, 1],
        [6, 2, 3],
      ] as const) {
        for (const r0 of [false, true]) {
          for (const r1 of [false, true]) {
            const values = Float32Array.from({ length: d0 * d1 * f }, () => rng.uniform(-1, 1));
            const out = [refHeap, wasmHeap].map((heap, i) => {
              const src = heap.alloc(values.length);
              const dst = heap.alloc(values.length);
              heap.view(src).set(values);
              (i === 0 ? reference : wasm).transposeTime(src.offset, dst.offset, d0, d1, f, r0, r1);
              return heap.view(dst).slice();
            });
            expect(out[1]).toEqual(out[0]);
            // spot-check the contract on the reference: dst[j, i] = src[i', j']
            const i = d0 - 1,
              j = 0;
            const ii = r0 ? d0 - 1 - i : i,
              jj = r1 ? d1 - 1 - j : j;
            expect(out[0]![(j * d0 + i) * f]).toBe(values[(ii * d1 + jj) * f]);
          }
        }
      }
    });
  });
}

// The relaxed build on whole training steps of every cell (forward, backward, weight
// gradients), against the reference kernels. (Node 20 gets relaxed SIMD from a V8 flag that
// src/kernels/wasm/module.ts turns on at run time.)
describe.skipIf(!wasmSupported('relaxed', false))('recurrent layers on the relaxed-SIMD build', () => {
  it('agree with the reference on a training step of every cell', () => {
    const before = engine();
    const run = (k: Kernels, make: () => Layer): Float32Array[] => {
      setKernels(k);
      setSeed(3);
      const layer = make();
      const put = (n: number, seed: number, shape: number[]): Activation => {
        const b = k.heap.alloc(n);
        const v = k.heap.view(b);
        const r = new Random(seed);
        for (let i = 0; i < n; i++) v[i] = r.uniform(-1, 1);
        return { buf: b, shape, dtype: 'float32' };
      };
      const [out] = layer.forward([put(6 * 9 * 5, 1, [6, 9, 5])], { training: true, rng: new Random(2) });
      const [dx] = layer.backward([put(out!.buf.length, 3, out!.shape).buf], { needInputGrads: [true] });
      return [k.heap.view(out!.buf).slice(), k.heap.view(dx!).slice(), ...layer.weights.map((w) => k.heap.view(w.grad).slice())];
    };
    let worst = 0;
    try {
      for (const make of [
        () => lstm({ units: 7, returnSequences: true, dropout: 0.2, recurrentDropout: 0.2 }),
        () => gru({ units: 7, returnSequences: true }),
        () => gru({ units: 6, resetAfter: false, recurrentActivation: 'hard_sigmoid' }),
        () => simpleRNN({ units: 5, activation: 'relu' }),
      ]) {
        const a = run(referenceKernels(new Heap()), make);
        const b = run(wasmKernels(new Heap(), { variant: 'relaxed' }), make);
        a.forEach((x, i) =>
          x.forEach((v, j) => {
            worst = Math.max(worst, Math.abs(v - b[i]![j]!) / (1 + Math.abs(v)));
          }),
        );
      }
    } finally {
      setKernels(before);
    }
    expect(worst).toBeLessThan(2e-5);
  });
});
