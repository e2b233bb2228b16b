// Differential test: the WebAssembly Embedding→Conv1D gather/scatter (assembly/conv.ts) against
// the reference, for odd widths (SIMD body + scalar tail), strides, dilations and paddings.
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/heap.ts';
import { referenceConv } from '../../src/kernels/reference/conv.ts';
import { wasmConv } from '../../src/kernels/wasm/conv.ts';
import { instantiate, wasmModule, wasmSupported, type WasmVariant } from '../../src/kernels/wasm/module.ts';
import { Random } from '../../src/random.ts';

const variants: WasmVariant[] = (['simd', 'relaxed'] as const).filter((v) => wasmSupported(v, false));
// [batch, inLen, outLen, taps, stride, dilation, padLeft, vocab, f]
const CASES: number[][] = [
  [2, 9, 7, 3, 1, 1, 0, 5, 7],
  [3, 10, 5, 4, 2, 1, 1, 6, 8],
  [1, 8, 8, 2, 1, 3, 3, 4, 13],
  [2, 6, 6, 5, 1, 1, 2, 3, 1],
  [2, 17, 5, 3, 3, 2, 4, 7, 9],
];

describe.each(variants)('conv kernels, wasm %s vs reference', (variant) => {
  for (const c of CASES) {
    it(`embeddingConvGather / embeddingConvScatterList ${JSON.stringify(c)}`, () => {
      const [batch, inLen, outLen, taps, stride, dilation, padLeft, vocab, f] = c as [
        number,
        number,
        number,
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      const results = [false, true].map((wasm) => {
        const heap = new Heap({ shared: false });
        const k = wasm ? wasmConv(heap, instantiate(heap, wasmModule(variant, false))) : referenceConv(heap);
        const rng = new Random(1);
        const ids = heap.alloc(batch * inLen);
        heap.viewInt(ids).set(Int32Array.from({ length: batch * inLen }, () => rng.int(vocab)));
        const table = heap.alloc(vocab * taps * f);
        heap.view(table).set(Float32Array.from({ length: table.length }, () => rng.uniform(-1, 1)));
        const out = heap.alloc(batch * outLen * f);
        heap.view(out).set(Float32Array.from({ length: out.length }, () => rng.uniform(-1, 1)));
        k.embeddingConvGather(ids.offset, batch, inLen, outLen, taps, stride, dilation, padLeft, table.offset, vocab, f, out.offset);
        // the transpose: every token in one block of the table
        const n = batch * inLen;
        const order = heap.alloc(n),
          starts = heap.alloc(2);
        k.bucketIds(ids.offset, n, vocab, 1, order.offset, starts.offset);
        k.embeddingConvScatterList(
          ids.offset,
          order.offset,
          0,
          n,
          inLen,
          outLen,
          taps,
          stride,
          dilation,
          padLeft,
          out.offset,
          f,
          table.offset,
          0,
        );
        return [heap.view(out).slice(), heap.view(table).slice()];
      });
      const [ref, wasm] = results as [[Float32Array, Float32Array], [Float32Array, Float32Array]];
      expect(Array.from(wasm[0])).toEqual(Array.from(ref[0]));
      // same additions in the same order (see assembly/conv.ts): equal bit for bit
      expect(Array.from(wasm[1])).toEqual(Array.from(ref[1]));
    });
  }

  it('bucketIds sorts positions by id block, stably; embeddingConvScatterList block by block equals one block', () => {
    const [batch, inLen, outLen, taps, stride, dilation, padLeft, vocab, f] = [3, 11, 9, 3, 1, 1, 0, 23, 6];
    const blockRows = 5,
      blocks = Math.ceil(vocab / blockRows);
    const results = [false, true].map((wasm) => {
      const heap = new Heap({ shared: false });
      const k = wasm ? wasmConv(heap, instantiate(heap, wasmModule(variant, false))) : referenceConv(heap);
      const rng = new Random(3);
      const n = batch * inLen;
      const ids = heap.alloc(n);
      heap.viewInt(ids).set(Int32Array.from({ length: n }, () => rng.int(vocab)));
      const order = heap.alloc(n),
        starts = heap.alloc(blocks + 1);
      k.bucketIds(ids.offset, n, blockRows, blocks, order.offset, starts.offset);
      const dOut = heap.alloc(batch * outLen * f);
      heap.view(dOut).set(Float32Array.from({ length: dOut.length }, () => rng.uniform(-1, 1)));
      const whole = heap.alloc(vocab * taps * f),
        blocked = heap.alloc(vocab * taps * f);
      const allOrder = heap.alloc(n),
        allStarts = heap.alloc(2);
      k.bucketIds(ids.offset, n, vocab, 1, allOrder.offset, allStarts.offset);
      k.embeddingConvScatterList(
        ids.offset,
        allOrder.offset,
        0,
        n,
        inLen,
        outLen,
        taps,
        stride,
        dilation,
        padLeft,
        dOut.offset,
        f,
        whole.offset,
        0,
      );
      const st = heap.viewInt(starts);
      for (let g = 0; g < blocks; g++) {
        const at = blocked.offset + g * blockRows * taps * f;
        k.embeddingConvScatterList(
          ids.offset,
          order.offset,
          st[g]!,
          st[g + 1]!,
          inLen,
          outLen,
          taps,
          stride,
          dilation,
          padLeft,
          dOut.offset,
          f,
          at,
          g * blockRows,
        );
      }
      return {
        ids: Array.from(heap.viewInt(ids)),
        order: Array.from(heap.viewInt(order)),
        starts: Array.from(st),
        whole: Array.from(heap.view(whole)),
        blocked: Array.from(heap.view(blocked)),
      };
    });
    const [ref, wasm] = results;
    expect(wasm).toEqual(ref);
    // the contract: block by block, positions ascending within a block
    const expected = Array.from({ length: blocks }, (_, g) => ref!.ids.flatMap((id, i) => (Math.floor(id / blockRows) === g ? [i] : [])));
    expect(ref!.order).toEqual(expected.flat());
    expect(ref!.starts).toEqual([0, ...expected.map((_, g) => expected.slice(0, g + 1).flat().length)]);
    expect(ref!.blocked).toEqual(ref!.whole);
  });

  // [batch, inLen, channels, poolSize, stride, padLeft, outLen]
  const POOLS: number[][] = [
    [2, 9, 7, 2, 2, 0, 4],
    [3, 10, 8, 3, 2, 1, 5],
    [1, 7, 13, 4, 3, 1, 3],
    [2, 5, 3, 5, 5, 0, 1],
  ];
  for (const c of POOLS) {
    it(`maxPool1d (+ grad) / avgPool1d ${JSON.stringify(c)}`, () => {
      const [batch, inLen, channels, poolSize, stride, padLeft, outLen] = c as [number, number, number, number, number, number, number];
      const results = [false, true].map((wasm) => {
        const heap = new Heap({ shared: false });
        const k = wasm ? wasmConv(heap, instantiate(heap, wasmModule(variant, false))) : referenceConv(heap);
        const rng = new Random(2);
        const x = heap.alloc(batch * inLen * channels);
        heap.view(x).set(Float32Array.from({ length: x.length }, () => rng.uniform(-1, 1)));
        const n = batch * outLen * channels;
        const mx = heap.alloc(n),
          arg = heap.alloc(n),
          avg = heap.alloc(n);
        k.maxPool1d(x.offset, batch, inLen, channels, outLen, poolSize, stride, padLeft, mx.offset, arg.offset);
        k.avgPool1d(x.offset, batch, inLen, channels, outLen, poolSize, stride, padLeft, avg.offset);
        const dOut = heap.alloc(n);
        heap.view(dOut).set(Float32Array.from({ length: n }, () => rng.uniform(-1, 1)));
        const dx = heap.alloc(x.length);
        heap.view(dx).fill(0.5);
        k.maxPool1dGrad(dOut.offset, arg.offset, batch, inLen, channels, outLen, dx.offset);
        return [Array.from(heap.view(mx)), Array.from(heap.viewInt(arg)), Array.from(heap.view(avg)), Array.from(heap.view(dx))];
      });
      const [ref, wasm] = results as [number[][], number[][]];
      expect(wasm[0]).toEqual(ref[0]);
      expect(wasm[1]).toEqual(ref[1]);
      wasm[2]!.forEach((v, i) => expect(v).toBeCloseTo(ref[2]![i]!, 6));
      expect(wasm[3]).toEqual(ref[3]);
    });
  }
});
