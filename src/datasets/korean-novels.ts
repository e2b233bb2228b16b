// The Korean novels corpus without the data folder: KoCoNovel's 50 `text.jsonl` files (CC BY-SA 4.0,
// public-domain novels from Korean Wikisource) at the commit the shared data was made from, joined
// as korean_novels/README.md describes (a novel's chunks joined by '\n', novels by '\n\n', a final
// '\n'). Each file is downloaded once through getFile (its hash recorded on first use); the joined
// text must have the SHA-256 of the shared corpus.txt, or nothing is kept.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/files.ts';
import { fetchDownload, writableCacheDir, type LocateOptions } from './sources.ts';
import { dataDir, sha256File } from './get-file.ts';

const KOCONOVEL = 'https://raw.githubusercontent.com/storidient/KoCoNovel/211e57dba1ffd2b84bd9817e27e66f35ab6071d2/data/jsonl/';

/** The 50 folders of KoCoNovel's data/jsonl, in the corpus order (by id). */
export const KOCONOVEL_FOLDERS: readonly string[] = Object.freeze(
  [
    'Ms._B_and_Love_Letters',
    'A_Sweetheart',
    'A_Fictional_Rogue_Girl',
    'Wedding',
    'Kyung-hee',
    'A_Strange_Monk',
    'The_Woman',
    'Dark_Moon',
    'A_Field_of_Beans_Where_Gold_is_Buried',
    'Rich_Mine',
    'The_Daedong_River_Whispers',
    'City_and_Ghost',
    'Ddaraji',
    'Manmubang',
    'When_the_Sun_Rises',
    'When_Buckwheat_Flowers_Blossom',
    'Good_Sentences',
    'The_Unknown_Woman',
    'The_Mother_and_the_Son',
    'Anemone',
    'The_Death_of_Park_Chum-ji',
    'The_Mute_Samurai',
    'Spring_Spring',
    'The_Father_and_the_Son',
    'Fire',
    'A_Poverty-Stricken_Wife',
    'The_Son-in-Law',
    'A_Boy_s_Woes',
    'The_Calf',
    'Purehearted_Prince_Hodong',
    'Society_Authorizing_Alcohol',
    'The_Newspaper_and_the_Cage',
    'Miracles_of_Coincidence',
    'A_Lucky_Day',
    'Enemies_to_Benefactors',
    'Presence',
    'Girl_of_Doubt',
    'Eisig_and_Doseung',
    'The_Rose_is_Diseased',
    'Passionate_Princess_Nangnang',
    'Jeong-hee',
    'Youth',
    'The_Bachelor_and_the_Blind_Eel',
    'Escape_Chronicles',
    'Break_at_Dawn',
    'Sunrise',
    'Floral_Tribute',
    'The_Bull_and_the_Goblin',
    'Later_Baekje_Chronicles',
    'Baptism_of_Soil',
  ].map((title, i) => `${i + 1}_${title}`),
);

/** Where the joined corpus is kept, and its SHA-256 (= the decompressed shared corpus.txt.gz). */
export const KOREAN_NOVELS_CORPUS = {
  file: 'korean_novels/corpus.txt',
  sha256: '938ec437fd1f3e8e5dde70dcf668fa4614f44d471f402007d57188be2bde8cde',
};

/** The cache name of one novel's text.jsonl (the key for `urls` in tests and mirrors). */
export function koconovelFile(folder: string): string {
  return `korean_novels/koconovel/${folder}/text.jsonl`;
}

/** One novel's text: its chunks' `text` joined by '\n'. */
function novelText(path: string): string {
  const chunks: string[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch (e) {
        throw new Error(`${path}:${i + 1}: not JSON (${(e as Error).message})`);
      }
      const text = (row as { text?: unknown }).text;
      if (typeof text !== 'string') throw new Error(`${path}:${i + 1}: no "text" string`);
      chunks.push(text);
    });
  return chunks.join('\n');
}

/** The corpus from KoCoNovel's files (downloaded once; the joined text checked and cached). */
export async function downloadKoreanNovels(options: LocateOptions = {}): Promise<string> {
  const root = options.dataDir ?? dataDir();
  const expected = options.hashes?.[KOREAN_NOVELS_CORPUS.file] ?? KOREAN_NOVELS_CORPUS.sha256;
  for (const dir of [root, writableCacheDir(root)]) {
    const cached = join(dir, KOREAN_NOVELS_CORPUS.file);
    if (existsSync(cached) && (await sha256File(cached)) === expected) return readFileSync(cached, 'utf8');
  }
  const novels: string[] = [];
  const paths: string[] = [];
  for (const folder of KOCONOVEL_FOLDERS) {
    const file = koconovelFile(folder);
    const path = await fetchDownload({ url: `${KOCONOVEL}${folder}/text.jsonl`, file }, root, options.urls, options.hashes);
    paths.push(path);
    novels.push(novelText(path));
  }
  const corpus = `${novels.join('\n\n')}\n`;
  const got = createHash('sha256').update(corpus, 'utf8').digest('hex');
  if (got !== expected) {
    // a changed or tampered file: drop the downloads so the next call fetches them again
    for (const p of paths) for (const f of [p, `${p}.sha256`]) rmSync(f, { force: true });
    throw new Error(
      `korean novels: the text joined from KoCoNovel's ${KOCONOVEL_FOLDERS.length} files has sha256 ${got}, expected ${expected} ` +
        `(korean_novels/README.md); the downloads were removed`,
    );
  }
  await writeFileAtomic(join(writableCacheDir(root), KOREAN_NOVELS_CORPUS.file), corpus, 'korean novels corpus');
  return corpus;
}
