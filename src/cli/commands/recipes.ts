// `sunhwan recipes`: the book experiments `sunhwan recipe <name>` runs.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('recipes')
    .description('list the book experiments (run one with `sunhwan recipe <name>`)')
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean }) => {
      const { recipes } = await import('../../../recipes/index.ts');
      if (options.json) {
        console.log(JSON.stringify(recipes.map((r) => r.meta), null, 1));
        return;
      }
      const nameWidth = Math.max(...recipes.map((r) => r.meta.name.length));
      const sourceWidth = Math.max(...recipes.map((r) => r.meta.source.length));
      for (const { meta } of recipes) console.log(`${meta.name.padEnd(nameWidth)}  ${meta.source.padEnd(sourceWidth)}  ${meta.description}`);
      console.log('\nsunhwan recipe <name> [--quick] [--epochs N] [--out DIR]; data: SUNHWAN_DATA (see `sunhwan datasets`)');
    });
}
