// `sunhwan datasets`: which data files are in the data folder (SUNHWAN_DATA, else ~/.cache/sunhwan)
// and how big; `--fetch NAME` downloads one (a file key such as smsSpamCsv, or a folder such as
// sms_spam for all of its files), checked by SHA-256.
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { dataDir, dataFiles, locateDataFile, type DataFile } from '../../datasets/index.ts';
import { UsageError } from '../errors.ts';

interface DatasetsOptions {
  fetch?: string;
  url?: string;
  json?: boolean;
}

interface Row {
  key: string;
  folder: string;
  path: string | null;
  bytes: number;
  downloadable: boolean;
}

const entries = Object.entries(dataFiles) as [string, DataFile][];
const folderOf = (file: DataFile) => file.path.split('/')[0]!;

/** Where a file is now: the shared layout first, then its download's name (in the data folder or ~/.cache/sunhwan). */
function locate(file: DataFile, root: string): string | null {
  const candidates = [join(root, file.path)];
  if (file.download) candidates.push(join(root, file.download.file), join(homedir(), '.cache', 'sunhwan', file.download.file));
  return candidates.find((p) => existsSync(p)) ?? null;
}

function sizeOf(path: string | null): number {
  return path ? statSync(path).size : 0;
}

function human(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

export function register(program: Command): void {
  program
    .command('datasets')
    .description('show which data files are cached, where and how big; --fetch NAME downloads one')
    .option('--fetch <name>', "download a file (key, e.g. smsSpamCsv) or a folder's files (e.g. sms_spam)")
    .option('--url <url>', 'with --fetch of one file: download from this URL instead (a mirror)')
    .option('--json', 'print the list as JSON')
    .addHelpText(
      'after',
      '\nThe data folder is SUNHWAN_DATA, else ~/.cache/sunhwan; a read-only folder is never written (downloads go to ~/.cache/sunhwan).',
    )
    .action(async (options: DatasetsOptions) => {
      const root = dataDir();
      if (options.fetch) {
        const name = options.fetch;
        const chosen = entries.filter(([key, file]) => key === name || folderOf(file) === name);
        if (chosen.length === 0) {
          const names = [...new Set(entries.map(([, f]) => folderOf(f)))];
          throw new UsageError(
            `unknown data set '${name}'; give a folder (${names.join(', ')}) or a file key (${entries.map(([k]) => k).join(', ')})`,
          );
        }
        if (options.url && chosen.length !== 1)
          throw new UsageError(
            `--url needs --fetch of a single file; '${name}' has ${chosen.length}: ${chosen.map(([k]) => k).join(', ')}`,
          );
        for (const [key, file] of chosen) {
          const local = join(root, file.path);
          if (!existsSync(local) && !file.download) {
            throw new Error(
              `${key} (${file.path}) has no public single-file download; copy it into ${root} (or set SUNHWAN_DATA to a folder that has it)`,
            );
          }
          const urls = options.url && file.download ? { [file.download.file]: options.url } : {};
          const path = await locateDataFile(file, { dataDir: root, urls });
          console.log(`${key}: ${path} (${human(sizeOf(path))})`);
        }
        return;
      }
      if (options.url) throw new UsageError('--url goes with --fetch NAME');
      const rows: Row[] = entries.map(([key, file]) => {
        const path = locate(file, root);
        return { key, folder: folderOf(file), path, bytes: sizeOf(path), downloadable: Boolean(file.download) };
      });
      if (options.json) {
        console.log(JSON.stringify({ dataDir: root, files: rows }, null, 1));
        return;
      }
      console.log(`data folder: ${root}${process.env.SUNHWAN_DATA ? ' (SUNHWAN_DATA)' : ''}`);
      const keyWidth = Math.max(...rows.map((r) => r.key.length));
      for (const r of rows) {
        const status = r.path
          ? `${human(r.bytes).padStart(8)}  ${r.path}`
          : `${'-'.padStart(8)}  not cached${r.downloadable ? ` (sunhwan datasets --fetch ${r.key})` : ' (no public download: copy it into the data folder)'}`;
        console.log(`${r.folder.padEnd(18)} ${r.key.padEnd(keyWidth)}  ${status}`);
      }
      const cached = rows.filter((r) => r.path);
      console.log(`${cached.length} of ${rows.length} files cached, ${human(cached.reduce((a, r) => a + r.bytes, 0))}`);
    });
}
