// Corpora for character-level text generation.
// - nietzsche(): Keras' nietzsche.txt (600,901 bytes; the Keras example lowercases it: 600,893 chars).
// - koreanNovels(): 50 Korean modern novels (KoCoNovel), 707,152 characters, in place of the
//   조선왕조실록 corpus of the TensorFlow 2.0 book (ch. 7), which is not available (see korean_novels/README.md).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from './get-file.ts';
import { downloadKoreanNovels } from './korean-novels.ts';
import { readContent } from './read.ts';
import { dataFiles, locateDataFile, type LocateOptions } from './sources.ts';

export interface CorpusOptions extends LocateOptions {
  /** Lowercase the text (the Keras example does `.lower()`). Default false. */
  lower?: boolean;
}

export async function nietzsche(options: CorpusOptions = {}): Promise<string> {
  const text = readContent(await locateDataFile(dataFiles.nietzsche, options)).toString('utf8');
  return options.lower ? text.toLowerCase() : text;
}

/**
 * The 50 novels: the data folder's korean_novels/corpus.txt.gz, else (no data folder) the same text
 * assembled from KoCoNovel's public files — see korean-novels.ts.
 */
export async function koreanNovels(options: LocateOptions = {}): Promise<string> {
  if (!existsSync(join(options.dataDir ?? dataDir(), dataFiles.koreanNovels.path))) return downloadKoreanNovels(options);
  return readContent(await locateDataFile(dataFiles.koreanNovels, options)).toString('utf8');
}
