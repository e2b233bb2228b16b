// `sunhwan/viz` (Node): plots as SVG/PNG files, an HTML report per run, a live dashboard.
//   import { plotHistory, savePlot, seriesSpec, reportCallback, dashboardCallback } from 'sunhwan/viz';
// The spec builders (specs.ts) are plain data and also work in browsers.

export {
  attentionSpec,
  confusionMatrix,
  confusionSpec,
  historySpec,
  seriesSpec,
  PLOT_FONT,
  type AttentionPlotOptions,
  type ConfusionPlotOptions,
  type HistoryPlotOptions,
  type HistoryRecord,
  type SeriesPlotOptions,
  type VegaLiteSpec,
} from './specs.ts';
export { renderPng, renderRgba, renderSvg, savePlot, type PngOptions } from './render.ts';
export { plotHistory, type PlotHistoryFileOptions } from './plot-history.ts';
export { addSample, onSample, type Sample } from './samples.ts';
export { RunRecorder, type BatchRecord, type EpochRecord, type RunData, type RunEnvironment, type RunRecorderOptions } from './run.ts';
export { reportCallback, ReportCallback, type ReportOptions } from './report.ts';
export { dashboardCallback, DashboardCallback, type DashboardOptions } from './dashboard/callback.ts';
export { DashboardServer, isLoopbackHost, type DashboardServerOptions } from './dashboard/server.ts';
