// Where every data file comes from. Each file has a place in the shared data layout
// (`<SUNHWAN_DATA>/imdb/train.tsv.gz`, …) with the SHA-256 published in that folder's README,
// and, where one exists, a canonical single-file download of the same content.
//
// Honesty notes on the hashes:
// - `sha256` is always the hash of the file in the shared layout (checked on every first read).
// - `download.sha256` is given only where the upstream bytes are known to be the ones we have
//   (the decompressed shared file is byte-identical to the upstream file). Where the upstream
//   hash cannot be known offline (Jena, official NSMC, full GloVe), it is left out and getFile
//   records the hash of the first download in `<file>.sha256` (trust on first use).
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { dataDir, getFile, sha256File } from './get-file.ts';

export interface Download {
  url: string;
  /** Name inside the cache folder. */
  file: string;
  sha256?: string;
  extract?: 'gzip' | 'zip';
}

export interface DataFile {
  /** Path in the shared data layout, relative to SUNHWAN_DATA. */
  path: string;
  /** SHA-256 of that file, from the data folder's README. */
  sha256: string;
  download?: Download;
}

export const dataFiles = {
  imdbTrain: { path: 'imdb/train.tsv.gz', sha256: '29d3f6b96b957fe32238dccb548296b3c290ab2b352c43575189f4f3adb7a273' },
  imdbTest: { path: 'imdb/test.tsv.gz', sha256: '70b681027d74dbaf4d94b57728dc81606e9087e4907991830ba727607d9b84c6' },
  imdbWordIndex: {
    path: 'imdb/imdb_word_index.json.gz',
    sha256: 'a3e7564051946a6b34e13c0d0bc25e2e18119d4e4f6adb973c91d080f3d1dba8',
    // Keras' own copy; its bytes equal our decompressed file (the data README checks Keras' md5).
    download: {
      url: 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb_word_index.json',
      file: 'imdb/imdb_word_index.json',
      sha256: '027313fe9a320280f3bf0fac5baf58c4a683cf39a7ed9c3d3d3912bde4284cf6',
    },
  },
  reutersKeras46: { path: 'reuters/keras46.tsv.gz', sha256: 'd2038e90731ab87b9d5aa174b36fa95e7bef619282f101a0156fd5f03fe6b70a' },
  reutersTopics: { path: 'reuters/keras46_topics.txt', sha256: '3ca2cbfff1847cfdd97318d4b5d8fbcca94e5252ec3d0b74ce5dce7fc8f4e8cb' },
  nsmcTrain: {
    path: 'nsmc/ratings_train.tsv.gz',
    sha256: '67327fb62f68e72d74f5be2977792c635807ab617ad383632783a62715354143',
    // The official split (the TensorFlow 2.0 book downloads it). A different sample from the shared reconstruction.
    download: { url: 'https://raw.githubusercontent.com/e9t/nsmc/master/ratings_train.txt', file: 'nsmc/ratings_train.txt' },
  },
  nsmcTest: {
    path: 'nsmc/ratings_test.tsv.gz',
    sha256: '8e1053017050a9b4dc8e1a2ee9e894d43eb9ed9c9c8650d2262feca91080ed20',
    download: { url: 'https://raw.githubusercontent.com/e9t/nsmc/master/ratings_test.txt', file: 'nsmc/ratings_test.txt' },
  },
  smsSpamCsv: {
    path: 'sms_spam/spam.csv.gz',
    sha256: '058b767e83b8aa4fd8b3edb964796c12f33d11634a0efca3f55cf450481cea51',
    download: {
      url: 'https://raw.githubusercontent.com/Amardiyabkp/PROJECT-SMS-SPAM-DETECTOR/8aa0a51cb33cee7265de1f2c2db1020ffec50d4a/spam.csv',
      file: 'sms_spam/spam.csv',
      sha256: '440e6ea9fa825578abfdd7b7932ef8393d72ef86c0c33f64676705ce40b1dfc2',
    },
  },
  nietzsche: {
    path: 'nietzsche/nietzsche.txt.gz',
    sha256: '613389166876e83eac1cbc2f520274abb054c1f55a0d51fbcaf1f511e81c1e5a',
    // Keras' URL. The expected hash is that of the repaired text in the shared folder, which the
    // data README reconciles from three copies; it could not be checked against the S3 file offline.
    download: {
      url: 'https://s3.amazonaws.com/text-datasets/nietzsche.txt',
      file: 'nietzsche/nietzsche.txt',
      sha256: '23cf69874ab69d3d256099ab530ea4be24d47d9675b673bcc67cbcd6298ec647',
    },
  },
  // Keras' own arrays (ragged word ids as pickled object arrays, read by npz.ts without executing
  // anything) and the sha256 keras/src/datasets/reuters.py checks.
  reutersNpz: {
    path: 'reuters/reuters.npz',
    sha256: 'd6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916',
    download: {
      url: 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/reuters.npz',
      file: 'reuters/reuters.npz',
      sha256: 'd6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916',
    },
  },
  koreanNovels: { path: 'korean_novels/corpus.txt.gz', sha256: 'd50010d6be1cc382faae1eb473d679d57b42154dc3e328db27565ce1465460c9' },
  samsungDaily: {
    path: 'samsung_stock/005930_daily.csv.gz',
    sha256: '77b6cae5d4d91bffff5bba0079437864df22e696c581af4e0b7c38df39e40a94',
    download: {
      url: 'https://raw.githubusercontent.com/kimdj0413/TimeSeries/e4c383085007f800167c4f30777d68391b55a489/005930.csv',
      file: 'samsung_stock/005930.csv',
      sha256: 'c842b3c6a204b29bd16dbecff9c36e1f821eeb57188238c915aac90c4b95ef03',
    },
  },
  gloveSubset: {
    path: 'glove_subset/glove.6B.50d.subset5k.txt.gz',
    sha256: 'b3b61bdcf510a3c561cd8efc79cc1c9c1e2451d5ec282ebdaec9015f41561d61',
  },
  ettH1: {
    path: 'ett_small/ETTh1.csv.gz',
    sha256: '3c56c865b8f6fc9b760a07f055ff8a993d3cf2a747235dc382b98821ed35f029',
    download: {
      url: 'https://raw.githubusercontent.com/zhouhaoyi/ETDataset/1d16c8f4f943005d613b5bc962e9eeb06058cf07/ETT-small/ETTh1.csv',
      file: 'ett_small/ETTh1.csv',
      sha256: 'f18de3ad269cef59bb07b5438d79bb3042d3be49bdeecf01c1cd6d29695ee066',
    },
  },
  ettH2: {
    path: 'ett_small/ETTh2.csv.gz',
    sha256: 'a549927e8cd45bd1c20a8ec51529cd037bf6da38fe37c2ba3dc0e9c8446d6cb5',
    download: {
      url: 'https://raw.githubusercontent.com/zhouhaoyi/ETDataset/1d16c8f4f943005d613b5bc962e9eeb06058cf07/ETT-small/ETTh2.csv',
      file: 'ett_small/ETTh2.csv',
      sha256: 'a3dc2c597b9218c7ce1cd55eb77b283fd459a1d09d753063f944967dd6b9218b',
    },
  },
  airlinePassengers: {
    path: 'classic_timeseries/airline-passengers.csv.gz',
    sha256: '66fa07e22c29f91a29f6086b18b4ae6107a207118062eb01c447367d0300d045',
    download: {
      url: 'https://raw.githubusercontent.com/jbrownlee/Datasets/d20fcb6402ae34e653d4513b00f39257bb37ed7f/airline-passengers.csv',
      file: 'classic_timeseries/airline-passengers.csv',
      sha256: '8cb51be753a718d9be5d76d7e238cc224792754676adc21faa59e954b0201621',
    },
  },
  monthlySunspots: {
    path: 'classic_timeseries/monthly-sunspots.csv.gz',
    sha256: 'fdfeb2197622f0855b39917d7276cc91b8e3d8eb65056e29acac8df926cde30a',
    download: {
      url: 'https://raw.githubusercontent.com/jbrownlee/Datasets/d20fcb6402ae34e653d4513b00f39257bb37ed7f/monthly-sunspots.csv',
      file: 'classic_timeseries/monthly-sunspots.csv',
      sha256: 'c4ec8cc57d9f6fb6ecdb3e1f37f25b6f4badd5124c55931052b0cd2fc3bc71f3',
    },
  },
  dailyMinTemperatures: {
    path: 'classic_timeseries/daily-min-temperatures.csv.gz',
    sha256: 'aaaebe87747ec02e7e0d9cf69f89413652010224fbcd927cef5ba948ac305897',
    download: {
      url: 'https://raw.githubusercontent.com/jbrownlee/Datasets/d20fcb6402ae34e653d4513b00f39257bb37ed7f/daily-min-temperatures.csv',
      file: 'classic_timeseries/daily-min-temperatures.csv',
      sha256: '8b9de63ed6789492bf497625e7f9beb96a63d367b4b0a21754006f749fa5e5da',
    },
  },
} satisfies Record<string, DataFile>;

