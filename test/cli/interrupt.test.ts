// Ctrl-C during `sunhwan train` and `sunhwan recipe` (child processes): training stops after the
// current batch, the model is saved and loadable, the command says where and exits 130.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from 'sunhwan';
import { spawnSunhwan, tempDir } from './helpers.ts';

const { dir, cleanup } = tempDir('interrupt');
afterAll(() => cleanup());

describe('sunhwan train, interrupted', () => {
  it('SIGINT stops after the current batch, saves the model and its history, exits 130', async () => {
    const rows = ['x,y'];
    for (let i = 0; i < 200; i++) rows.push(`${(i % 10) / 10},${i % 2}`);
    writeFileSync(join(dir, 'data.csv'), `${rows.join('\n')}\n`);
    writeFileSync(
      join(dir, 'long.json'),
      JSON.stringify({
        model: [
          { type: 'Dense', units: 4, activation: 'relu', input_shape: [1] },
          { type: 'Dense', units: 1 },
        ],
        data: { file: 'data.csv', label: 'y' },
        compile: { optimizer: 'sgd', loss: 'mse' },
        fit: { epochs: 100000, batch_size: 2 },
      }),
    );
    let sent = false;
    const r = await spawnSunhwan(['train', join(dir, 'long.json'), '--verbose', '2'], {
      onOutput: (out, child) => {
        if (!sent && out.includes('Epoch 3/')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(r.stderr).toContain('interrupted: stopping after the current batch, then saving');
    expect(r.stderr).toMatch(new RegExp(`interrupted after \\d+ epoch\\(s\\): the model trained so far is in ${join(dir, 'long.shw')}`));
    expect(r.code).toBe(130);
    const model = await loadModel(join(dir, 'long.shw'));
    expect(model.countParams()).toBe(13);
    const record = JSON.parse(readFileSync(join(dir, 'long.history.json'), 'utf8'));
    expect(record.interrupted).toBe(true);
    expect(record.history.loss.length).toBe(record.epochs);
  }, 60_000);

  it('SIGINT during a recipe: the recipe finishes early and --out gets the model it trained', async () => {
    let sent = false;
    const out = join(dir, 'recipe');
    const r = await spawnSunhwan(['recipe', 'sine-wave', '--verbose', '2', '--out', out], {
      onOutput: (all, child) => {
        if (!sent && all.includes('Epoch 3/')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(r.stderr).toContain(`interrupted: the model trained so far is in ${join(out, 'sine-wave.shw')}`);
    expect(r.code).toBe(130);
    const result = JSON.parse(readFileSync(join(out, 'sine-wave.json'), 'utf8'));
    expect(result.interrupted).toBe(true);
    expect(result.history.loss.length).toBeLessThan(100);
    expect((await loadModel(join(out, 'sine-wave.shw'))).countParams()).toBe(131);
  }, 60_000);
});
