// `sunhwan recipe <name> [--quick] [--epochs N] [--out DIR]`: runs one book experiment. Options a
// recipe takes itself (e.g. jena's --model gru) pass through. --out writes <name>.json (figures,
// history, options), <name>.shw (the trained model) and, for text models, <name>.tokenizer.json.
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../io/files.ts';
import { saveModelFile } from '../../io/save.ts';
import { CommandExit, UsageError, choiceOption, integerOption } from '../errors.ts';
import { EXIT_INTERRUPTED, currentModel, onInterrupt } from '../interrupt.ts';
import { saveTextPipeline, tokenizerPathFor } from '../text-pipeline.ts';
import { addVizOptions, withVizCallbacks, type VizOptions } from '../viz-options.ts';

interface RecipeCommandOptions extends VizOptions {
  quick?: boolean;
  epochs?: number;
  seed?: number;
  verbose?: '0' | '1' | '2';
  out?: string;
  results?: string;
}

export function register(program: Command): void {
  addVizOptions(program.command('recipe'))
    .description('run a book experiment (list them with `sunhwan recipes`)')
    .argument('<name>', 'recipe name, e.g. sine-wave')
    .option('--quick', 'a small slice of the data and 1–3 epochs (seconds)')
    .option('--epochs <n>', "override the book's epoch count", integerOption(0))
    .option('--seed <n>', 'random seed (default 1234)', integerOption(0))
    .option(
      '--verbose <level>',
      'fit output: 0 silent, 1 progress bar, 2 one line per epoch (default: 1 on a terminal, else 2)',
      choiceOption(['0', '1', '2'] as const),
    )
    .option('--out <dir>', 'write <name>.json (figures and history), <name>.shw (the model) and its tokenizer there')
    .option('--results <dir>', "write the run's record there: <variant>.json and its plots (recipes/results/<name> in the repository)")
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText(
      'after',
      '\nOther --name value options go to the recipe (e.g. `sunhwan recipe jena --model gru`); see recipes/README.md.\nCtrl-C stops training after the current batch and saves the model (to --out, else the current folder).',
    )
    .action(async (name: string, options: RecipeCommandOptions, command: Command) => {
      const { findRecipe, recipes, useSharedData } = await import('../../../recipes/index.ts');
      const { parseArgs } = await import('../../../recipes/common.ts');
      const recipe = findRecipe(name);
      if (!recipe) throw new UsageError(`unknown recipe '${name}'; the recipes are: ${recipes.map((r) => r.meta.name).join(', ')}`);
      let extra: Record<string, string>;
      try {
        extra = parseArgs(command.args.slice(1)).extra ?? {};
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      useSharedData();
      const out = options.out ? resolve(options.out) : undefined;
      if (out) mkdirSync(out, { recursive: true });
      const runOptions = {
        quick: options.quick,
        epochs: options.epochs,
        seed: options.seed,
        verbose: options.verbose === undefined ? undefined : (Number(options.verbose) as 0 | 1 | 2),
        extra,
      };
      // an interrupted run without --out still saves its model, in the current folder
      const baseName = () => (out ? join(out, name) : watch.interrupted ? resolve(`${name}-interrupted`) : undefined);
      // the files are written inside the viz wrapper, before a --dashboard is held open for the page
      const runAndSave = async (): Promise<{ base?: string; saved: boolean }> => {
        const startedAt = new Date();
        const loadAtStart = loadavg();
        const result = await recipe.run(runOptions);
        const seconds = (Date.now() - startedAt.getTime()) / 1000;
        console.log(`(${seconds.toFixed(1)} s)`);
        if (options.results) {
          const { writeRecipeResults } = await import('../../../recipes/record.ts');
          const command = [
            `sunhwan recipe ${name}`,
            ...(options.quick ? ['--quick'] : []),
            ...(options.epochs !== undefined ? [`--epochs ${options.epochs}`] : []),
            ...(options.seed !== undefined ? [`--seed ${options.seed}`] : []),
            ...Object.entries(extra).map(([k, v]) => `--${k} ${v}`),
          ].join(' ');
          const ctx = { meta: recipe.meta, options: runOptions, command, startedAt, wallSeconds: seconds, loadAtStart };
          console.log(`results: ${(await writeRecipeResults(resolve(options.results), result, ctx)).join(', ')}`);
        }
        const model = result.model ?? (watch.interrupted ? currentModel() : null);
        const base = baseName();
        if (!base) return { saved: false };
        const { model: _model, text, parts, ...figures } = result;
        // a run of several experiments keeps each one's figures (not its model)
        const partFigures = parts?.map((p) => ({ options: p.options, metrics: p.result.metrics, history: p.result.history }));
        const summary = {
          recipe: recipe.meta,
          options: runOptions,
          seconds,
          interrupted: watch.interrupted,
          ...figures,
          parts: partFigures,
        };
        await writeFileAtomic(`${base}.json`, `${JSON.stringify(summary, null, 1)}\n`, 'recipe --out');
        const written = [`${base}.json`];
        if (model) {
          await saveModelFile(model, `${base}.shw`);
          written.push(`${base}.shw`);
          if (text) {
            const { tokenizer, ...layout } = text;
            await saveTextPipeline(tokenizerPathFor(`${base}.shw`), tokenizer, layout);
            written.push(tokenizerPathFor(`${base}.shw`));
          }
        }
        console.log(`wrote ${written.join(', ')}`);
        return { base, saved: model !== null };
      };
      const watch = onInterrupt();
      let outcome: { base?: string; saved: boolean };
      try {
        outcome = await withVizCallbacks(options, name, runAndSave);
      } finally {
        watch.dispose();
      }
      if (watch.interrupted) {
        throw new CommandExit(
          EXIT_INTERRUPTED,
          outcome.saved ? `interrupted: the model trained so far is in ${outcome.base}.shw` : 'interrupted',
        );
      }
    });
}
