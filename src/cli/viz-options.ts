// `--report DIR` and `--dashboard [PORT]` for the commands that train (recipe, train): every
// fit() the command runs gets a reportCallback (one HTML file per fit in DIR) and a
// dashboardCallback (one page on 127.0.0.1, the fits side by side). fit() is wrapped only while
// the command works, as interrupt.ts does, because recipes build and fit their models internally.
// With a dashboard on a terminal, the page stays up after training until Ctrl-C.
import type { Command } from 'commander';
import { LayersModel } from '../models/model.ts';
import { dashboardCallback, type DashboardCallback } from '../viz/dashboard/callback.ts';
import { reportCallback, type ReportCallback } from '../viz/report.ts';
import { integerOption } from './errors.ts';
import { withCallbacks, type Fit } from './fit-args.ts';

export interface VizOptions {
  report?: string;
  /** true: the default port (6006); a number: that port (0: any free one). */
  dashboard?: boolean | number;
}

export function addVizOptions(command: Command): Command {
  return command
    .option('--report <dir>', 'write an HTML report of each training run (summary, curves, metrics, epoch times) into this folder')
    .option(
      '--dashboard [port]',
      'serve a live dashboard of training on http://127.0.0.1:<port>/ (default 6006; 0: a free port)',
      integerOption(0),
    );
}

/** Runs `work` with the report/dashboard callbacks added to every fit() it makes. */
export async function withVizCallbacks<T>(options: VizOptions, runName: string, work: () => Promise<T>): Promise<T> {
  if (!options.report && options.dashboard === undefined) return work();
  const port = options.dashboard === true ? 6006 : options.dashboard;
  const reports: ReportCallback[] = [];
  let dashboard: DashboardCallback | null = null;
  let fits = 0;
  const callbacksForFit = () => {
    fits++;
    const name = fits === 1 ? runName : `${runName}-${fits}`;
    const added: unknown[] = [];
    if (options.report) (reports.push(reportCallback({ dir: options.report, name })), added.push(reports.at(-1)));
    if (port !== undefined && port !== false) {
      // later fits join the first one's server (port 0 would start a new one each time)
      const d = dashboardCallback({ port, name, server: dashboard?.server });
      dashboard ??= d;
      added.push(d);
    }
    return added;
  };
  const fit = LayersModel.prototype.fit;
  LayersModel.prototype.fit = function (this: LayersModel, ...args: Parameters<Fit>) {
    return fit.apply(this, withCallbacks(args, callbacksForFit()));
  } as Fit;
  try {
    return await work();
  } finally {
    LayersModel.prototype.fit = fit;
    for (const r of reports) if (r.path) console.log(`report: ${r.path}`);
    if (dashboard) {
      const d: DashboardCallback = dashboard;
      if (process.stdout.isTTY) {
        console.log(`training done; the dashboard stays at ${d.url} until Ctrl-C`);
        await d.hold();
      } else await d.close();
    }
  }
}
