// The dashboard page: one HTML document with uPlot (MIT) and the client script inlined, so the
// server serves a single response and the page loads nothing from anywhere else.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hangulFontFace } from '../font.ts';
import { CLIENT_JS } from './client.ts';

const STYLE = `${hangulFontFace('font.woff')}
body{font-family:'Noto Sans KR',system-ui,sans-serif;margin:1rem 2rem;color:#222}
header{display:flex;gap:1rem;align-items:baseline}h1{font-size:1.3rem;margin:0}#status{color:#666}
#charts{display:flex;flex-wrap:wrap;gap:1rem}.chart{border:1px solid #eee;padding:.25rem}
.run h2{font-size:1.05rem;padding-left:.5rem}.meta{color:#555;font-size:.9rem}
table{border-collapse:collapse;font-size:.85rem}td,th{border:1px solid #ddd;padding:.2rem .5rem}
pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:.8rem}.sample{white-space:pre-wrap}`;

export function dashboardPage(): string {
  const require = createRequire(import.meta.url);
  const uplotJs = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const uplotCss = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sunhwan dashboard</title>
<style>${uplotCss}
${STYLE}</style>
</head>
<body>
<header><h1>sunhwan dashboard</h1><span id="status">connecting…</span></header>
<div id="charts"></div>
<div id="runs"></div>
<script>${uplotJs.replace(/<\/script/gi, '<\\/script')}</script>
<script>${CLIENT_JS}</script>
</body>
</html>
`;
}
