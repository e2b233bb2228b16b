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

/** Path of the OTF file of Noto Sans KR Regular (made on first use). */
export function plotFontFile(): Promise<string> {
  cached ??= (async () => {
    const woffPath = createRequire(import.meta.url).resolve('noto-sans-kr/fonts/NotoSans-Regular.woff');
    const woff = readFileSync(woffPath);
    const otf = join(tmpdir(), `sunhwan-NotoSansKR-Regular-${woff.byteLength}.otf`);
    if (!existsSync(otf)) await writeFileAtomic(otf, woffToSfnt(woff, woffPath), 'write the plot font');
    return otf;
  })();
  cached.catch(() => (cached = null));
  return cached;
}
