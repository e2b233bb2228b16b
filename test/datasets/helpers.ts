// Shared test helpers: where the shared data is, and a local HTTP server for download tests.
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** SUNHWAN_DATA if set, else ../shared/data next to the repository. */
export const dataRoot = process.env.SUNHWAN_DATA ?? resolve(repoRoot, '../shared/data');
export const hasData = existsSync(join(dataRoot, 'imdb', 'train.tsv.gz'));
if (!hasData) console.warn(`datasets tests: no shared data at ${dataRoot}; set SUNHWAN_DATA. Data tests are skipped.`);

export function tempDir(prefix = 'sunhwan-datasets-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Route {
  status?: number;
  body: Buffer | string;
  /** Announce this Content-Length (default: the body's length). */
  contentLength?: number;
  /** Send only this many bytes, then destroy the connection. */
  cutAfter?: number;
  redirect?: string;
  /** Send one byte every this many ms (a trickling server). */
  dripMs?: number;
  /** Stream zeros forever (chunked, no length). */
  endless?: boolean;
  /** Close-delimited: no Content-Length, no chunking; the body ends when the connection closes. */
  closeDelimited?: boolean;
}

export interface TestServer {
  url(path: string): string;
  requests: Map<string, number>;
  routes: Map<string, Route>;
  close(): Promise<void>;
}

export async function startServer(routes: Record<string, Route>): Promise<TestServer> {
  const table = new Map(Object.entries(routes));
  const requests = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.set(path, (requests.get(path) ?? 0) + 1);
    const route = table.get(path);
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    if (route.redirect) {
      res.writeHead(302, { location: route.redirect }).end();
      return;
    }
    const body = Buffer.from(route.body);
    const status = route.status ?? 200;
    if (route.closeDelimited) {
      const cut = route.cutAfter ?? body.length;
      req.socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 ${status} OK\r\nconnection: close\r\n\r\n`), body.subarray(0, cut)]));
      return;
    }
    if (route.endless) {
      res.writeHead(status);
      const zeros = Buffer.alloc(16384);
      const pump = (): void => {
        while (!res.destroyed && res.write(zeros));
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
      return;
    }
    if (route.dripMs !== undefined) {
      res.writeHead(status, { 'content-length': String(body.length) });
      let at = 0;
      const timer = setInterval(() => {
        if (res.destroyed || at >= body.length) {
          clearInterval(timer);
          if (!res.destroyed) res.end();
          return;
        }
        res.write(body.subarray(at, ++at));
      }, route.dripMs);
      res.on('close', () => clearInterval(timer));
      return;
    }
    res.writeHead(status, { 'content-length': String(route.contentLength ?? body.length) });
    if (route.cutAfter !== undefined) {
      res.write(body.subarray(0, route.cutAfter), () => res.destroy());
      return;
    }
    res.end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    routes: table,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

/** A minimal zip writer (deflate), to build archives in tests. */
export function makeZip(files: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content);
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A minimal ustar writer, to build tar archives in tests (names up to 100 bytes, or GNU long names). */
export function makeTar(files: Record<string, string | Buffer>): Buffer {
  const blocks: Buffer[] = [];
  const header = (name: string, size: number, type: string): Buffer => {
    const h = Buffer.alloc(512);
    h.write(name.slice(0, 100), 0, 'utf8');
    h.write('0000644\0', 100, 'latin1');
    h.write('0000000\0', 108, 'latin1');
    h.write('0000000\0', 116, 'latin1');
    h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
    h.write('00000000000\0', 136, 'latin1');
    h.write(type, 156, 'latin1');
    h.write('ustar\u000000', 257, 'latin1');
    h.fill(32, 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    return h;
  };
  const pad = (data: Buffer) => Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content);
    if (Buffer.byteLength(name) > 100) {
      const longName = Buffer.from(`${name}\0`);
      blocks.push(header('././@LongLink', longName.length, 'L'), pad(longName));
    }
    blocks.push(header(name, data.length, '0'), pad(data));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}
