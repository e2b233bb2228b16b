// The Korean novels corpus assembled from KoCoNovel's per-novel files, served from 127.0.0.1 (three
// small fixture novels stand in for the 50): joined as the data README says, checked by sha256,
// cached, and refused (downloads removed) when the joined text's hash differs.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KOCONOVEL_FOLDERS, KOREAN_NOVELS_CORPUS, koconovelFile } from '../../src/datasets/korean-novels.ts';
import { koreanNovels } from '../../src/datasets/text-corpora.ts';
import { startServer, tempDir, type TestServer } from './helpers.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/datasets/${name}`, import.meta.url));
const expected = fixture('novels-expected.txt').toString('utf8');

let server: TestServer;
const dirs: string[] = [];
beforeAll(async () => {
  server = await startServer(Object.fromEntries([1, 2, 3].map((n) => [`/novel-${n}.jsonl`, { body: fixture(`novel-${n}.jsonl`) }])));
});
afterAll(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function options(sha256 = createHash('sha256').update(expected).digest('hex')) {
  const dataDir = tempDir();
  dirs.push(dataDir);
  const urls = Object.fromEntries(KOCONOVEL_FOLDERS.map((folder, i) => [koconovelFile(folder), server.url(`/novel-${(i % 3) + 1}.jsonl`)]));
  return { dataDir, urls, hashes: { [KOREAN_NOVELS_CORPUS.file]: sha256 } };
}

describe('koreanNovels without the data folder (local server)', () => {
  it('joins the 50 novels as the shared corpus is made, keeps the corpus and reuses it', async () => {
    expect(KOCONOVEL_FOLDERS).toHaveLength(50);
    expect(KOCONOVEL_FOLDERS[27]).toBe('28_A_Boy_s_Woes');
    const o = options();
    expect(await koreanNovels(o)).toBe(expected);
    expect(readFileSync(join(o.dataDir, KOREAN_NOVELS_CORPUS.file), 'utf8')).toBe(expected);
    const served = [1, 2, 3].reduce((a, n) => a + (server.requests.get(`/novel-${n}.jsonl`) ?? 0), 0);
    expect(await koreanNovels(o)).toBe(expected);
    expect([1, 2, 3].reduce((a, n) => a + (server.requests.get(`/novel-${n}.jsonl`) ?? 0), 0)).toBe(served);
  });

  it('refuses a joined text with another sha256 and removes the downloads', async () => {
    const o = options('f'.repeat(64));
    await expect(koreanNovels(o)).rejects.toThrow(/has sha256 [0-9a-f]{64}, expected f{64}.*the downloads were removed/);
    expect(existsSync(join(o.dataDir, koconovelFile(KOCONOVEL_FOLDERS[0]!)))).toBe(false);
    expect(existsSync(join(o.dataDir, KOREAN_NOVELS_CORPUS.file))).toBe(false);
  });
});
