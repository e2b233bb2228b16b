// Fuzz: HTTP responses. A local server on 127.0.0.1 answers each download with a mutated raw
// response (status line, headers, body, framing); getFile must return the exact expected bytes
// or fail with a getFile error, never hang, crash or cache anything else.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFile } from '../../src/datasets/get-file.ts';
import { tempDir } from '../datasets/helpers.ts';
import { expectNoCrashes, FUZZ_TIMEOUT_MS } from './driver.ts';

const body = Buffer.from('word 0.1 0.2\nother 0.3 0.4\n'.repeat(20));
const sha256 = createHash('sha256').update(body).digest('hex');
const enc = new TextEncoder();
let next: Uint8Array = new Uint8Array(0);
const sockets = new Set<Socket>();
const server = createServer((socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => {});
  socket.once('data', () => socket.end(Buffer.from(next)));
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((ok) => server.close(() => ok()));
});

const dir = tempDir('sunhwan-fuzz-http-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

describe('fuzz: HTTP responses', () => {
  it(
    'getFile accepts only the right bytes',
    async () => {
      const chunked = `${body.length.toString(16)}\r\n${body.toString('latin1')}\r\n0\r\n\r\n`;
      await expectNoCrashes({
        name: 'http',
        seeds: [
          enc.encode(`HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body.toString('latin1')}`),
          enc.encode(`HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n${chunked}`),
          enc.encode(`HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n${body.toString('latin1')}`),
        ],
        run: async (response) => {
          next = response;
          const cacheDir = join(dir, `h${n++}`);
          try {
            const path = await getFile('f.txt', {
              url: `http://127.0.0.1:${port}/f.txt`,
              sha256,
              cacheDir,
              progress: false,
              timeoutMs: 3000,
              maxBytes: 1 << 20,
            });
            expect(readFileSync(path).equals(body)).toBe(true);
          } finally {
            const left = existsSync(cacheDir) ? readdirSync(cacheDir).filter((f) => f !== 'f.txt') : [];
            rmSync(cacheDir, { recursive: true, force: true });
            expect(left).toEqual([]);
          }
        },
        errors: /^getFile: /,
        iterations: 150,
        maxRunMs: 5000,
      });
    },
    FUZZ_TIMEOUT_MS,
  );
});
