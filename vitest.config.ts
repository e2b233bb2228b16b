import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `sunhwan` imports (recipes, tests) run from source, as tsconfig's paths say; the package's
// exports point at the built dist/
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^sunhwan$/, replacement: source('./src/index.ts') },
      { find: /^sunhwan\/preprocessing$/, replacement: source('./src/preprocessing/index.ts') },
      { find: /^sunhwan\/datasets$/, replacement: source('./src/datasets/index.ts') },
      { find: /^sunhwan\/node$/, replacement: source('./src/io/node.ts') },
      { find: /^sunhwan\/viz$/, replacement: source('./src/viz/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // tests import src/ modules directly: give them the Node entry's native kernels and threads
    setupFiles: ['test/setup-node-platform.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
