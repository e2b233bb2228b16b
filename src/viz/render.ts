// Vega-Lite spec → SVG (Vega's own SVG renderer, headless in Node) → PNG (resvg, a Rust renderer
// shipped prebuilt inside its npm platform package: no browser, no native build step).

import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { writeFileAtomic } from '../io/files.ts';
import { PLOT_FONT_FAMILY, plotFontFile } from './font.ts';
import type { VegaLiteSpec } from './specs.ts';

/** SVG text of a Vega-Lite spec. */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const compiled = compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface PngOptions {
  /** Pixels per SVG unit (default 2: sharp on high-density screens). */
  scale?: number;
  /** Extra font files (TTF/OTF) tried before the bundled Noto Sans KR. */
  fontFiles?: string[];
}

function resvgOf(svg: string, scale: number, fontFile: string, options: PngOptions): Resvg {
  if (!(scale > 0 && scale <= 16)) throw new Error(`renderPng: scale must be in (0, 16] (got ${scale})`);
  return new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: {
      fontFiles: [...(options.fontFiles ?? []), fontFile],
      loadSystemFonts: true,
      defaultFontFamily: PLOT_FONT_FAMILY,
      sansSerifFamily: PLOT_FONT_FAMILY,
    },
  });
}

/** PNG bytes of an SVG text (or of a Vega-Lite spec, rendered to SVG first). */
export async function renderPng(input: string | VegaLiteSpec, options: PngOptions = {}): Promise<Uint8Array> {
  const svg = typeof input === 'string' ? input : await renderSvg(input);
  return new Uint8Array(
    resvgOf(svg, options.scale ?? 2, await plotFontFile(), options)
      .render()
      .asPng(),
  );
}

/** The RGBA pixels resvg draws for an SVG text (what renderPng encodes): for checks and tools. */
export async function renderRgba(svg: string, options: PngOptions = {}): Promise<{ width: number; height: number; pixels: Uint8Array }> {
  const image = resvgOf(svg, options.scale ?? 1, await plotFontFile(), options).render();
  return { width: image.width, height: image.height, pixels: new Uint8Array(image.pixels) };
}

/** Writes a plot to `file`: '.svg' or '.png' by its extension. Returns the path. */
export async function savePlot(spec: VegaLiteSpec, file: string, options: PngOptions = {}): Promise<string> {
  const ext = /\.(svg|png)$/i.exec(file)?.[1]?.toLowerCase();
  if (!ext) throw new Error(`savePlot: '${file}' must end in .svg or .png`);
  const svg = await renderSvg(spec);
  await writeFileAtomic(file, ext === 'svg' ? svg : await renderPng(svg, options), 'save the plot');
  return file;
}
