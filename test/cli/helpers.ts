// Running `sunhwan` in tests: in-process through runCli() with stdout/stderr captured (fast), or
// as a child process (node --import tsx src/cli/main.ts) where the process itself matters:
// exit codes and signals.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { vi } from 'vitest';
import { setLogSink } from 'sunhwan';
import { runCli } from '../../src/cli/program.ts';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const mainScript = join(repoRoot, 'src/cli/main.ts');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command in this process; console, stdout, stderr and the library's log are captured. */
export async function sunhwan(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const text = (args: unknown[]) => `${args.map(String).join(' ')}\n`;
  const spies = [
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (stdout += text(a))),
    vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => void (stderr += text(a))),
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (stderr += text(a))),
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true)),
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true)),
  ];
  setLogSink({ dynamic: false, write: (s) => void (stdout += s) });
  try {
    const code = await runCli(argv);
    return { code, stdout, stderr };
  } finally {
    setLogSink(null);
    for (const s of spies) s.mockRestore();
  }
}

/** Starts the command as a child process; `onOutput` sees stdout as it arrives. */
export function spawnSunhwan(
  argv: string[],
  options: { env?: Record<string, string>; onOutput?: (all: string, child: ReturnType<typeof spawn>) => void } = {},
): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', mainScript, ...argv], {
      cwd: repoRoot,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      options.onOutput?.(stdout, child);
    });
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `sunhwan-cli-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
