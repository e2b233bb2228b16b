// `sunhwan/node` on its own (no import of the main entry) loads saved models of both kinds.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Sequential, input, layers, model as functionalModel } from 'sunhwan';

const dir = mkdtempSync(join(tmpdir(), 'sunhwan-node-entry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sunhwan/node alone', () => {
  it('loadModel rebuilds a Sequential and a functional model', async () => {
    const sequential = new Sequential([layers.dense({ units: 2, inputShape: [3] })]);
    await sequential.save(join(dir, 'sequential.shw'));
    const x = input({ shape: [3] });
    const functional = functionalModel({ inputs: x, outputs: layers.dense({ units: 1 }).apply(x) });
    await functional.save(join(dir, 'functional.shw'));
    const entry = resolve(import.meta.dirname, '../../src/io/node.ts');
    const script = `const { loadModel } = await import(${JSON.stringify(entry)});
for (const f of ['sequential.shw', 'functional.shw']) console.log((await loadModel(${JSON.stringify(dir)} + '/' + f)).className);`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(out).toBe('Sequential\nFunctional\n');
  });
});
