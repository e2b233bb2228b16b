import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as nsmc from '../../src/datasets/nsmc.ts';
import * as smsSpam from '../../src/datasets/sms-spam.ts';
import * as textCorpora from '../../src/datasets/text-corpora.ts';
import { unescapeTsv } from '../../src/datasets/read.ts';
import { locateDataFile, dataFiles } from '../../src/datasets/sources.ts';
import { dataRoot, hasData, tempDir } from './helpers.ts';
import { cpSync, writeFileSync } from 'node:fs';

const options = { dataDir: dataRoot };
const sum = (y: ArrayLike<number>) => Array.from(y).reduce((a, b) => a + b, 0);

describe.skipIf(!hasData)('nsmc', () => {
  it('loads 150,000 / 50,000 reviews with the documented label balance and ids', async () => {
    const { train, test } = await nsmc.loadSplits(options);
    expect(train.documents.length).toBe(150000);
    expect(test.documents.length).toBe(50000);
    expect(sum(train.labels.dataSync())).toBe(74991);
    expect(sum(test.labels.dataSync())).toBe(25009);
    expect(train.ids[0]).toBe('8180921');
    expect(train.documents[0]).toBe('기리기리 남을영화. 백마디보다 영화한번 보는게 정말 나은영화');
    expect(train.labels.dataSync()[0]).toBe(1);
    expect(new Set([...train.ids, ...test.ids]).size).toBe(200000);
    const [[documents, labels]] = await nsmc.loadData(options);
    expect(documents.length).toBe(labels.shape[0]);
  });
});

describe.skipIf(!hasData)('smsSpam', () => {
  it('loads 5,572 messages (4,825 ham / 747 spam) equal to the normalised spam.tsv', async () => {
    const { texts, labels } = await smsSpam.loadData(options);
    expect(texts.length).toBe(5572);
    expect(sum(labels.dataSync())).toBe(747);
    expect(texts[0]).toBe(
      'Go until jurong point, crazy.. Available only in bugis n great world la e buffet... Cine there got amore wat...',
    );
    // The data README's normalisation of the CSV, done by the loader, gives the shared TSV exactly.
    const tsv = gunzipSync(readFileSync(join(dataRoot, 'sms_spam/spam.tsv.gz')))
      .toString('utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean);
    expect(tsv.length).toBe(5572);
    let differences = 0;
    tsv.forEach((line, i) => {
      const tab = line.indexOf('\t');
      if (unescapeTsv(line.slice(tab + 1)) !== texts[i] || (line.slice(0, tab) === 'spam' ? 1 : 0) !== labels.dataSync()[i]) differences++;
    });
    expect(differences).toBe(0);
  });

  it('parses RFC 4180 CSV (quotes, doubled quotes, line breaks) and reports an unterminated quote', () => {
    expect(smsSpam.parseCsv('a,"b,c","say ""hi""\nthere"\r\nd,e,f')).toEqual([
      ['a', 'b,c', 'say "hi"\nthere'],
      ['d', 'e', 'f'],
    ]);
    expect(() => smsSpam.parseCsv('x\n"open', 'bad.csv')).toThrow(/bad.csv:2: unterminated quoted field/);
  });
});

describe.skipIf(!hasData)('text corpora', () => {
  it('nietzsche: 600,893 characters (Keras prints "corpus length: 600893")', async () => {
    const text = await textCorpora.nietzsche({ ...options, lower: true });
    expect(text.length).toBe(600893);
    expect(text.startsWith('preface\n')).toBe(true);
  });

  it('koreanNovels: 707,152 characters, 1,519 distinct', async () => {
    const text = await textCorpora.koreanNovels(options);
    expect(text.length).toBe(707152);
    expect(new Set(text).size).toBe(1519);
  });
});

describe.skipIf(!hasData)('data folder checks', () => {
  it('rejects a file whose sha256 differs from the README, naming both hashes', async () => {
    const root = tempDir();
    cpSync(join(dataRoot, 'korean_novels'), join(root, 'korean_novels'), { recursive: true });
    writeFileSync(join(root, 'korean_novels/corpus.txt.gz'), 'not the corpus');
    await expect(locateDataFile(dataFiles.koreanNovels, { dataDir: root })).rejects.toThrow(
      new RegExp(`corpus.txt.gz: sha256 mismatch: expected ${dataFiles.koreanNovels.sha256}, got [0-9a-f]{64}`),
    );
  });

  it('names the missing file when it has no public download', async () => {
    await expect(locateDataFile(dataFiles.reutersKeras46, { dataDir: tempDir() })).rejects.toThrow(
      /reuters\/keras46.tsv.gz is not in the data folder .* SUNHWAN_DATA/,
    );
  });
});
