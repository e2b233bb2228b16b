import { describe, expect, it } from 'vitest';
import { NumpyRandomState } from '../../src/datasets/numpy-random.ts';

// Reference values printed by numpy 2.4 (legacy RandomState):
//   r = np.random.RandomState(5489); first genrand_int32 is MT19937's published 3499211612
//   r = np.random.RandomState(7); a = np.arange(10); r.shuffle(a) -> [8 5 0 2 1 9 7 3 6 4]
//   then a = np.arange(1000); r.shuffle(a); a[:8] -> [113 796 712 510 492 838 482 271]
//   r = np.random.RandomState(113); a = np.arange(25000); r.shuffle(a); a[:5] -> [7798 13226 18078 793 17499]
//   and a second 25000-shuffle from the same state -> [22748 4083 8015 13688 5310]
describe('NumpyRandomState', () => {
  it('matches MT19937 init_genrand', () => {
    expect(new NumpyRandomState(5489).nextUint32()).toBe(3499211612);
  });

  it('shuffles like numpy RandomState.shuffle', () => {
    const r = new NumpyRandomState(7);
    expect(Array.from(r.permutation(10))).toEqual([8, 5, 0, 2, 1, 9, 7, 3, 6, 4]);
    expect(Array.from(r.permutation(1000).slice(0, 8))).toEqual([113, 796, 712, 510, 492, 838, 482, 271]);
    const k = new NumpyRandomState(113);
    expect(Array.from(k.permutation(25000).slice(0, 5))).toEqual([7798, 13226, 18078, 793, 17499]);
    expect(Array.from(k.permutation(25000).slice(0, 5))).toEqual([22748, 4083, 8015, 13688, 5310]);
  });

  it('rejects seeds numpy rejects', () => {
    expect(() => new NumpyRandomState(-1)).toThrow(/seed/);
    expect(() => new NumpyRandomState(2 ** 32)).toThrow(/seed/);
  });
});
