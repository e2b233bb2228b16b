// The commands of `sunhwan`, in the order `sunhwan --help` lists them. A command is a module
// exporting `register(program: Command): void`; add yours here.
import type { Command } from 'commander';
import { register as recipes } from './recipes.ts';
import { register as recipe } from './recipe.ts';
import { register as train } from './train.ts';
import { register as summary } from './summary.ts';
import { register as predict } from './predict.ts';
import { register as generate } from './generate.ts';
import { register as datasets } from './datasets.ts';
import { register as collect } from './collect.ts';

export const commands: ReadonlyArray<(program: Command) => void> = [recipes, recipe, train, summary, predict, generate, datasets, collect];
