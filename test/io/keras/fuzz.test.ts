// Seeded fuzzing over damaged copies of the Keras fixtures (truncated, bit-flipped, byte
// ranges zeroed or duplicated): every load either succeeds or throws an Error naming the
// source, none takes long (no hang) and memory stays bounded (no allocation from a damaged
// size field). Damage that sends libhdf5 into an endless loop is stopped by the reader's
// watchdog (a worker thread with a time limit) and reported. A flip inside weight data loads
// with changed weights: HDF5 keeps no checksum of dataset bytes, so that is not detectable.

import { describe, expect, it } from 'vitest';
import { loadKerasModelFromBytes } from '../../../src/index.ts';
import { Random } from '../../../src/random.ts';
import { fixtureBytes } from './fixtures.ts';

const FILES = [
  'seq_lstm.keras',
  'seq_gru.h5',
  'encoder_decoder.keras',
  'legacy_tfkeras2.h5',
  'bidirectional.h5',
  'compiled_trained.keras',
  'seq_conv.h5',
];
const CASES = 80;
const READ_TIMEOUT_MS = 2000;

function damage(bytes: Uint8Array, rng: Random, kind: number): Uint8Array {
  const at = (): number => Math.floor(rng.next() * bytes.length);
  if (kind === 0) return bytes.slice(0, at());
  const d = bytes.slice();
  if (kind === 1) {
    const flips = 1 + Math.floor(rng.next() * 8);
    for (let k = 0; k < flips; k++) {
      const p = at();
      d[p] = d[p]! ^ (1 << Math.floor(rng.next() * 8));
    }
  } else if (kind === 2) {
    const p = at();
    d.fill(kind === 2 ? 0 : 0xff, p, p + 1 + Math.floor(rng.next() * 64));
  } else {
    const p = at(),
      q = at();
    d.copyWithin(p, q, q + 1 + Math.floor(rng.next() * 256));
  }
  return d;
}

describe('fuzzed damaged Keras files', () => {
  it(`${CASES} damaged copies: no crash, no hang, bounded memory`, async () => {
    await loadKerasModelFromBytes(fixtureBytes('seq_gru.h5')); // loads h5wasm before timing
    const rng = new Random(15);
    const sources = FILES.map(fixtureBytes);
    const rssBefore = process.memoryUsage().rss;
    const outcomes = { loaded: 0, refused: 0, stoppedByWatchdog: 0 };
    let slowest = 0;
    for (let i = 0; i < CASES; i++) {
      const bytes = damage(sources[i % sources.length]!, rng, Math.floor(rng.next() * 4));
      const source = `damaged copy ${i} of ${FILES[i % FILES.length]}`;
      const start = performance.now();
      try {
        await loadKerasModelFromBytes(bytes, { readTimeoutMs: READ_TIMEOUT_MS }, source);
        outcomes.loaded++;
      } catch (e) {
        if (!(e instanceof Error) || e.message.length < 10) throw new Error(`${source}: threw ${String(e)}, not an Error with a message`);
        if (!e.message.startsWith(source)) throw new Error(`an error that does not name the file: ${e.message}`);
        outcomes.refused++;
        if (/did not finish/.test(e.message)) outcomes.stoppedByWatchdog++;
      }
      slowest = Math.max(slowest, performance.now() - start);
    }
    if (process.env.SUNHWAN_FUZZ_REPORT) console.log(outcomes, `slowest ${Math.round(slowest)} ms`);
    expect(outcomes.loaded + outcomes.refused).toBe(CASES);
    expect(outcomes.refused).toBeGreaterThan(CASES / 3);
    expect(slowest).toBeLessThan(READ_TIMEOUT_MS + 2000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(512 * 2 ** 20);
  }, 120_000);
});
