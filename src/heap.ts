// The kernel heap: one WebAssembly.Memory that every kernel (reference TypeScript and
// WebAssembly SIMD alike) reads and writes. Buffers are addressed by element offset
// (float32/int32 index, 4 bytes each) so a pointer is valid for both implementations
// and for worker threads sharing the memory. Views are re-created when memory grows.
//
// Layers allocate their weights, gradients and activations here once per shape and
// reuse them across batches; nothing is allocated on the hot path.

const PAGE_BYTES = 65536;
/** Bytes kept for the wasm module's own static data and stack; the allocator starts above. */
export const RESERVED_BYTES = 1 << 20;
const ALIGN_FLOATS = 16; // 64-byte alignment: a cache line, and a multiple of the 16-byte SIMD width

export interface HeapOptions {
  /** Shared memory (SharedArrayBuffer) so worker threads can use it. Default: true where available. */
  shared?: boolean;
  initialBytes?: number;
  maximumBytes?: number;
}

/** A region of the heap: `offset` and `length` count 4-byte elements. */
export interface HeapBuffer {
  readonly offset: number;
  readonly length: number;
}

export class Heap {
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  private f32View: Float32Array;
  private i32View: Int32Array;
  /** Free blocks sorted by offset: [offset, length] in elements. */
  private free: Array<[number, number]> = [];
  private top: number; // first element never handed out
  private readonly sizes = new Map<number, number>();

  constructor(options: HeapOptions = {}) {
    const shared = options.shared ?? typeof SharedArrayBuffer !== 'undefined';
    const initial = Math.ceil((options.initialBytes ?? 16 * RESERVED_BYTES) / PAGE_BYTES);
    const maximum = Math.ceil((options.maximumBytes ?? 4 * 1024 * 1024 * 1024 - PAGE_BYTES) / PAGE_BYTES);
    this.memory = new WebAssembly.Memory({ initial, maximum, shared } as WebAssembly.MemoryDescriptor);
    this.shared = shared;
    this.f32View = new Float32Array(this.memory.buffer);
    this.i32View = new Int32Array(this.memory.buffer);
    this.top = RESERVED_BYTES / 4;
  }

  /** Float32 view of the whole heap. Re-read after any allocation (memory may have grown). */
  get f32(): Float32Array {
    if (this.f32View.buffer !== this.memory.buffer || this.f32View.length * 4 !== this.memory.buffer.byteLength) {
      this.f32View = new Float32Array(this.memory.buffer);
    }
    return this.f32View;
  }

  get i32(): Int32Array {
    if (this.i32View.buffer !== this.memory.buffer || this.i32View.length * 4 !== this.memory.buffer.byteLength) {
      this.i32View = new Int32Array(this.memory.buffer);
    }
    return this.i32View;
  }

  /** Allocates `length` elements (zero-filled), aligned to 64 bytes. */
  alloc(length: number): HeapBuffer {
    if (!Number.isInteger(length) || length < 0) throw new Error(`heap.alloc: bad length ${length}`);
    const size = Math.max(ALIGN_FLOATS, Math.ceil(length / ALIGN_FLOATS) * ALIGN_FLOATS);
    let offset = -1;
    for (let i = 0; i < this.free.length; i++) {
      const [start, len] = this.free[i]!;
      if (len >= size) {
        offset = start;
        if (len === size) this.free.splice(i, 1);
        else this.free[i] = [start + size, len - size];
        break;
      }
    }
    if (offset < 0) {
      // grow first: a failed growth must leave `top` (and so every later allocation) as it was
      this.ensure((this.top + size) * 4, length);
      offset = this.top;
      this.top += size;
    }
    this.sizes.set(offset, size);
    this.f32.fill(0, offset, offset + size);
    return { offset, length };
  }

  /** Returns a buffer to the heap. Double frees and foreign buffers are errors. */
  release(buffer: HeapBuffer): void {
    const size = this.sizes.get(buffer.offset);
    if (size === undefined) throw new Error(`heap.release: offset ${buffer.offset} is not an allocated buffer`);
    this.sizes.delete(buffer.offset);
    // insert sorted, then merge with neighbours
    let i = 0;
    while (i < this.free.length && this.free[i]![0] < buffer.offset) i++;
    this.free.splice(i, 0, [buffer.offset, size]);
    if (i + 1 < this.free.length && this.free[i]![0] + this.free[i]![1] === this.free[i + 1]![0]) {
      this.free[i]![1] += this.free[i + 1]![1];
      this.free.splice(i + 1, 1);
    }
    if (i > 0 && this.free[i - 1]![0] + this.free[i - 1]![1] === this.free[i]![0]) {
      this.free[i - 1]![1] += this.free[i]![1];
      this.free.splice(i, 1);
      i--;
    }
    // give the tail back to the bump pointer
    const last = this.free[this.free.length - 1];
    if (last && last[0] + last[1] === this.top) {
      this.top = last[0];
      this.free.pop();
    }
  }

  /** Elements handed out and not released (for leak tests and memory reports). */
  get allocatedElements(): number {
    let n = 0;
    for (const s of this.sizes.values()) n += s;
    return n;
  }

  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  /** Float32Array view of one buffer (valid until the next allocation). */
  view(buffer: HeapBuffer): Float32Array {
    return this.f32.subarray(buffer.offset, buffer.offset + buffer.length);
  }

  viewInt(buffer: HeapBuffer): Int32Array {
    return this.i32.subarray(buffer.offset, buffer.offset + buffer.length);
  }

  private ensure(bytes: number, requested: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes <= have) return;
    const pages = Math.ceil((bytes - have) / PAGE_BYTES);
    // grow geometrically so a run of allocations does not grow page by page
    const want = Math.max(pages, Math.ceil(have / PAGE_BYTES / 4));
    try {
      this.memory.grow(want);
    } catch {
      try {
        this.memory.grow(pages);
      } catch {
        const mb = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MB`;
        throw new RangeError(
          `heap: cannot allocate ${requested} floats (${mb(requested * 4)}): the heap holds ${mb(this.allocatedElements * 4)} ` +
            `in use of ${mb(have)} and cannot grow to ${mb(bytes)} (the maximum is 4 GB, or less where memory is short)`,
        );
      }
    }
  }
}