/**
 * The raw IMDB reviews as Stanford distributes them (84 MB tar.gz), used when the data folder has
 * no imdb/train.tsv.gz: read in one streaming pass, never unpacked. Its hash is not known offline,
 * so the first download's is recorded.
 */
export const aclImdbDownload: Download = {
  url: 'https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz',
  file: 'imdb/aclImdb_v1.tar.gz',
};

/** Jena climate: only the canonical download exists (the Keras book's URL). */
export const jenaDownload: Download = {
  url: 'https://s3.amazonaws.com/keras-datasets/jena_climate_2009_2016.csv.zip',
  file: 'jena_climate/jena_climate_2009_2016.csv.zip',
  extract: 'zip',
};

/** Full GloVe 6B (822 MB zip with the 50/100/200/300-d files). */
export const glove6BDownload: Download = {
  url: 'https://nlp.stanford.edu/data/glove.6B.zip',
  file: 'glove/glove.6B.zip',
  extract: 'zip',
};

const verified = new Map<string, string>();

/** Checks a local file against its published hash once per process (keyed by size and mtime). */
export async function verifyLocalFile(path: string, expected: string): Promise<void> {
  const stat = statSync(path);
  const key = `${path}:${stat.size}:${stat.mtimeMs}`;
  if (verified.get(key) === expected) return;
  const got = await sha256File(path);
  if (got !== expected) {
    throw new Error(`${path}: sha256 mismatch: expected ${expected}, got ${got}. The file is not the one documented in the data README.`);
  }
  verified.set(key, expected);
}

