// plotHistory with files: the terminal chart of src/utils/plot.ts, and with `file` the same
// history drawn as one panel per metric (train vs validation) into an SVG or PNG.
//   console.log(await plotHistory(history, { file: 'loss.png' }));

import { plotHistory as terminalChart, type PlotHistoryOptions } from '../utils/plot.ts';
import { savePlot, type PngOptions } from './render.ts';
import { historySpec, type HistoryPlotOptions, type HistoryRecord } from './specs.ts';

export interface PlotHistoryFileOptions extends Omit<PlotHistoryOptions, 'file'>, PngOptions {
  /** Also draw the curves into this file ('.svg' or '.png'). */
  file?: string;
  /** Metrics of the file's panels (default every metric; `keys` picks the terminal chart's series). */
  metrics?: HistoryPlotOptions['metrics'];
}

/** The terminal chart (returned as text); with `file`, the file is written before it resolves. */
export async function plotHistory(history: HistoryRecord, options: PlotHistoryFileOptions = {}): Promise<string> {
  const { file: _file, ...terminal } = options;
  const text = terminalChart(history, terminal);
  if (options.file) await savePlot(historySpec(history, { title: options.title, metrics: options.metrics }), options.file, options);
  return text;
}
