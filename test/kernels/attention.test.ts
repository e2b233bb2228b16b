// Differential test: the WebAssembly tanh attention scores (assembly/attention.ts) against the
// reference, for feature sizes with and without a SIMD tail, with and without per-feature weights.
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/heap.ts';
import { referenceAttention } from '../../src/kernels/reference/attention.ts';
import { wasmAttention } from '../../src/kernels/wasm/attention.ts';
import { instantiate, wasmModule, wasmSupported, type WasmVariant } from '../../src/kernels/wasm/module.ts';
import { Random } from '../../src/random.ts';

const variants: WasmVariant[] = (['simd', 'relaxed'] as const).filter((v) => wasmSupported(v, false));

describe.each(variants)('attention kernels, wasm %s vs reference', (variant) => {
  for (const [batch, tq, tv, d, withS] of [
    [2, 3, 4, 8, true],
    [1, 2, 5, 7, false],
    [2, 1, 3, 1, true],
    [1, 4, 4, 6, false],
  ] as const) {
    it(`tanhScores/tanhScoresGrad B=${batch} Tq=${tq} Tv=${tv} d=${d} s=${withS}`, () => {
      const out = [false, true].map((wasm) => {
        const heap = new Heap({ shared: false });
        const k = wasm ? wasmAttention(heap, instantiate(heap, wasmModule(variant, false))) : referenceAttention(heap);
        const rng = new Random(3);
        const fill = (n: number, scale = 1) => {
          const b = heap.alloc(n);
          heap.view(b).set(Float32Array.from({ length: n }, () => rng.uniform(-scale, scale)));
          return b;
        };
        const q = fill(batch * tq * d),
          key = fill(batch * tv * d),
          s = fill(d),
          dS = fill(batch * tq * tv);
        const a = heap.alloc(batch * tq * tv * d),
          scores = heap.alloc(batch * tq * tv);
        const dq = fill(batch * tq * d, 0.1),
          dk = fill(batch * tv * d, 0.1),
          ds = fill(d, 0.1),
          scalars = fill(2, 0.1);
        k.tanhScores(q.offset, key.offset, batch, tq, tv, d, withS ? s.offset : -1, 0.7, 1.3, a.offset, scores.offset);
        k.tanhScoresGrad(
          q.offset,
          key.offset,
          batch,
          tq,
          tv,
          d,
          withS ? s.offset : -1,
          0.7,
          1.3,
          a.offset,
          dS.offset,
          dq.offset,
          dk.offset,
          withS ? ds.offset : -1,
          scalars.offset,
        );
        return [a, scores, dq, dk, ds, scalars].map((b) => Array.from(heap.view(b)));
      });
      const [ref, wasm] = out as [number[][], number[][]];
      ref.forEach((values, i) => values.forEach((v, j) => expect(wasm[i]![j]).toBeCloseTo(v, 5)));
    });
  }
});
