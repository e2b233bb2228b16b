// `sunhwan recipes` and `sunhwan recipe <name> --quick --out DIR` (the sine-wave recipe: seconds).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from 'sunhwan';
import { recipes } from '../../recipes/index.ts';
import { sunhwan, tempDir } from './helpers.ts';

const { dir, cleanup } = tempDir('recipe');
afterAll(() => cleanup());

describe('sunhwan recipes / recipe', () => {
  it('lists every recipe file with its source and description', async () => {
    const r = await sunhwan('recipes');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sine-wave +seed 004 \(11장\) +SimpleRNN learns a sine wave and predicts the cosine$/m);
    const listed = JSON.parse((await sunhwan('recipes', '--json')).stdout) as Array<{ name: string }>;
    expect(listed.map((m) => m.name)).toEqual(recipes.map((m) => m.meta.name));
    const files = readdirSync(new URL('../../recipes/', import.meta.url))
      .filter(
        (f) => f.endsWith('.ts') && /^export const meta\b/m.test(readFileSync(new URL(`../../recipes/${f}`, import.meta.url), 'utf8')),
      )
      .map((f) => f.replace(/\.ts$/, ''));
    expect(new Set(listed.map((m) => m.name))).toEqual(new Set(files));
  });

  it('recipe sine-wave --quick --out DIR: figures, history and a loadable model', async () => {
    const r = await sunhwan('recipe', 'sine-wave', '--quick', '--verbose', '0', '--out', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/result: loss=\S+ first_loss=\S+ sine_mse=\S+ cosine_mse=\S+ cosine_mae=\S+/);
    expect(r.stdout).toContain(`wrote ${join(dir, 'sine-wave.json')}, ${join(dir, 'sine-wave.shw')}`);
    const result = JSON.parse(readFileSync(join(dir, 'sine-wave.json'), 'utf8'));
    expect(result.recipe.name).toBe('sine-wave');
    expect(result.options).toMatchObject({ quick: true, verbose: 0 });
    expect(result.history.loss).toHaveLength(3);
    expect(result.metrics.loss).toBeLessThan(result.metrics.first_loss);
    const model = await loadModel(join(dir, 'sine-wave.shw'));
    expect(model.countParams()).toBe(131);
  });

  it('recipe sine-wave --quick --results DIR: the run record and its plots', async () => {
    const results = join(dir, 'results');
    const r = await sunhwan('recipe', 'sine-wave', '--quick', '--verbose', '0', '--results', results);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`results: ${join(results, 'quick-default.json')}, ${join(results, 'quick-default-history.svg')}`);
    const record = JSON.parse(readFileSync(join(results, 'quick-default.json'), 'utf8'));
    expect(record).toMatchObject({
      recipe: 'sine-wave',
      variant: 'quick-default',
      quick: true,
      files: ['quick-default-history.svg', 'quick-default-series-1.svg'],
    });
    expect(record.command).toMatch(/^sunhwan recipe sine-wave --quick/);
    expect(record.history.loss).toHaveLength(3);
  });

  it('--epochs and recipe-specific options pass through; a bad one is a usage error', async () => {
    const r = await sunhwan(
      'recipe',
      'sine-wave',
      '--quick',
      '--epochs',
      '1',
      '--plot',
      join(dir, 'p'),
      '--verbose',
      '0',
      '--out',
      join(dir, 'one'),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`plot: ${join(dir, 'p')}-cosine.svg`);
    const written = JSON.parse(readFileSync(join(dir, 'one', 'sine-wave.json'), 'utf8'));
    expect(written.history.loss).toHaveLength(1);
    expect(written.options.extra).toEqual({ plot: join(dir, 'p') });
    const bad = await sunhwan('recipe', 'sine-wave', 'extra-word');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unexpected argument 'extra-word'");
    const missing = await sunhwan('recipe', 'sine-wave', '--plot');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--plot needs a value');
    expect(existsSync(join(dir, 'sine-wave-interrupted.shw'))).toBe(false);
  });

  it('an unknown recipe exits 2 and lists the names', async () => {
    const r = await sunhwan('recipe', 'sine');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown recipe 'sine'; the recipes are: text-vectorization, sine-wave,");
  });
});
