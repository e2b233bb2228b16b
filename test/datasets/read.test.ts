import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { forEachLine, unescapeTsv } from '../../src/datasets/read.ts';
import { tempDir } from './helpers.ts';

describe('read', () => {
  it('splits plain and gzip files on LF only (CRLF trimmed, lone CR kept), last line without LF', async () => {
    const dir = tempDir();
    const text = 'a\tb\r\nc\rd\n\nlast';
    writeFileSync(join(dir, 'plain.tsv'), text);
    writeFileSync(join(dir, 'packed.tsv.gz'), gzipSync(text));
    for (const name of ['plain.tsv', 'packed.tsv.gz']) {
      const lines: string[] = [];
      const count = await forEachLine(join(dir, name), (l) => lines.push(l));
      expect(lines).toEqual(['a\tb', 'c\rd', '', 'last']);
      expect(count).toBe(4);
    }
    await expect(
      forEachLine(join(dir, 'plain.tsv'), (_, n) => {
        if (n === 2) throw new Error('bad row');
      }),
    ).rejects.toThrow(/plain.tsv:2: bad row/);
  });

  it('undoes the shared TSV escaping', () => {
    expect(unescapeTsv('a\\tb\\\\n\\n')).toBe('a\tb\\n\n');
    expect(() => unescapeTsv('x\\q')).toThrow(/bad escape/);
  });
});
