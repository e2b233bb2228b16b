import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGloveFile } from '../../src/datasets/glove.ts';
import { tempDir } from './helpers.ts';

const dir = tempDir('sunhwan-glove-');
async function read(text: string) {
  const path = join(dir, `g${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(path, text);
  return readGloveFile(path);
}

describe('GloVe parsing is strict', () => {
  it('reads the standard format', async () => {
    const g = await read('the 0.1 -0.2 3e-2\ncat 1 2 3\n');
    expect([g.size, g.dim]).toEqual([2, 3]);
    expect([...g.get('cat')!]).toEqual([1, 2, 3]);
  });

  it('a double space is an error naming the line, not a silent 0', async () => {
    await expect(read('the 0.1 0.2\ncat  0.3 0.4\n')).rejects.toThrow(/g\w+\.txt:2: two spaces in a row/);
  });

  it('Infinity, NaN and hex are not numbers here', async () => {
    await expect(read('the 0.1 Infinity\n')).rejects.toThrow(/:1: value 2 of 'the' is not a finite number: "Infinity"/);
    await expect(read('the NaN 0.1\n')).rejects.toThrow(/not a finite number: "NaN"/);
    await expect(read('the 0x10 0.1\n')).rejects.toThrow(/not a finite number: "0x10"/);
    await expect(read('the 1e39 0.1\n')).rejects.toThrow(/not a finite number: "1e39"/);
  });

  it('a BOM is dropped, not made part of the first word', async () => {
    const g = await read('\uFEFFthe 0.1 0.2\n');
    expect(g.has('the')).toBe(true);
  });

  it('a word2vec header is read as one (count and dimension checked), not as a 1-d vector', async () => {
    const g = await read('2 3\nthe 0.1 0.2 0.3\ncat 1 2 3\n');
    expect([g.size, g.dim]).toEqual([2, 3]);
    expect(g.has('2')).toBe(false);
    await expect(read('3 3\nthe 0.1 0.2 0.3\ncat 1 2 3\n')).rejects.toThrow(/announces 3 vectors but the file has 2/);
    await expect(read('2 4\nthe 0.1 0.2 0.3\n')).rejects.toThrow(/:2: expected 4 values after the word \(the header's dimension\), got 3/);
  });

  it('a line with fewer fields than the first is an error', async () => {
    await expect(read('the 0.1 0.2 0.3\ncat 1 2\n')).rejects.toThrow(/:2: expected 3 values/);
  });
});
