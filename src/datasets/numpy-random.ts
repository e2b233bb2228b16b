// numpy's legacy `RandomState` (MT19937), only as far as Keras' loaders use it:
// `RandomState(seed).shuffle(indices)`. Reproducing it lets `imdb.loadData({seed: 113})` and
// `reuters.loadData({seed: 113})` return the samples in the very order Keras returns them.
// Everything else in sunhwan draws from src/random.ts; this exists only for Keras compatibility.

const N = 624;
const M = 397;

export class NumpyRandomState {
  private readonly mt = new Uint32Array(N);
  private index = N;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new Error(`NumpyRandomState: seed must be an integer in [0, 2**32), got ${seed}`);
    }
    // numpy seeds an integer with MT's init_genrand (not init_by_array).
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = this.mt[i - 1]! ^ (this.mt[i - 1]! >>> 30);
      this.mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.index = N;
  }

  /** Next 32-bit output of MT19937 (genrand_int32). */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i]! & 0x80000000) | (mt[(i + 1) % N]! & 0x7fffffff);
      let next = mt[(i + M) % N]! ^ (y >>> 1);
      if (y & 1) next ^= 0x9908b0df;
      mt[i] = next >>> 0;
    }
    this.index = 0;
  }

  /** numpy's random_interval: uniform integer in [0, max] by masked rejection (max < 2**32). */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /** In-place shuffle, the same permutation as numpy's `RandomState.shuffle` on a 1-D array. */
  shuffle<T extends { length: number; [i: number]: any }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** `rng.shuffle(np.arange(n))`: a permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const indices = new Int32Array(n);
    for (let i = 0; i < n; i++) indices[i] = i;
    return this.shuffle(indices);
  }
}
