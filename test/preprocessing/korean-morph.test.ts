// The optional mecab-ko-dic analyser (lindera-wasm, a devDependency here).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { KoreanMorphTokenizer } from '../../src/preprocessing/korean-morph.ts';

let installed = true;
try {
  createRequire(import.meta.url).resolve('lindera-wasm/lindera_wasm_bg.wasm');
} catch {
  installed = false;
}

describe.skipIf(!installed)('KoreanMorphTokenizer (lindera-wasm installed)', () => {
  it('splits NSMC-style text into morphemes with Sejong tags', async () => {
    const morph = await KoreanMorphTokenizer.load();
    expect(morph.morphs('아 더빙.. 진짜 짜증나네요 목소리')).toEqual(['아', '더빙', '..', '진짜', '짜증', '나', '네요', '목소리']);
    const pos = morph.pos('영화가 재밌다');
    expect(pos[0]).toEqual(['영화', 'NNG']);
    expect(pos.map(([, tag]) => tag)).toContain('JKS');
    expect(morph.morphs('영화가 재밌다', { dropTags: ['JKS'] })).not.toContain('가');
    expect(morph.morphs('')).toEqual([]);
    expect(() => morph.pos(null as unknown as string)).toThrow('expected a string, got null');
  }, 120_000);
});
