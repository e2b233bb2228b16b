// numpy .npz files read without executing anything: Keras' reuters.npz layout (object array of
// ragged lists pickled with protocol 2 as the original file, and 4 as numpy 2 writes) against the
// arrays they hold; anything outside numpy array reconstruction is refused. Fixtures:
// fixtures-src/datasets/make_download_fixtures.py.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readNpy, readNpz } from '../../src/datasets/npz.ts';
import { readNumpyPickle } from '../../src/datasets/npy-pickle.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/datasets/${name}`, import.meta.url));
const expected = JSON.parse(fixture('reuters-expected.json').toString('utf8')) as { x: number[][]; y: number[] };

describe('readNpz', () => {
  for (const protocol of [2, 4]) {
    it(`reads an object array of ragged lists pickled with protocol ${protocol}, and int64 labels`, () => {
      const npz = readNpz(fixture(`reuters-p${protocol}.npz`), 'fixture');
      expect(npz.x!.shape).toEqual([expected.x.length]);
      expect(npz.x!.descr).toBe('|O');
      expect(npz.x!.data).toEqual(expected.x);
      expect(npz.y!.descr).toBe('<i8');
      expect(npz.y!.data).toEqual(expected.y);
    });
  }

  it('refuses a pickle that would call os.system, naming the global', () => {
    expect(() => readNpz(fixture('reuters-evil.npz'), 'evil.npz')).toThrow(
      /evil\.npz: x\.npy: the global posix\.system is not allowed at byte \d+/,
    );
  });

  it('refuses opcodes outside the list, truncated streams and non-array results', () => {
    // PROTO 2, EMPTY_DICT, STOP
    expect(() => readNumpyPickle(Uint8Array.from([0x80, 2, 0x7d, 0x2e]), 'p')).toThrow(/p: the opcode EMPTY_DICT is not allowed at byte 2/);
    // PROTO 2, GLOBAL builtins eval
    const evalGlobal = Buffer.concat([Buffer.from([0x80, 2]), Buffer.from('cbuiltins\neval\n', 'latin1')]);
    expect(() => readNumpyPickle(evalGlobal, 'p')).toThrow(/the global builtins\.eval is not allowed/);
    // an empty list then the end of the bytes
    expect(() => readNumpyPickle(Uint8Array.from([0x80, 2, 0x5d]), 'p')).toThrow(/ends without STOP/);
    // a plain list is not an ndarray
    expect(() => readNumpyPickle(Uint8Array.from([0x80, 2, 0x5d, 0x2e]), 'p')).toThrow(/does not hold a numpy array/);
    // a REDUCE of an allowed global with the wrong arguments
    const dtypeOfNdarray = Buffer.concat([
      Buffer.from([0x80, 2]),
      Buffer.from('cnumpy\ndtype\ncnumpy\nndarray\n', 'latin1'),
      Buffer.from([0x85, 0x52, 0x2e]),
    ]);
    expect(() => readNumpyPickle(dtypeOfNdarray, 'p')).toThrow(/REDUCE of something other than numpy array or dtype reconstruction/);
  });

  it('reads numeric .npy files and names what it cannot read', () => {
    const y = readNpz(fixture('reuters-p2.npz')).y!;
    expect(y.data.length).toBe(expected.y.length);
    expect(() => readNpy(Uint8Array.from([1, 2, 3]), 'bad.npy')).toThrow(/bad\.npy: not a \.npy file/);
    expect(() => readNpz(Uint8Array.from([1, 2, 3, 4]), 'bad.npz')).toThrow(/bad\.npz: not a readable \.npz/);
  });
});
