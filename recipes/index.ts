// The recipes the `sunhwan` command runs, in the order `sunhwan recipes` lists them (the order of
// recipes/README.md). Each module exports `meta` and `run(options)`; see ./common.ts.
import type { RecipeMeta, RecipeOptions, RecipeResult } from './common.ts';
import * as textVectorization from './text-vectorization.ts';
import * as sineWave from './sine-wave.ts';
import * as sequence4step from './sequence-4step.ts';
import * as multiplication from './multiplication.ts';
import * as imdbEmbeddingFlatten from './imdb-embedding-flatten.ts';
import * as imdbGlove from './imdb-glove.ts';
import * as imdbRnn from './imdb-rnn.ts';
import * as imdbLstm from './imdb-lstm.ts';
import * as imdbBidirectional from './imdb-bidirectional.ts';
import * as imdbLstmMaxlen20 from './imdb-lstm-maxlen20.ts';
import * as imdbConv1d from './imdb-conv1d.ts';
import * as imdbCnnLstm from './imdb-cnn-lstm.ts';
import * as imdbSeed001 from './imdb-seed001.ts';
import * as jena from './jena.ts';
import * as reutersLstm from './reuters-lstm.ts';
import * as spamRnn from './spam-rnn.ts';
import * as nsmcLstm from './nsmc-lstm.ts';
import * as nsmcLstmSeed001 from './nsmc-lstm-seed001.ts';
import * as stockLstm from './stock-lstm.ts';
import * as textGenerationNietzsche from './text-generation-nietzsche.ts';
import * as textGenerationKorean from './text-generation-korean.ts';
import * as seq2seqReverse from './seq2seq-reverse.ts';
import * as collectReviews from './collect-reviews.ts';

export type { RecipeMeta, RecipeOptions, RecipeResult, RecipeTokenizer } from './common.ts';
export { useSharedData } from './common.ts';

export interface Recipe {
  meta: RecipeMeta;
  run(options: RecipeOptions): Promise<RecipeResult>;
}

export const recipes: readonly Recipe[] = [
  textVectorization,
  sineWave,
  sequence4step,
  multiplication,
  imdbEmbeddingFlatten,
  imdbGlove,
  imdbRnn,
  imdbLstm,
  imdbBidirectional,
  imdbLstmMaxlen20,
  imdbConv1d,
  imdbCnnLstm,
  imdbSeed001,
  jena,
  reutersLstm,
  spamRnn,
  nsmcLstm,
  nsmcLstmSeed001,
  stockLstm,
  textGenerationNietzsche,
  textGenerationKorean,
  seq2seqReverse,
  collectReviews,
];

/** The recipe called `name`, or undefined. */
export function findRecipe(name: string): Recipe | undefined {
  return recipes.find((r) => r.meta.name === name);
}
