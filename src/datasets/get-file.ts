// getFile: Keras' `get_file` for Node. Downloads once into a cache folder, verifies the SHA-256,
// optionally decompresses (gzip) or extracts (zip), and reuses the result on later calls.
// A file is never left half-written in the cache: bytes go to a temporary name next to the
// target, are verified, and only then renamed into place; a bad download is deleted.
// Limits: a size cap (`maxBytes`, and never more than the announced Content-Length), an overall
// deadline (`timeoutMs`), an `AbortSignal`, and a 60 s idle timeout. A body without a length
// (close-delimited: the server just closes the connection) cannot be told apart from a truncated
// one, so it is accepted only with an expected `sha256`; otherwise getFile refuses to cache it.
// Extraction goes to a temporary name and is renamed into place, so two processes extracting
// the same archive both succeed (the second finds the first's result).
import { createHash, randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  type WriteStream,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import * as http from 'node:http';
import * as https from 'node:https';
import { checkedStream, DEFAULT_MAX_EXPANDED_BYTES, expansionCap, extractZip, isInside } from './zip.ts';
import { ProgressBar } from './progress.ts';
import { removeStaleTemps } from '../io/files.ts';

export interface GetFileOptions {
  /** Where the file comes from (http: or https:). */
  url: string;
  /**
   * Expected SHA-256 (hex) of the downloaded bytes. Without one, the hash of the first download
   * is recorded in `<file>.sha256` and later cache hits are checked against it.
   */
  sha256?: string;
  /** Cache folder; default `dataDir()` (SUNHWAN_DATA, else ~/.cache/sunhwan). */
  cacheDir?: string;
  /** 'gzip': return the decompressed file (name without .gz); 'zip': extract 'x.csv.zip' into folder 'x' and return it. */
  extract?: 'gzip' | 'zip';
  /** Show a progress bar; default: when stderr is a terminal. */
  progress?: boolean;
  /** Download again even if the file is cached. */
  force?: boolean;
  /** Largest download (and largest extracted size) accepted, in bytes; default 4 GiB. */
  maxBytes?: number;
  /** Overall deadline for the download in ms (default 2 hours): a server trickling bytes is abandoned. */
  timeoutMs?: number;
  /** Cancels the download (the partial file is deleted). */
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 2 * 3600_000;

const IDLE_TIMEOUT_MS = 60_000;

/** The data/cache folder: SUNHWAN_DATA, else ~/.cache/sunhwan. */
export function dataDir(): string {
  const fromEnv = process.env.SUNHWAN_DATA;
  return resolve(fromEnv && fromEnv.length > 0 ? fromEnv : join(homedir(), '.cache', 'sunhwan'));
}

/** SHA-256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * Returns the local path of `name` (relative to the cache folder), downloading it from
 * `options.url` if it is not cached or its checksum does not match.
 */
export async function getFile(name: string, options: GetFileOptions): Promise<string> {
  const target = resolve(options.cacheDir ?? dataDir(), name);
  // Concurrent calls for the same file share one download.
  const running = inFlight.get(target);
  if (running) return running;
  const work = getFileOnce(name, options).finally(() => inFlight.delete(target));
  inFlight.set(target, work);
  return work;
}

const inFlight = new Map<string, Promise<string>>();

async function getFileOnce(name: string, options: GetFileOptions): Promise<string> {
  const cacheDir = resolve(options.cacheDir ?? dataDir());
  const target = resolve(cacheDir, name);
  if (!isInside(cacheDir, target)) throw new Error(`getFile: name '${name}' leaves the cache folder ${cacheDir}`);
  const expected = options.sha256?.toLowerCase();
  if (expected !== undefined && !/^[0-9a-f]{64}$/.test(expected)) {
    throw new Error(`getFile: sha256 for '${name}' must be 64 hex digits, got '${options.sha256}'`);
  }

  if (!options.force && existsSync(target) && (await cachedFileIsValid(target, expected))) {
    return finish(target, options);
  }

  mkdirSync(dirname(target), { recursive: true });
  await removeStaleTemps(target); // partial downloads of killed processes
  const temp = `${target}.part-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const limits: DownloadLimits = {
      maxBytes: options.maxBytes ?? DEFAULT_MAX_EXPANDED_BYTES,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      deadline: Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      signal: options.signal,
      hashKnown: expected !== undefined,
    };
    const got = await download(options.url, temp, name, options.progress ?? Boolean(process.stderr.isTTY), limits);
    if (expected !== undefined && got !== expected) {
      throw new Error(
        `getFile: checksum mismatch for '${name}' downloaded from ${options.url}: expected sha256 ${expected}, got ${got}. ` +
          `The download was deleted; try again, or check the URL.`,
      );
    }
    renameSync(temp, target);
    if (expected === undefined) writeFileSync(`${target}.sha256`, `${got}\n`);
  } finally {
    rmSync(temp, { force: true });
  }
  return finish(target, options, true);
}

async function cachedFileIsValid(path: string, expected: string | undefined): Promise<boolean> {
  const recorded = existsSync(`${path}.sha256`) ? readFileSync(`${path}.sha256`, 'utf8').trim() : undefined;
  const want = expected ?? recorded;
  if (want === undefined) return true;
  const got = await sha256File(path);
  if (got === want) return true;
  process.stderr.write(`sunhwan: cached ${path} has sha256 ${got}, expected ${want}; downloading it again\n`);
  return false;
}

/** Decompresses or extracts next to the download (again through a temporary name). */
async function finish(path: string, options: GetFileOptions, fresh = false): Promise<string> {
  const extract = options.extract;
  if (extract === undefined) return path;
  // gzip: 'a.csv.gz' -> 'a.csv'; zip: 'a.csv.zip' -> folder 'a' (any inner extension dropped too).
  const out = path.replace(extract === 'gzip' ? /\.gz$/ : /(\.[A-Za-z0-9]+)?\.zip$/, '');
  if (out === path) throw new Error(`getFile: cannot extract '${path}': expected a .${extract === 'gzip' ? 'gz' : 'zip'} name`);
  if (existsSync(out) && !fresh) return out;
  await removeStaleTemps(out); // half-extracted files or folders of killed processes
  const temp = `${out}.part-${process.pid}-${randomBytes(4).toString('hex')}`;
  const limits = { maxBytes: options.maxBytes };
  try {
    if (extract === 'gzip') {
      const cap = expansionCap(statSync(path).size, limits);
      const check = checkedStream(cap, () => new Error(`it expands to more than ${cap} bytes; refusing (raise maxBytes if it is genuine)`));
      await pipeline(createReadStream(path), createGunzip(), check, createWriteStream(temp));
    } else {
      mkdirSync(temp, { recursive: true });
      await extractZip(path, temp, limits);
    }
    replaceWith(temp, out);
  } catch (e) {
    throw new Error(`getFile: could not extract ${path}: ${(e as Error).message}`);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  return out;
}

/**
 * Moves a finished extraction into place. Another process may have put its own (identical) result
 * there meanwhile: the old one is renamed away first, and if `out` reappears before our rename,
 * theirs is kept and ours dropped — never a half-deleted folder, never ENOTEMPTY.
 */
function replaceWith(temp: string, out: string): void {
  if (existsSync(out)) {
    const old = `${out}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      renameSync(out, old);
      rmSync(old, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  try {
    renameSync(temp, out);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if ((code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EPERM') && existsSync(out)) return; // the other process won
    throw e;
  }
}

interface DownloadLimits {
  maxBytes: number;
  timeoutMs: number;
  /** Date.now() by which the whole download must be done. */
  deadline: number;
  signal: AbortSignal | undefined;
  /** An expected sha256 will catch a truncated close-delimited body. */
  hashKnown: boolean;
}

/** Streams `url` into `dest`, following redirects; returns the SHA-256 of the bytes. */
function download(url: string, dest: string, name: string, showProgress: boolean, limits: DownloadLimits, redirects = 0): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    if (limits.signal?.aborted) {
      reject(new Error(`getFile: download of '${name}' was cancelled`));
      return;
    }
    let file: WriteStream | null = null;
    // settle only once the partial file is closed, so the caller's cleanup really removes it
    const fail = (error: Error): void => {
      if (!file || file.closed) {
        reject(error);
        return;
      }
      file.once('close', () => reject(error));
      file.destroy();
    };
    let stopReason: string | null = null; // why we cut the connection ourselves
    const stop = (reason: string): void => {
      stopReason ??= reason;
      request.destroy(new Error(reason));
    };
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      reject(new Error(`getFile: '${url}' is not a valid URL (for '${name}')`));
      return;
    }
    const client = parsed.protocol === 'https:' ? https : parsed.protocol === 'http:' ? http : undefined;
    if (!client) {
      reject(new Error(`getFile: unsupported protocol ${parsed.protocol} in ${url}`));
      return;
    }
    const request = client.get(parsed, { headers: { 'user-agent': 'sunhwan-datasets' } }, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        if (redirects >= 5) {
          reject(new Error(`getFile: too many redirects downloading ${url}`));
          return;
        }
        const next = new URL(response.headers.location, parsed).toString();
        download(next, dest, name, showProgress, limits, redirects + 1).then(resolvePromise, reject);
        return;
      }
      if (status < 200 || status >= 300) {
        response.resume();
        reject(new Error(`getFile: HTTP ${status} ${response.statusMessage ?? ''} downloading '${name}' from ${url}`.trim()));
        return;
      }
      const lengthHeader = response.headers['content-length'];
      const expectedBytes = lengthHeader === undefined ? undefined : Number(lengthHeader);
      const chunked = /chunked/i.test(String(response.headers['transfer-encoding'] ?? ''));
      if (expectedBytes !== undefined && !(Number.isSafeInteger(expectedBytes) && expectedBytes >= 0)) {
        response.destroy();
        reject(new Error(`getFile: ${url} sent an invalid Content-Length '${lengthHeader}' for '${name}'`));
        return;
      }
      if (expectedBytes !== undefined && expectedBytes > limits.maxBytes) {
        response.destroy();
        reject(new Error(`getFile: '${name}' from ${url} is ${expectedBytes} bytes, over the ${limits.maxBytes}-byte limit (maxBytes)`));
        return;
      }
      if (expectedBytes === undefined && !chunked && !limits.hashKnown) {
        response.destroy();
        reject(
          new Error(
            `getFile: ${url} sent '${name}' without a length (the end of the body is just a closed connection, so a truncated transfer would look complete); pass its sha256 to accept it`,
          ),
        );
        return;
      }
      const hash = createHash('sha256');
      // Only long downloads get a bar (unknown size, or over a megabyte).
      const bar = showProgress && (expectedBytes === undefined || expectedBytes > 1e6) ? new ProgressBar(name, expectedBytes) : undefined;
      let received = 0;
      let complete = false;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        const cap = Math.min(limits.maxBytes, expectedBytes ?? Infinity);
        if (received > cap) {
          stop(
            expectedBytes !== undefined && received > expectedBytes
              ? `the server sent more than the ${expectedBytes} bytes it announced`
              : `it is over the ${limits.maxBytes}-byte limit (maxBytes)`,
          );
          return;
        }
        hash.update(chunk);
        bar?.update(received);
      });
      response.on('end', () => {
        complete = response.complete;
      });
      file = createWriteStream(dest);
      pipeline(response, file).then(
        () => {
          bar?.done(received);
          const short = expectedBytes !== undefined && received !== expectedBytes;
          if (!complete || short) {
            fail(truncated(name, url, received, expectedBytes));
            return;
          }
          resolvePromise(hash.digest('hex'));
        },
        (error: Error) => {
          bar?.done(received);
          if (stopReason) {
            fail(
              new Error(
                `getFile: download of '${name}' from ${url} stopped after ${received} bytes: ${stopReason}. The partial file was deleted.`,
              ),
            );
            return;
          }
          const closedEarly =
            (error as NodeJS.ErrnoException).code === 'ECONNRESET' ||
            error.message === 'aborted' ||
            (error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE';
          fail(
            closedEarly
              ? truncated(name, url, received, expectedBytes)
              : new Error(`getFile: downloading '${name}' from ${url} failed: ${error.message}`),
          );
        },
      );
    });
    // A stalled connection fails instead of hanging: no bytes for IDLE_TIMEOUT_MS aborts it;
    // a trickling one meets the overall deadline; the caller's signal cancels at any time.
    request.setTimeout(IDLE_TIMEOUT_MS, () => stop(`no data received for ${IDLE_TIMEOUT_MS / 1000} s`));
    const remaining = Math.max(0, limits.deadline - Date.now());
    const deadline = setTimeout(() => stop(`not finished within its deadline (timeoutMs: ${limits.timeoutMs} ms)`), remaining);
    const onAbort = (): void => stop('cancelled by its AbortSignal');
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    request.on('close', () => {
      clearTimeout(deadline);
      limits.signal?.removeEventListener('abort', onAbort);
    });
    request.on('error', (error) =>
      fail(
        new Error(
          stopReason
            ? `getFile: download of '${name}' from ${url} stopped: ${stopReason}`
            : `getFile: cannot download '${name}' from ${url}: ${error.message}`,
        ),
      ),
    );
  });
}

function truncated(name: string, url: string, received: number, expectedBytes: number | undefined): Error {
  const of = expectedBytes === undefined ? '' : ` of the ${expectedBytes} announced by Content-Length`;
  return new Error(
    `getFile: truncated download of '${name}' from ${url}: the connection closed after ${received} bytes${of}. The partial file was deleted.`,
  );
}
