// Benchmark (not a test): the textbook's IMDB preprocessing on the raw reviews.
//   tokenizer = Tokenizer(num_words=10000); tokenizer.fit_on_texts(texts)
//   sequences = tokenizer.texts_to_sequences(texts); data = pad_sequences(sequences, maxlen=500)
// Run: npm run bench:preprocess   (target: < 5 s in total)
import { performance } from 'node:perf_hooks';
import { readTextFile } from '../src/preprocessing/csv-node.ts';
import { Tokenizer } from '../src/preprocessing/tokenizer.ts';
import { padSequences } from '../src/preprocessing/sequence.ts';

const path = process.argv[2] ?? '/work/shared/data/imdb/train.tsv.gz';

/** Undoes the shared data's TSV escapes: \\ \t \r \n. */
function unescapeField(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(/\\([\\trn])/g, (_, c: string) => (c === 't' ? '\t' : c === 'r' ? '\r' : c === 'n' ? '\n' : '\\'));
}

// Wall time, and this process's CPU time (user + system), which stays meaningful when other
// processes share the cores.
let cpuMark = process.cpuUsage();
const cpuStart = cpuMark;
function seconds(start: number): string {
  const cpu = process.cpuUsage(cpuMark);
  cpuMark = process.cpuUsage();
  return `${((performance.now() - start) / 1000).toFixed(3)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(3)} s cpu`;
}

let t = performance.now();
const total = t;
const lines = readTextFile(path).split('\n');
const texts: string[] = [];
const labels: number[] = [];
for (let i = 1; i < lines.length; i++) {
  const line = lines[i]!;
  if (line === '') continue;
  const tab = line.indexOf('\t');
  labels.push(Number(line.slice(0, tab)));
  texts.push(unescapeField(line.slice(tab + 1)));
}
console.log(`read + unescape ${texts.length} reviews: ${seconds(t)}`);

t = performance.now();
const tokenizer = new Tokenizer({ numWords: 10000 });
tokenizer.fitOnTexts(texts);
console.log(`fitOnTexts (numWords 10000): ${seconds(t)}  (${tokenizer.wordIndex.size} distinct words)`);

t = performance.now();
const sequences = tokenizer.textsToSequences(texts);
console.log(`textsToSequences: ${seconds(t)}  (${sequences.reduce((n, s) => n + s.length, 0)} tokens)`);

t = performance.now();
const data = padSequences(sequences, { maxlen: 500 });
console.log(`padSequences (maxlen 500): ${seconds(t)}  -> Tensor [${data.shape.join(', ')}] ${data.dtype}`);

const cpuTotal = process.cpuUsage(cpuStart);
console.log(
  `total: ${((performance.now() - total) / 1000).toFixed(3)} s wall, ${((cpuTotal.user + cpuTotal.system) / 1e6).toFixed(3)} s cpu`,
);

// Seed 002's Korean pipeline on NSMC (150,000 reviews): clean_str, split(' '), word[:5], the
// Tokenizer(num_words 20000) and pad_sequences(maxlen 25, padding 'post').
const nsmcPath = '/work/shared/data/nsmc/ratings_train.tsv.gz';
if (process.argv[2] === undefined) {
  const { existsSync } = await import('node:fs');
  if (existsSync(nsmcPath)) {
    const { cleanStr, truncateWords } = await import('../src/preprocessing/korean.ts');
    console.log('\nNSMC (seed 002):');
    t = performance.now();
    const nsmcStart = t;
    const cpuNsmc = process.cpuUsage();
    const reviews = readTextFile(nsmcPath)
      .split('\n')
      .slice(1)
      .filter((l) => l !== '')
      .map((l) => l.split('\t')[1]!);
    console.log(`read ${reviews.length} reviews: ${seconds(t)}`);
    t = performance.now();
    const sentences = reviews.map((r) => truncateWords(cleanStr(r).split(' '), 5).slice(0, 25));
    console.log(`cleanStr + split + word[:5]: ${seconds(t)}`);
    t = performance.now();
    const korean = new Tokenizer({ numWords: 20000 });
    korean.fitOnTexts(sentences);
    const padded = padSequences(korean.textsToSequences(sentences), { maxlen: 25, padding: 'post' });
    console.log(`Tokenizer + padSequences: ${seconds(t)}  -> Tensor [${padded.shape.join(', ')}]`);
    const c = process.cpuUsage(cpuNsmc);
    console.log(
      `NSMC total: ${((performance.now() - nsmcStart) / 1000).toFixed(3)} s wall, ${((c.user + c.system) / 1e6).toFixed(3)} s cpu`,
    );
  }
}
