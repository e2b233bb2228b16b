// `sunhwan recipes`: the book experiments `sunhwan recipe <name>` runs.
import type { Command } from 'commander';

/** Terminal columns of a string: Hangul and other wide characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(ch) ? 2 : 1;
  return width;
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

export function register(program: Command): void {
  program
    .command('recipes')
    .description('list the book experiments (run one with `sunhwan recipe <name>`)')
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean }) => {
      const { recipes } = await import('../../../recipes/index.ts');
      if (options.json) {
        console.log(
          JSON.stringify(
            recipes.map((r) => r.meta),
            null,
            1,
          ),
        );
        return;
      }
      const nameWidth = Math.max(...recipes.map((r) => r.meta.name.length));
      const sourceWidth = Math.max(...recipes.map((r) => displayWidth(r.meta.source)));
      for (const { meta } of recipes) console.log(`${pad(meta.name, nameWidth)}  ${pad(meta.source, sourceWidth)}  ${meta.description}`);
      console.log('\nsunhwan recipe <name> [--quick] [--epochs N] [--out DIR]; data: SUNHWAN_DATA (see `sunhwan datasets`)');
    });
}
