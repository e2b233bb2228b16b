import { describe, expect, it } from 'vitest';
import { Heap } from '../src/heap.ts';

describe('heap', () => {
  it('allocates aligned zeroed buffers, reuses freed space and grows', () => {
    const heap = new Heap({ initialBytes: 2 << 20 });
    const a = heap.alloc(10);
    expect(a.offset % 16).toBe(0);
    heap.view(a).fill(7);
    const b = heap.alloc(100);
    heap.release(a);
    const c = heap.alloc(5);
    expect(c.offset).toBe(a.offset);
    expect(heap.view(c)[0]).toBe(0);
    const big = heap.alloc(4 << 20); // forces growth
    expect(heap.byteLength).toBeGreaterThan(16 << 20);
    heap.view(big)[big.length - 1] = 3;
    expect(heap.f32[big.offset + big.length - 1]).toBe(3);
    heap.release(b);
    heap.release(c);
    heap.release(big);
    expect(heap.allocatedElements).toBe(0);
    expect(() => heap.release(b)).toThrow(/not an allocated buffer/);
  });

  it('stays usable after an allocation that cannot fit (the end pointer does not move)', () => {
    const heap = new Heap({ initialBytes: 2 << 20, maximumBytes: 8 << 20 });
    const before = heap.alloc(100);
    expect(() => heap.alloc(4 << 20)).toThrow(/heap: cannot allocate 4194304 floats \(16\.0 MB\)/);
    const after = heap.alloc(100);
    expect(after.offset).toBe(before.offset + 112);
    heap.release(before);
    heap.release(after);
    expect(heap.allocatedElements).toBe(0);
    const reuse = heap.alloc(1 << 20); // 4 MB still fits in the 8 MB maximum
    expect(reuse.offset).toBe(before.offset);
  });
});
