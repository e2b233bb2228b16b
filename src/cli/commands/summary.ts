// `sunhwan summary <model file>`: the Keras summary table, plus how the model was compiled.
import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { loadModelFile } from '../model-file.ts';
import { findSeriesPipeline } from '../series-pipeline.ts';
import { findTextPipeline } from '../text-pipeline.ts';

export function register(program: Command): void {
  program
    .command('summary')
    .description("print a saved model's layers, shapes and parameter counts")
    .argument('<model>', 'model file (.shw, or Keras .keras / .h5)')
    .action(async (path: string) => {
      const model = await loadModelFile(path);
      console.log(`${path} (${statSync(path).size.toLocaleString('en-US')} bytes)`);
      console.log(model.summary({ print: false }));
      const c = model.compileConfig;
      if (c)
        console.log(
          `compiled: optimizer ${c.optimizer}, loss ${c.loss.join(', ')}${c.metrics?.length ? `, metrics ${JSON.stringify(c.metrics)}` : ''}`,
        );
      else console.log('not compiled (predict only)');
      const text = findTextPipeline(path);
      if (text) {
        const size =
          text.kind === 'word'
            ? `${text.tokenizer.wordIndex.size} words${text.tokenizer.numWords ? ` (num_words ${text.tokenizer.numWords})` : ''}`
            : `${text.tokenizer.vocabularySize} tokens`;
        const layout = text.maxlen ? `maxlen ${text.maxlen}` : text.window ? `window ${text.window}, ${text.input ?? 'ids'} input` : '';
        console.log(`tokenizer: ${text.tokenizer.constructor.name}, ${size}${layout ? `, ${layout}` : ''}`);
      }
      const series = findSeriesPipeline(path);
      if (series)
        console.log(
          `series: windows of ${series.window} rows of ${series.columns.join(', ')} → next '${series.target}'${series.scaler ? `, ${series.scaler.constructor.name}` : ''}`,
        );
    });
}
