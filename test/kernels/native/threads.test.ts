// The native set on worker threads: each worker loads the addon (WorkerInit.native) and runs
// the GEMMs in C, so a product split across the pool equals one call bit for bit (a worker that
// ran the wasm GEMM instead would round differently).

import { afterAll, describe, expect, it } from 'vitest';
import { Heap } from '../../../src/heap.ts';
import { Act, packedBFloats } from '../../../src/kernels/core.ts';
import { nativeKernels, nativeSupported } from '../../../src/kernels/native/index.ts';
import { sequenceScratchFloats } from '../../../src/kernels/sequence.ts';
import { runSequenceCalls, type SequenceCall } from '../../../src/layers/recurrent/inference.ts';
import { closeThreads, DEFAULT_POLICY, poolFor, setThreads, threadedKernels, type ThreadPolicy } from '../../../src/threads/index.ts';
import { firstMismatch, fixture } from '../wasm/differential.ts';

afterAll(() => {
  closeThreads();
});

describe.skipIf(!nativeSupported(true))('native kernels on worker threads', () => {
  it('a GEMM split across 2 threads gives the bits of one native call, with the workers running the addon', () => {
    setThreads(2);
    const heap = new Heap({ initialBytes: 16 << 20 });
    const native = nativeKernels(heap);
    const threaded = threadedKernels(native);
    const f = fixture(heap, 5);
    const [m, n, k] = [256, 200, 160];
    const a = f.put(f.randn(m * k)),
      b = f.put(f.randn(k * n));
    const single = f.put(new Float32Array(m * n));
    native.gemm(false, true, m, n, k, 1, a, k, b, k, 0, single, n);
    const split = f.put(new Float32Array(m * n));
    const pool = poolFor(native);
    expect(pool).not.toBeNull();
    // under load a worker may be slow to claim a chunk: repeat until one has run on a worker
    for (let tries = 0; tries < 200 && pool!.claimed === pool!.jobs; tries++) {
      threaded.gemm(false, true, m, n, k, 1, a, k, b, k, 0, split, n);
      expect(firstMismatch(f.get(split, m * n), f.get(single, m * n), () => 0)).toBeNull();
    }
    expect(pool!.jobs).toBeGreaterThan(pool!.claimed);
    threaded.gemm(false, true, m, n, k, 1, a, k, b, k, 0, split, n);
    expect(firstMismatch(f.get(split, m * n), f.get(single, m * n), () => 0)).toBeNull();
  });
});

describe.skipIf(!nativeSupported(true))('native sequence kernels on worker threads', () => {
  it('an LSTM time loop split by rows across 2 threads equals one call, and a worker’s part runs in C', () => {
    setThreads(2);
    const heap = new Heap({ initialBytes: 16 << 20 });
    const native = nativeKernels(heap);
    const threaded = threadedKernels(native);
    const f = fixture(heap, 7);
    const [batch, steps, units, vocab] = [24, 6, 20, 9];
    const gu = 4 * units;
    const table = f.put(f.randn(vocab * gu));
    const packedU = heap.alloc(packedBFloats(gu, units)).offset;
    native.packB(false, f.put(f.randn(units * gu)), gu, units, gu, packedU);
    const ids = heap.alloc(batch * steps).offset;
    for (let i = 0; i < batch * steps; i++) heap.i32[ids + i] = f.rng.int(vocab);
    const scratch = heap.alloc(sequenceScratchFloats(batch, gu)).offset;
    const call = (h: number, c: number): SequenceCall => ({
      kernel: 'lstmSequence',
      batch,
      steps,
      units,
      gateWidth: gu,
      act: Act.tanh,
      recAct: Act.sigmoid,
      reverse: false,
      ids,
      x: table,
      strideRow: steps,
      strideStep: 1,
      inputDim: vocab,
      packedW: -1,
      bias: -1,
      packedU,
      recBias: -1,
      h,
      c,
      mask: -1,
      out: -1,
      scratch,
    });
    const states = () => [f.put(new Float32Array(batch * units)), f.put(new Float32Array(batch * units))] as const;
    const [h1, c1] = states();
    runSequenceCalls(native, [call(h1, c1)]);
    const pool = poolFor(native)!;
    // under the default policy a loop this small stays on the calling thread (nativeLoopKernelMinWork)
    const runs = pool.runs;
    runSequenceCalls(threaded, [call(...states())]);
    expect(pool.runs).toBe(runs);
    const split: ThreadPolicy = {
      ...DEFAULT_POLICY,
      rowLoopMinBatch: 2,
      rowLoopMinWork: 0,
      nativeRowLoopMinWork: 0,
      nativeLoopKernelMinWork: 0,
    };
    for (let tries = 0; tries < 200 && (tries === 0 || pool.claimed === pool.jobs); tries++) {
      const [h2, c2] = states();
      runSequenceCalls(threaded, [call(h2, c2)], split);
      expect(firstMismatch(f.get(h2, batch * units), f.get(h1, batch * units), () => 0)).toBeNull();
      expect(firstMismatch(f.get(c2, batch * units), f.get(c1, batch * units), () => 0)).toBeNull();
    }
    expect(pool.jobs).toBeGreaterThan(pool.claimed);
    // the C loop checks every id (the wasm one trusts them): an id past the table in every row
    // fails in C on whichever thread runs a range, and a worker's failure names the C kernel
    for (let i = 0; i < batch * steps; i++) heap.i32[ids + i] = vocab + 1000;
    let workerFailed = false;
    for (let tries = 0; tries < 200 && !workerFailed; tries++) {
      const [h2, c2] = states();
      let message = '';
      try {
        runSequenceCalls(threaded, [call(h2, c2)], split);
      } catch (e) {
        message = (e as Error).message;
      }
      if (message.startsWith('threads: a worker failed')) {
        expect(message).toMatch(/worker 1: native lstmSequence: id 1009 of row 0, step 0 is outside \[0, 9\)/);
        workerFailed = true;
      } else {
        expect(message).toMatch(/^native lstmSequence: id 1009/);
      }
    }
    expect(workerFailed).toBe(true);
  });
});
