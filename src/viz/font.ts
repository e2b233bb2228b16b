// The font resvg draws plot text with: Noto Sans KR (the `noto-sans-kr` package, SIL OFL: the
// 2,350 common Hangul syllables of KS X 1001 plus Latin), unpacked once from WOFF to an OTF file
// in the temp directory because resvg only reads font files from disk. System fonts are loaded
// after it, so a glyph it lacks can still come from an installed CJK font.

import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/files.ts';
import { woffToSfnt } from './woff.ts';

export const PLOT_FONT_FAMILY = 'Noto Sans KR';

let cached: Promise<string> | null = null;

/** The bundled Noto Sans KR Regular as WOFF, for pages (@font-face) on systems without a Korean font. */
export function plotFontWoff(): Uint8Array {
  return readFileSync(createRequire(import.meta.url).resolve('noto-sans-kr/fonts/NotoSans-Regular.woff'));
}

/** An @font-face rule for the bundled font, covering Hangul only (Latin keeps the page's font). */
export function hangulFontFace(src: string): string {
  return `@font-face{font-family:'${PLOT_FONT_FAMILY}';src:url(${src}) format('woff');unicode-range:U+1100-11FF,U+3130-318F,U+AC00-D7A3}`;
}

/** Path of the OTF file of Noto Sans KR Regular (made on first use). */
export function plotFontFile(): Promise<string> {
  cached ??= (async () => {
    const woff = plotFontWoff();
    const otf = join(tmpdir(), `sunhwan-NotoSansKR-Regular-${woff.byteLength}.otf`);
    if (!existsSync(otf)) await writeFileAtomic(otf, woffToSfnt(woff, 'noto-sans-kr/fonts/NotoSans-Regular.woff'), 'write the plot font');
    return otf;
  })();
  cached.catch(() => (cached = null));
  return cached;
}
