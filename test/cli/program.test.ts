// The command as users start it: help, version, and the exit codes (0 ok, 1 failure, 2 usage).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, spawnSunhwan, sunhwan } from './helpers.ts';

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

describe('sunhwan (child process)', () => {
  it('--help lists every command and exits 0', async () => {
    const r = await spawnSunhwan(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['recipes', 'recipe', 'train', 'summary', 'predict', 'generate', 'datasets'])
      expect(r.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('a usage error exits 2 and says what to fix; a failure exits 1', async () => {
    const usage = await spawnSunhwan(['recipe', 'sine-wave', '--epochs', 'many']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("option '--epochs <n>' argument 'many' is invalid. expected an integer ≥ 0");
    const failure = await spawnSunhwan(['summary', 'no-such-model.shw']);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toBe("error: model file 'no-such-model.shw' does not exist\n");
  });
});

describe('sunhwan (in-process)', () => {
  it('--version prints the version of package.json', async () => {
    const r = await sunhwan('--version');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it('every command has --help', async () => {
    for (const command of ['recipes', 'recipe', 'train', 'summary', 'predict', 'generate', 'datasets']) {
      const r = await sunhwan(command, '--help');
      expect(r.code, command).toBe(0);
      expect(r.stdout, command).toContain(`Usage: sunhwan ${command}`);
    }
  });

  it('usage errors exit 2: unknown command, missing argument, unknown option, bad choice', async () => {
    for (const argv of [
      ['bogus'],
      ['summary'],
      ['predict', 'm.shw'],
      ['recipes', '--nope'],
      ['predict', 'm.shw', 'x.csv', '--format', 'xml'],
      ['generate', 'm.shw'],
      [],
    ]) {
      const r = await sunhwan(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
    }
    const bad = await sunhwan('predict', 'm.shw', 'x.csv', '--format', 'xml');
    expect(bad.stderr).toContain("expected one of csv, json, got 'xml'");
  });

  it('a file that is not a model: exit 1, naming the file and the formats', async () => {
    const r = await sunhwan('summary', join(repoRoot, 'package.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("package.json' is not a model file sunhwan can read (formats: sunhwan model (.shw");
  });
});
