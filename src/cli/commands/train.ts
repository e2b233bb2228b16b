// `sunhwan train <config.json> [--out model.shw]`: builds, compiles and fits the model a JSON file
// describes (see ../train-config.ts), then writes the model, its tokenizer (text data) and its
// history. Ctrl-C stops after the current batch and still writes them.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../io/files.ts';
import { saveModelFile } from '../../io/save.ts';
import { setSeed } from '../../random.ts';
import { CommandExit, choiceOption, integerOption } from '../errors.ts';
import { EXIT_INTERRUPTED, onInterrupt } from '../interrupt.ts';
import { readJsonFile } from '../json-file.ts';
import { saveSeriesPipeline, seriesPathFor } from '../series-pipeline.ts';
import { saveTextPipeline, tokenizerPathFor } from '../text-pipeline.ts';
import { parseTrainConfig } from '../train-config.ts';
import { loadTrainData } from '../train-data.ts';
import { buildModel } from '../train-model.ts';
import { addVizOptions, withVizCallbacks, type VizOptions } from '../viz-options.ts';

interface TrainOptions extends VizOptions {
  out?: string;
  epochs?: number;
  verbose?: '0' | '1' | '2';
}

export function register(program: Command): void {
  addVizOptions(program.command('train'))
    .description('train a model described in JSON (layers, data, compile and fit options); writes the model, its tokenizer and its history')
    .argument('<config>', 'config file (.json); see README "Command line"')
    .option('--out <file>', "model file to write (default: the config's name with .shw)")
    .option('--epochs <n>', 'override fit.epochs', integerOption(1))
    .option(
      '--verbose <level>',
      'fit output: 0 silent, 1 progress bar, 2 one line per epoch (default: 1 on a terminal, else 2)',
      choiceOption(['0', '1', '2'] as const),
    )
    .addHelpText(
      'after',
      `
Writes <out>.shw (the model), <out>.history.json (loss and metrics per epoch) and, for text data,
<out>.tokenizer.json (the Tokenizer and its maxlen), for series data <out>.series.json (columns,
window, scaler); predict and generate read them.
Ctrl-C stops after the current batch and saves what was trained; a second Ctrl-C quits at once.`,
    )
    .action(async (configPath: string, options: TrainOptions) => {
      const config = parseTrainConfig(readJsonFile(configPath, 'config file'), configPath);
      if (config.seed !== undefined) setSeed(config.seed);
      const data = await loadTrainData(config.data, configPath, config.fit.validationSplit);
      console.log(data.description);
      const model = buildModel(config, configPath);
      model.build([null, ...data.x.shape.slice(1)]);
      model.summary();

      const out = resolve(options.out ?? configPath.replace(/\.json$/i, '') + '.shw');
      const base = out.replace(/\.shw$/i, '');
      // saving happens inside the viz wrapper, before a --dashboard is held open for the page
      const trainAndSave = async (): Promise<number> => {
        const history = await model.fit(data.x, data.y, {
          epochs: options.epochs ?? config.fit.epochs,
          batchSize: config.fit.batchSize,
          validationSplit: config.fit.validationSplit,
          shuffle: config.fit.shuffle,
          verbose: options.verbose !== undefined ? (Number(options.verbose) as 0 | 1 | 2) : process.stdout.isTTY ? 1 : 2,
        });
        await saveModelFile(model, out);
        const written = [out];
        if (data.text) {
          const { tokenizer, ...layout } = data.text;
          await saveTextPipeline(tokenizerPathFor(out), tokenizer, { ...layout, classes: data.classes });
          written.push(tokenizerPathFor(out));
        }
        if (data.series) {
          await saveSeriesPipeline(seriesPathFor(out), data.series);
          written.push(seriesPathFor(out));
        }
        const epochs = history.history.loss?.length ?? 0;
        const record = {
          config: resolve(configPath),
          data: data.description,
          epochs,
          interrupted: watch.interrupted,
          classes: data.classes,
          history: history.history,
        };
        await writeFileAtomic(`${base}.history.json`, `${JSON.stringify(record, null, 1)}\n`, 'train history');
        written.push(`${base}.history.json`);
        console.log(`wrote ${written.join(', ')}`);
        return epochs;
      };
      const watch = onInterrupt();
      let epochs: number;
      try {
        epochs = await withVizCallbacks(options, model.name, trainAndSave);
      } finally {
        watch.dispose();
      }
      if (watch.interrupted)
        throw new CommandExit(EXIT_INTERRUPTED, `interrupted after ${epochs} epoch(s): the model trained so far is in ${out}`);
    });
}