export interface LocateOptions {
  /** Data folder laid out like the shared data; default SUNHWAN_DATA (else ~/.cache/sunhwan). */
  dataDir?: string;
  /** Replacement URLs by cache file name (a mirror, or a local server in tests), e.g. {'imdb/aclImdb_v1.tar.gz': '…'}. */
  urls?: Record<string, string>;
  /** Replacement SHA-256s by file name, for a mirror serving other bytes (tests serve small fixtures). */
  hashes?: Record<string, string>;
}

/**
 * The local path of a data file: from the data folder if it is there (verified), else the
 * canonical download through getFile. Readers sniff gzip, so either form works.
 */
export async function locateDataFile(file: DataFile, options: LocateOptions = {}): Promise<string> {
  const root = options.dataDir ?? dataDir();
  const local = join(root, file.path);
  if (existsSync(local)) {
    await verifyLocalFile(local, options.hashes?.[file.path] ?? file.sha256);
    return local;
  }
  if (file.download) return fetchDownload(file.download, root, options.urls, options.hashes);
  throw new Error(
    `${file.path} is not in the data folder ${root} and has no single-file public download. ` +
      `Set SUNHWAN_DATA to a folder laid out like the shared data (see README "Datasets").`,
  );
}

/** A canonical download: reused from the data folder if already there, else fetched into a writable cache. */
export async function fetchDownload(
  download: Download,
  root: string = dataDir(),
  urls: Record<string, string> = {},
  hashes: Record<string, string> = {},
): Promise<string> {
  const options = { url: urls[download.file] ?? download.url, sha256: hashes[download.file] ?? download.sha256, extract: download.extract };
  if (existsSync(join(root, download.file))) return getFile(download.file, { ...options, cacheDir: root });
  return getFile(download.file, { ...options, cacheDir: writableCacheDir(root) });
}

/** The data folder if it can be written to, else ~/.cache/sunhwan (e.g. a read-only shared folder). */
export function writableCacheDir(preferred: string = dataDir()): string {
  for (const dir of [preferred, join(homedir(), '.cache', 'sunhwan')]) {
    try {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
      // access() always succeeds for root: also honour a folder marked read-only (no write bits),
      // such as a shared data folder, so nothing is ever added to it.
      if ((statSync(dir).mode & 0o222) === 0) continue;
      return dir;
    } catch {
      // try the next one
    }
  }
  throw new Error(`no writable cache folder: ${preferred} and ~/.cache/sunhwan are read-only; set SUNHWAN_DATA`);
}
