// Makes examples/data/reviews-sample.tsv.gz, the demo's sentiment data: a small, balanced
// sample of Korean (NSMC) and English (IMDB, the shorter reviews) movie reviews.
//   SUNHWAN_DATA=/path/to/shared/data node examples/data/make-reviews-sample.mjs
// Output: gzip, UTF-8, header `lang<TAB>split<TAB>label<TAB>text`, label 1 = positive; no tabs
// or newlines inside text. Rows are taken in file order (both files are already shuffled).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

const data = process.env.SUNHWAN_DATA ?? '/work/shared/data';
const rows = (file) =>
  gunzipSync(readFileSync(join(data, file)))
    .toString('utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean);
const unescape = (s) => s.replace(/\\([\\trn])/g, (_, c) => ({ '\\': '\\', t: ' ', r: ' ', n: ' ' })[c]);
const clean = (s) =>
  s
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function take(list, perLabel, keep = () => true) {
  const count = { 0: 0, 1: 0 };
  const out = [];
  for (const r of list) {
    if (count[r.label] >= perLabel || !keep(r)) continue;
    count[r.label]++;
    out.push(r);
    if (count[0] >= perLabel && count[1] >= perLabel) break;
  }
  return out;
}

const nsmc = (file) =>
  rows(file)
    .map((l) => {
      const [, text, label] = l.split('\t');
      return { text: clean(text), label: Number(label) };
    })
    .filter((r) => r.text);
const imdb = (file) =>
  rows(file).map((l) => {
    const [label, text] = l.split('\t');
    return { text: clean(unescape(text)), label: Number(label) };
  });
const short = (r) => r.text.length <= 400;

const out = ['lang\tsplit\tlabel\ttext'];
const add = (lang, split, list) => list.forEach((r) => out.push(`${lang}\t${split}\t${r.label}\t${r.text}`));
add('ko', 'train', take(nsmc('nsmc/ratings_train.tsv.gz'), 2500));
add('ko', 'test', take(nsmc('nsmc/ratings_test.tsv.gz'), 250));
add('en', 'train', take(imdb('imdb/train.tsv.gz'), 500, short));
add('en', 'test', take(imdb('imdb/test.tsv.gz'), 100, short));
const gz = gzipSync(out.join('\n') + '\n', { level: 9 });
writeFileSync(new URL('./reviews-sample.tsv.gz', import.meta.url), gz);
console.log(`${out.length - 1} reviews, ${gz.byteLength} bytes`);
