// Fuzz: zip, tar and gzip archives. Extraction of any input ends in files that match the
// archive's own checks, or in an error naming the archive; nothing is written outside the folder.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { getFile } from '../../src/datasets/get-file.ts';
import { forEachTarFile } from '../../src/datasets/tar.ts';
import { extractZip } from '../../src/datasets/zip.ts';
import { makeTar, makeZip, tempDir } from '../datasets/helpers.ts';
import { expectNoCrashes, FUZZ_TIMEOUT_MS } from './driver.ts';

const dir = tempDir('sunhwan-fuzz-archives-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

describe('fuzz: archives', () => {
  it(
    'zip',
    async () => {
      const seeds = [
        makeZip({ 'a.txt': 'hello\n'.repeat(50), 'sub/b.csv': 'x,y\n1,2\n' }),
        makeZip({ 'empty.txt': '', 'z.bin': Buffer.alloc(3000) }),
      ];
      await expectNoCrashes({
        name: 'zip',
        seeds,
        run: async (bytes) => {
          const work = join(dir, `z${n++}`);
          mkdirSync(work);
          writeFileSync(join(work, 'in.zip'), bytes);
          try {
            await extractZip(join(work, 'in.zip'), join(work, 'out'), { maxBytes: 1 << 20 });
          } finally {
            const escaped = readdirSync(work).filter((f) => f !== 'in.zip' && f !== 'out');
            rmSync(work, { recursive: true, force: true });
            expect(escaped).toEqual([]);
          }
        },
        errors: /in\.zip(: | is)/,
        iterations: 300,
      });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'tar',
    async () => {
      const seeds = [makeTar({ 'a/one.txt': 'first review', 'a/two.txt': 'second', [`${'long/'.repeat(30)}name.txt`]: 'long name' })];
      await expectNoCrashes({
        name: 'tar',
        seeds,
        run: async (bytes) => {
          await forEachTarFile(
            Readable.from([Buffer.from(bytes)]),
            () => true,
            () => {},
            1 << 20,
          );
        },
        errors: /^tar: /,
        iterations: 800,
      });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'gzip through getFile',
    async () => {
      const seeds = [gzipSync(Buffer.from('line one\nline two\n'.repeat(40))), gzipSync(Buffer.alloc(0))];
      await expectNoCrashes({
        name: 'gzip',
        seeds,
        run: async (bytes) => {
          const cacheDir = join(dir, `g${n++}`);
          mkdirSync(cacheDir);
          writeFileSync(join(cacheDir, 'f.txt.gz'), bytes);
          const sha256 = createHash('sha256').update(bytes).digest('hex');
          try {
            await getFile('f.txt.gz', {
              url: 'http://127.0.0.1:9/never-contacted',
              sha256,
              cacheDir,
              extract: 'gzip',
              maxBytes: 1 << 20,
              progress: false,
            });
          } finally {
            rmSync(cacheDir, { recursive: true, force: true });
          }
        },
        errors: /^getFile: could not extract/,
        iterations: 200,
      });
    },
    FUZZ_TIMEOUT_MS,
  );
});
