// One self-contained HTML file per training run (Node): the summary, the curves (inline SVG,
// drawn by Vega), final metrics, epoch times, callback samples, the environment. No scripts, no
// external assets: it opens from disk, mails, and archives as one file.
//   await model.fit(x, y, { epochs: 10, callbacks: [reportCallback({ dir: 'reports' })] });

import { join } from 'node:path';
import type { Logs } from '../callbacks/callback.ts';
import { writeFileAtomic } from '../io/files.ts';
import { formatLogValue } from '../utils/format.ts';
import { hangulFontFace, plotFontWoff } from './font.ts';
import { escapeHtml, htmlTable } from './html.ts';
import { renderSvg } from './render.ts';
import { RunRecorder, type RunData } from './run.ts';
import { historySpec, seriesSpec, type VegaLiteSpec } from './specs.ts';
import { packageVersion } from './version.ts';

export interface ReportOptions {
  /** Folder the report goes into (created when missing). */
  dir: string;
  /** Run name, also the file name: '<name>.html' (default: model name and a counter). */
  name?: string;
  /** Page title (default 'sunhwan run <name>'). */
  title?: string;
}

const STYLE = `body{font-family:'Noto Sans KR',system-ui,'Apple SD Gothic Neo','Malgun Gothic',sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.25rem}
pre{background:#f6f6f6;padding:.75rem;overflow:auto;font-size:.85rem}table{border-collapse:collapse;font-size:.9rem}
td,th{border:1px solid #ddd;padding:.25rem .6rem;text-align:right}th{background:#f3f3f3}
.plot svg{max-width:100%;height:auto}.meta{color:#555}.sample{white-space:pre-wrap}`;

export class ReportCallback extends RunRecorder {
  /** Path of the last report written (set when training ends). */
  path: string | null = null;
  private readonly extraPlots: { title: string; spec: VegaLiteSpec }[] = [];

  constructor(readonly options: ReportOptions) {
    super({ name: options.name, version: packageVersion() });
    if (!options || typeof options.dir !== 'string' || options.dir === '')
      throw new Error("reportCallback: needs { dir: 'folder for the report' }");
  }

  /** Adds a plot (a Vega-Lite spec, e.g. seriesSpec or confusionSpec) to the report. */
  addPlot(title: string, spec: VegaLiteSpec): void {
    this.extraPlots.push({ title, spec });
  }

  override async onTrainEnd(logs: Logs): Promise<void> {
    super.onTrainEnd(logs);
    await this.write();
  }

  /** Writes (or rewrites, e.g. after addPlot) the report; returns its path. */
  async write(): Promise<string> {
    const run = this.run;
    if (!run) throw new Error('reportCallback: no run recorded yet (pass it to fit() as a callback)');
    const path = join(this.options.dir, `${run.name.replace(/[^\p{L}\p{N}._-]+/gu, '_')}.html`);
    await writeFileAtomic(path, await this.html(run), 'write the report');
    return (this.path = path);
  }

  private async html(run: RunData): Promise<string> {
    const title = this.options.title ?? `sunhwan run ${run.name}`;
    const history = this.history();
    const sections: string[] = [];
    const env = run.environment;
    sections.push(
      `<p class="meta">${escapeHtml(
        `${new Date(run.startedAt).toISOString()} · ${env.kernels} kernels · ${env.threads} thread${env.threads === 1 ? '' : 's'} · ${env.runtime} · sunhwan ${env.version}`,
      )}</p>`,
    );
    sections.push(`<h2>Model</h2><pre>${escapeHtml(run.summary.replace(/[ \t]+$/gm, ''))}</pre>`);
    const last = run.epochs.at(-1);
    if (last) {
      const total = run.epochs.reduce((s, e) => s + e.seconds, 0);
      sections.push(`<h2>Final metrics</h2>${htmlTable(
        ['metric', 'value'],
        Object.entries(last.logs).map(([k, v]) => [k, formatLogValue(v)]),
      )}
<p>${run.epochs.length} epochs in ${total.toFixed(1)} s.</p>`);
      const metrics = Object.keys(history).filter((k) => !k.startsWith('val_') && k !== 'lr');
      if (metrics.length)
        sections.push(`<h2>Training curves</h2><div class="plot">${await renderSvg(historySpec(history, { metrics }))}</div>`);
      if (run.batches.length > 1) {
        const loss = run.batches.map((b) => b.logs.loss ?? Number.NaN);
        if (loss.some(Number.isFinite)) {
          const spec = seriesSpec({
            truth: loss,
            predictions: {},
            truthName: 'loss (running mean)',
            x: run.batches.map((b) => b.step),
            xTitle: 'batch',
            yTitle: 'loss',
            height: 180,
          });
          sections.push(`<h2>Loss per batch</h2><div class="plot">${await renderSvg(spec)}</div>`);
        }
      }
    }
    for (const p of this.extraPlots) sections.push(`<h2>${escapeHtml(p.title)}</h2><div class="plot">${await renderSvg(p.spec)}</div>`);
    if (run.epochs.length) {
      const keys = [...new Set(run.epochs.flatMap((e) => Object.keys(e.logs)))];
      sections.push(
        `<h2>Epochs</h2>${htmlTable(
          ['epoch', 'seconds', 'learning rate', ...keys],
          run.epochs.map((e) => [
            e.epoch + 1,
            e.seconds.toFixed(2),
            e.learningRate === null ? '' : formatLogValue(e.learningRate),
            ...keys.map((k) => (k in e.logs ? formatLogValue(e.logs[k]!) : '')),
          ]),
        )}`,
      );
    }
    if (run.samples.length) {
      sections.push(
        `<h2>Samples</h2>${run.samples
          .map(
            (s) =>
              `<h3>epoch ${s.epoch + 1}: ${escapeHtml(s.title)}</h3><pre class="sample">${escapeHtml(s.text.replace(/[ \t]+$/gm, ''))}</pre>`,
          )
          .join('\n')}`,
      );
    }
    if (run.params) {
      const p = run.params;
      sections.push(
        `<h2>Training parameters</h2>${htmlTable(
          ['parameter', 'value'],
          [
            ['epochs', p.epochs],
            ['batch size', p.batchSize ?? ''],
            ['steps per epoch', p.steps ?? ''],
            ['samples', p.samples ?? ''],
            ['validation samples', p.validationSamples ?? ''],
          ],
        )}`,
      );
    }
    const body = sections.join('\n');
    // Hangul anywhere: embed the font (Hangul range only), so any browser shows it.
    const font = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/.test(title + body)
      ? hangulFontFace(`data:font/woff;base64,${Buffer.from(plotFontWoff()).toString('base64')}`)
      : '';
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${font}${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
  }
}

export const reportCallback = (options: ReportOptions): ReportCallback => new ReportCallback(options);
