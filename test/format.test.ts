// The repository's code style is Prettier's (.prettierrc.json); `npm run format` fixes what this finds.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';

const trackedFiles = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
  .split('\0')
  .filter(Boolean);

describe('code style', () => {
  it('every file Prettier handles is formatted (npm run format)', async () => {
    const unformatted: string[] = [];
    for (const file of trackedFiles) {
      const info = await prettier.getFileInfo(file, { ignorePath: '.prettierignore' });
      if (info.ignored || info.inferredParser === null) continue;
      let source: string;
      try {
        source = readFileSync(file, 'utf8');
      } catch {
        continue; // deleted in the work tree but still in the index
      }
      const options = await prettier.resolveConfig(file);
      if (!(await prettier.check(source, { ...options, filepath: file }))) unformatted.push(file);
    }
    expect(unformatted).toEqual([]);
  }, 120_000);
});
