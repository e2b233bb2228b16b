// md5 hashing trick golden values from fixtures-src/preprocessing/keras_text_reference.py:
//   [int(hashlib.md5(w.encode()).hexdigest(), 16) % (n - 1) + 1 for w in text_to_word_sequence(t)]
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashingTrick, oneHot } from '../../src/preprocessing/text.ts';
import { md5Hex } from '../../src/preprocessing/md5.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/preprocessing/keras-text.json', import.meta.url), 'utf8'));

describe('md5', () => {
  it('matches RFC 1321 test vectors and UTF-8 text', () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Hex('12345678901234567890123456789012345678901234567890123456789012345678901234567890')).toBe(
      '57edf4a22be3c955ac49da2e2107b67a',
    );
    // python3 -c "import hashlib;print(hashlib.md5('한국어 😀'.encode()).hexdigest())"
    expect(md5Hex('한국어 😀')).toBe('bfdb11f324542b105445e41388d9d26d');
  });
});

describe('hashingTrick / oneHot', () => {
  it("matches Keras' hash_function='md5'", () => {
    for (const [text, n, expected] of fixture.md5_hashing) {
      expect(hashingTrick(text, n, { hashFunction: 'md5' })).toEqual(expected);
      expect(oneHot(text, n)).toEqual(expected);
    }
  });
  it('custom hash functions use Python modulo (never negative)', () => {
    expect(hashingTrick('a b', 5, { hashFunction: () => -1 })).toEqual([4, 4]);
    expect(hashingTrick('a', 5, { hashFunction: () => 10n ** 30n })).toEqual([Number(10n ** 30n % 4n) + 1]);
    expect(() => hashingTrick('a', 5, { hashFunction: () => 0.5 })).toThrow(/not a safe integer/);
  });
  it('rejects n < 2', () => {
    expect(() => hashingTrick('a', 1)).toThrow(/n must be an integer ≥ 2/);
    expect(() => oneHot('a', 0)).toThrow(/n must be an integer ≥ 2/);
  });
});
