// `sunhwan predict <model> <input> [--format csv|json] [--out FILE]`: predictions for texts or
// numbers. A text model's tokenizer comes from --tokenizer or <model>.tokenizer.json beside it; a
// series model's windows and scaler from <model>.series.json (predictions in the original units).
import type { Command } from 'commander';
import { writeFileAtomic } from '../../io/files.ts';
import { Tensor } from '../../tensor.ts';
import { choiceOption, integerOption } from '../errors.ts';
import { loadModelFile } from '../model-file.ts';
import { formatPredictions, type OutputFormat } from '../predict-output.ts';
import { readPredictInput } from '../predict-input.ts';
import { findSeriesPipeline, scaleWindows, unscaleTarget } from '../series-pipeline.ts';
import { findTextPipeline } from '../text-pipeline.ts';

interface PredictOptions {
  format?: OutputFormat;
  out?: string;
  tokenizer?: string;
  column?: string;
  batchSize: number;
}

export function register(program: Command): void {
  program
    .command('predict')
    .description('run a saved model on texts (.txt lines, a CSV column, a JSON array) or numbers (CSV rows, JSON arrays)')
    .argument('<model>', 'model file (.shw, or Keras .keras / .h5)')
    .argument('<input>', 'input file: .txt, .csv, .tsv or .json')
    .option('--format <format>', "csv or json (default: from --out's extension, else csv)", choiceOption(['csv', 'json'] as const))
    .option('--out <file>', 'write the predictions to a file instead of stdout')
    .option('--tokenizer <file>', 'tokenizer JSON (default: <model>.tokenizer.json beside the model, when present)')
    .option('--column <name>', 'CSV/TSV: the text column (default: the first), or the one numeric column to use')
    .option('--batch-size <n>', 'rows per predict batch', integerOption(1), 32)
    .action(async (modelPath: string, inputPath: string, options: PredictOptions) => {
      const model = await loadModelFile(modelPath);
      const pipeline = findTextPipeline(modelPath, options.tokenizer);
      const series = findSeriesPipeline(modelPath);
      const { x, texts } = readPredictInput(inputPath, model, pipeline, options.column, series);
      let y = await model.predict(series ? scaleWindows(series, x) : x, { batchSize: options.batchSize, verbose: 0 });
      if (!(y instanceof Tensor))
        throw new Error(
          `${modelPath}: the model has ${y.length} outputs; predict prints single-output models only (use the library for the others)`,
        );
      if (series) y = unscaleTarget(series, y);
      const format = options.format ?? (options.out && /\.json$/i.test(options.out) ? 'json' : 'csv');
      const text = formatPredictions(y, format, texts, pipeline?.classes);
      if (options.out) {
        await writeFileAtomic(options.out, text, 'predict --out');
        console.error(`wrote ${y.shape[0]} predictions to ${options.out}`);
      } else process.stdout.write(text);
    });
}
