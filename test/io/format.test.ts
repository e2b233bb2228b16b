import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, ftruncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  engine,
  layers,
  loadModel,
  modelFromBytes,
  modelToBytes,
  Sequential,
  setLogSink,
  setSeed,
  tensor,
  type Tensor,
} from '../../src/index.ts';
import { ioChunk } from '../../src/io/files.ts';
import { FORMAT_VERSION, decode } from '../../src/io/format.ts';
import { resetLayerNames } from '../../src/layers/layer.ts';
import { rewriteHeader } from './rewrite.ts';

const dir = mkdtempSync(join(tmpdir(), 'sunhwan-format-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  resetLayerNames();
  setLogSink({ dynamic: false, write: () => {} });
});

async function trained(): Promise<{ model: Sequential; bytes: Uint8Array; x: Tensor }> {
  setSeed(5);
  const model = new Sequential([
    layers.embedding({ inputDim: 6, outputDim: 3, inputLength: 4 }),
    layers.simpleRNN({ units: 3 }),
    layers.dense({ units: 1, activation: 'sigmoid' }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
  const x = tensor(new Int32Array([1, 2, 3, 4, 5, 4, 3, 2]), [2, 4]);
  await model.fit(x, tensor([[1], [0]]), { verbose: 0 });
  return { model, bytes: modelToBytes(model), x };
}

/** The same file as version 1 wrote it: 16-byte preamble, no checksums. */
function asVersion1(bytes: Uint8Array): Uint8Array {
  const { header, data } = decode(bytes, 'v2');
  const json = new TextEncoder().encode(JSON.stringify({ ...header, version: 1 }));
  const padded = Math.ceil(json.length / 4) * 4;
  const out = new Uint8Array(16 + padded + data.length * 4);
  out.set(bytes.subarray(0, 8));
  new DataView(out.buffer).setUint32(8, 1, true);
  new DataView(out.buffer).setUint32(12, json.length, true);
  out.set(json, 16);
  out.set(new Uint8Array(data.buffer), 16 + padded);
  return out;
}

describe('model file checksums', () => {
  it('every single-bit flip in the header, and in the data, is an error (none loads silently)', async () => {
    const { bytes } = await trained();
    expect(FORMAT_VERSION).toBe(2);
    const dataStart = bytes.length - decode(bytes, 'x').data.length * 4;
    let silent = 0;
    const flip = (byte: number, bit: number): void => {
      const damaged = bytes.slice();
      damaged[byte]! ^= 1 << bit;
      try {
        modelFromBytes(damaged).dispose();
        silent++;
      } catch (e) {
        expect((e as Error).message).toMatch(/model bytes (is|uses|holds)/);
      }
    };
    for (let byte = 0; byte < dataStart; byte++) for (let bit = 0; bit < 8; bit++) flip(byte, bit);
    for (let byte = dataStart; byte < bytes.length; byte += 3) flip(byte, byte % 8);
    expect(silent).toBe(0);
  }, 60_000);

  it('version 1 files (no checksum) still load', async () => {
    const { model, bytes, x } = await trained();
    const old = modelFromBytes(asVersion1(bytes));
    expect(((await old.predict(x)) as Tensor).dataSync()).toEqual(((await model.predict(x)) as Tensor).dataSync());
  });
});

describe('the manifest is checked before anything is built', () => {
  it.each([
    ['a fractional offset', (h: Parameters<Parameters<typeof rewriteHeader>[1]>[0]) => void (h.weights[1]!.offset = 2.5), /has offset 2.5/],
    [
      'a length that is not the shape product',
      (h: Parameters<Parameters<typeof rewriteHeader>[1]>[0]) => void (h.weights[0]!.length = 3),
      /has length 3 but its shape \[6,3\] holds 18 values/,
    ],
    [
      'overlapping arrays',
      (h: Parameters<Parameters<typeof rewriteHeader>[1]>[0]) => void (h.weights[1]!.offset = 10),
      /overlap in the data/,
    ],
    [
      'an array outside the data',
      (h: Parameters<Parameters<typeof rewriteHeader>[1]>[0]) => void (h.weights[1]!.offset = h.dataLength),
      /lies outside the data/,
    ],
    [
      'a negative dimension',
      (h: Parameters<Parameters<typeof rewriteHeader>[1]>[0]) => void (h.weights[0]!.shape = [-6, -3]),
      /not a list of integers/,
    ],
  ])('%s is refused', async (_what, change, message) => {
    const { bytes } = await trained();
    expect(() => modelFromBytes(rewriteHeader(bytes, change))).toThrow(message);
  });

  it('a small file declaring Embedding(2e8, 2) fails at once, without allocating', async () => {
    const { bytes } = await trained();
    const crafted = rewriteHeader(bytes, (h) => {
      const layer = (h.model!.config.layers as Array<{ className: string; config: Record<string, unknown> }>)[0]!;
      layer.config.inputDim = 2e8;
      layer.config.outputDim = 2;
    });
    expect(crafted.length).toBeLessThan(8000);
    const heap = engine().heap;
    const [inUse, size] = [heap.allocatedElements, heap.byteLength];
    const start = performance.now();
    expect(() => modelFromBytes(crafted)).toThrow(/makes weight 'embedding\/embeddings' of shape \[200000000, 2\], but the file holds no/);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(heap.allocatedElements).toBe(inUse);
    expect(heap.byteLength).toBe(size);
  });
});

describe('model files on disk', () => {
  afterEach(() => {
    ioChunk.bytes = 64 << 20;
  });

  it('loadModel reads the magic first: a 3 GiB non-model file fails at once', async () => {
    const path = join(dir, 'big.bin');
    const fd = openSync(path, 'w');
    writeSync(fd, 'not a model');
    ftruncateSync(fd, 3 * 2 ** 30); // sparse: no disk used
    closeSync(fd);
    const start = performance.now();
    await expect(loadModel(path)).rejects.toThrow(/is not a sunhwan model file \(it does not start with "SUNHWAN"\)/);
    expect(performance.now() - start).toBeLessThan(2000);
    rmSync(path);
  });

  it('save and load stream in chunks (the path files over 2 GiB take) and give the same bytes', async () => {
    const { model, bytes, x } = await trained();
    ioChunk.bytes = 7; // not a multiple of 4: chunks split floats
    const path = join(dir, 'chunked.shw');
    await model.save(path);
    expect(new Uint8Array(readFileSync(path))).toEqual(bytes);
    const back = await loadModel(path);
    expect(((await back.predict(x)) as Tensor).dataSync()).toEqual(((await model.predict(x)) as Tensor).dataSync());
    const damaged = readFileSync(path);
    damaged[damaged.length - 5]! ^= 0x10;
    writeFileSync(path, damaged);
    await expect(loadModel(path)).rejects.toThrow(/its weights do not match their checksum/);
  });
});
