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
console.log(`total: ${((performance.now() - total) / 1000).toFixed(3)} s wall, ${((cpuTotal.user + cpuTotal.system) / 1e6).toFixed(3)} s cpu`);
