// The core must run in browsers: nothing reachable from the browser entries may import a
// Node built-in. Node-only code (datasets, file I/O, worker threads) sits behind its own entries.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BROWSER_ENTRIES = ['src/index.browser.ts', 'src/preprocessing/index.ts'];
const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Every file reachable through static (and, unless `staticOnly`, dynamic) imports, with the modules each imports. */
function importGraph(entry: string, staticOnly = false): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const stack = [resolve(entry)];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    const source = readFileSync(file, 'utf8');
    const specifiers = [
      ...source.matchAll(
        /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g,
      ),
    ]
      // type-only imports load nothing
      .filter((m) => !/^(?:import|export)\s+type\s/.test(m[0]))
      .map((m) => (staticOnly ? m[1] : (m[1] ?? m[2] ?? m[3])))
      .filter((s): s is string => s !== undefined)
      .filter((s) => !/^\s*\/\//.test(s));
    seen.set(file, specifiers);
    for (const s of specifiers) if (s.startsWith('.')) stack.push(resolve(dirname(file), s));
  }
  return seen;
}

describe('browser safety', () => {
  for (const entry of BROWSER_ENTRIES) {
    it(`${entry} reaches no Node built-in module`, () => {
      const offenders: string[] = [];
      for (const [file, specifiers] of importGraph(entry)) {
        for (const s of specifiers) if (NODE_BUILTINS.has(s)) offenders.push(`${file.replace(resolve('.') + '/', '')} imports ${s}`);
      }
      expect(offenders).toEqual([]);
    });

    it(`${entry} imports no native binary (the native kernels' loader finds it at run time, in Node only)`, () => {
      const offenders: string[] = [];
      for (const [file, specifiers] of importGraph(entry)) {
        for (const s of specifiers) if (s.endsWith('.node')) offenders.push(`${file.replace(resolve('.') + '/', '')} imports ${s}`);
        if (/new URL\([^)]*\.node['"`]/.test(readFileSync(file, 'utf8'))) offenders.push(`${file} names a .node file as an asset URL`);
      }
      expect(offenders).toEqual([]);
    });
  }

  // src/platform/node.ts brings both in Node; a page loads the pool only when it starts threads
  it('src/index.browser.ts reaches neither the native kernels nor, statically, the worker pool', () => {
    const everything = [...importGraph('src/index.browser.ts').keys()].map((f) => f.replace(resolve('.') + '/', ''));
    expect(everything.filter((f) => f.startsWith('src/kernels/native/') || f.startsWith('src/platform/'))).toEqual([]);
    const loadedUpFront = [...importGraph('src/index.browser.ts', true).keys()].map((f) => f.replace(resolve('.') + '/', ''));
    expect(loadedUpFront.filter((f) => /^src\/threads\/(pool|worker-source|control)\.ts$/.test(f))).toEqual([]);
  });
});
