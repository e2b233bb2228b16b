// Every plot kind rendered to SVG and PNG, checked for content: the series and axis titles in the
// SVG, a real PNG, and Hangul drawn as glyphs (distinct ink per syllable, not boxes or nothing).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plotHistory as terminalPlotHistory } from '../../src/utils/plot.ts';
import {
  attentionSpec,
  confusionMatrix,
  confusionSpec,
  historySpec,
  plotHistory,
  renderRgba,
  renderSvg,
  savePlot,
  seriesSpec,
  type VegaLiteSpec,
} from '../../src/viz/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'sunhwan-plots-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const history = { loss: [0.9, 0.5, 0.3], val_loss: [1.0, 0.6, 0.45], acc: [0.5, 0.7, 0.8], val_acc: [0.5, 0.65, 0.75] };
const sine = Array.from({ length: 60 }, (_, i) => Math.sin(i / 6));

const kinds: [string, VegaLiteSpec, string[]][] = [
  ['history', historySpec(history, { title: '학습 곡선' }), ['loss', 'acc', 'epoch', 'training', 'validation']],
  [
    'series',
    seriesSpec({
      truth: sine,
      predictions: { SimpleRNN: sine.map((v) => v * 0.9), LSTM: sine.map((v) => v + 0.02) },
      title: '사인파 예측',
      yTitle: '값',
    }),
    ['truth', 'SimpleRNN', 'LSTM', 'time step', '값'],
  ],
  [
    'confusion',
    confusionSpec({ yTrue: [0, 0, 1, 1, 1], yPred: [0, 1, 1, 1, 0], labels: ['부정', '긍정'], title: '혼동 행렬' }),
    ['부정', '긍정', 'predicted', 'true'],
  ],
  [
    'attention',
    attentionSpec({
      weights: [
        [0.7, 0.3],
        [0.2, 0.8],
      ],
      keys: ['나는', '간다'],
      queries: ['I', 'go'],
      title: '어텐션',
    }),
    ['나는', '간다', 'I', 'go', 'key', 'query'],
  ],
];

/** Count of pixels darker than the background inside a box (RGBA rows). */
function ink(image: { width: number; pixels: Uint8Array }, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (image.pixels[(y * image.width + x) * 4]! < 128) n++;
  return n;
}

describe('plots as files', () => {
  for (const [name, spec, texts] of kinds) {
    it(`${name}: SVG has its marks and labels, PNG is an image with the title drawn`, async () => {
      const svg = await renderSvg(spec);
      expect(svg.startsWith('<svg')).toBe(true);
      for (const t of texts) expect(svg, `label '${t}'`).toContain(`>${t}<`);
      const marks = name === 'history' || name === 'series' ? 'line mark' : 'rect mark';
      expect(svg).toContain(marks);
      await savePlot(spec, join(dir, `${name}.svg`));
      await savePlot(spec, join(dir, `${name}.png`));
      const file = readFileSync(join(dir, `${name}.svg`), 'utf8');
      for (const t of texts) expect(file).toContain(`>${t}<`);
      const png = readFileSync(join(dir, `${name}.png`));
      expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      const image = await renderRgba(svg);
      expect(png.readUInt32BE(16)).toBe(image.width * 2); // default scale 2
      // The Hangul title sits at the top left, above the plot.
      expect(ink(image, 0, 0, 120, 28)).toBeGreaterThan(40);
    });
  }

  it('draws Hangul syllables as distinct glyphs (not boxes, not nothing)', async () => {
    const glyph = (ch: string) =>
      renderRgba(
        `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="white"/><text x="4" y="32" font-family="Noto Sans KR" font-size="32">${ch}</text></svg>`,
      );
    const [ga, na, eo] = await Promise.all([glyph('가'), glyph('나'), glyph('어')]);
    for (const g of [ga, na, eo]) expect(ink(g, 0, 0, 40, 40)).toBeGreaterThan(30);
    const differ = (a: Uint8Array, b: Uint8Array) => a.some((v, i) => Math.abs(v - b[i]!) > 100);
    expect(differ(ga.pixels, na.pixels)).toBe(true);
    expect(differ(na.pixels, eo.pixels)).toBe(true);
  });

  it('plotHistory keeps its terminal chart and writes the file', async () => {
    for (const file of [join(dir, 'loss.svg'), join(dir, 'loss.png')]) {
      const text = await plotHistory(history, { file });
      expect(text).toBe(terminalPlotHistory(history));
      expect(readFileSync(file).byteLength).toBeGreaterThan(1000);
    }
    expect(() => terminalPlotHistory(history, { file: 'x.png' } as never)).toThrow(/sunhwan\/viz/);
  });

  it('names what is wrong', async () => {
    expect(() => historySpec({ loss: [1] }, { metrics: ['acc'] })).toThrow(/no series 'acc'/);
    expect(() => seriesSpec({ truth: [1, 2], predictions: [1] })).toThrow(/'prediction' has 1 values, truth 2/);
    expect(() => confusionMatrix([0, 1.5], [0, 1])).toThrow(/integers/);
    expect(confusionMatrix([0, 1, 1], [0, 0, 1])).toEqual([
      [1, 0],
      [1, 1],
    ]);
    expect(() => attentionSpec({ weights: [[1, 0]], keys: ['a'] })).toThrow(/1 key labels for 2 columns/);
    await expect(savePlot(historySpec(history), join(dir, 'x.jpg'))).rejects.toThrow(/\.svg or \.png/);
  });
});
