// Seed 003 (Deep Learning with Python, 6.1.1 "단어와 문자의 원-핫 인코딩"), codes 6-1 … 6-4: the four
// ways the book turns two sentences into one-hot tensors (no training; the figures are shapes and
// indexes).
//
//   samples = ['The cat sat on the mat.', 'The dog ate my homework.']
//   6-1  token_index from sample.split(); results (2, 10, max index + 1)
//   6-2  characters = string.printable; results (2, 50, 101)
//   6-3  tokenizer = Tokenizer(num_words=1000); tokenizer.fit_on_texts(samples)
//        sequences = tokenizer.texts_to_sequences(samples)
//        one_hot_results = tokenizer.texts_to_matrix(samples, mode='binary')
//        print('%s개의 고유한 토큰을 찾았습니다.' % len(word_index))
//   6-4  index = abs(hash(word)) % 1000; results (2, 10, 1000)
//
// Book: no printed output; the code implies the shapes above; the translator's note: 6-3's matrix is (samples, 1000), a 1-gram bag of
// words. Python's hash() is salted per process, so code 6-4 uses md5 here (deterministic).
//
// Run: npx tsx recipes/text-vectorization.ts
import { Tokenizer, oneHotEncode } from 'sunhwan/preprocessing';
import { banner, main, report, type RecipeMeta, type RecipeOptions, type RecipeResult } from './common.ts';

export const meta: RecipeMeta = {
  name: 'text-vectorization',
  source: 'seed 003 §6.1.1',
  description: 'one-hot encodings of words and characters, Tokenizer matrices, hashing (no training)',
};

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  banner(
    'text-vectorization: codes 6-1 … 6-4 on two sentences',
    ['seed 003 §6.1.1, book: no printed figures; the code implies shapes (2, 10, 11), (2, 50, 101), (2, 1000), (2, 10, 1000)'],
    options,
  );
  const samples = ['The cat sat on the mat.', 'The dog ate my homework.'];

  // 6-1 word level
  const words = oneHotEncode(samples, { level: 'word', maxLength: 10 });
  console.log('6-1 token_index:', JSON.stringify(Object.fromEntries(words.tokenIndex)), `results: [${words.encoded.shape.join(', ')}]`);

  // 6-2 character level over string.printable
  const chars = oneHotEncode(samples, { level: 'char', maxLength: 50 });
  console.log(`6-2 results: [${chars.encoded.shape.join(', ')}]`);

  // 6-3 Keras' Tokenizer
  const tokenizer = new Tokenizer({ numWords: 1000 });
  tokenizer.fitOnTexts(samples);
  const sequences = tokenizer.textsToSequences(samples);
  const oneHotResults = tokenizer.textsToMatrix(samples, 'binary');
  const wordIndex = tokenizer.wordIndex;
  console.log(`6-3 ${wordIndex.size}개의 고유한 토큰을 찾았습니다.`);
  console.log('    word_index:', JSON.stringify(Object.fromEntries(wordIndex)));
  console.log('    sequences:', JSON.stringify(sequences), `one_hot_results: [${oneHotResults.shape.join(', ')}]`);

  // 6-4 hashing
  const hashed = oneHotEncode(samples, { level: 'hash', maxLength: 10, dimensionality: 1000 });
  const h = hashed.encoded.dataSync();
  const firstRow: number[] = [];
  for (let j = 0; j < 6; j++) for (let k = 0; k < 1000; k++) if (h[j * 1000 + k] === 1) firstRow.push(k);
  console.log(`6-4 results: [${hashed.encoded.shape.join(', ')}], hash buckets of sample 0: ${firstRow.join(' ')}`);

  const metrics = {
    unique_tokens: wordIndex.size,
    word_width: words.encoded.shape[2]!,
    char_width: chars.encoded.shape[2]!,
    matrix_width: oneHotResults.shape[1]!,
  };
  report(metrics);
  return { metrics };
}

main(meta, import.meta.url, run);
