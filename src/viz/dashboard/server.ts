// The dashboard's HTTP server (Node): one page (everything inlined), a JSON snapshot of every run
// (/api/runs, what a refreshed page starts from) and a Server-Sent Events stream (/events) that
// pushes what the runs gathered since the last tick. Listens on 127.0.0.1 only and answers only
// requests whose Host header names the loopback (a page on another site that rebinds its DNS to
// 127.0.0.1 still sends its own Host). Its sockets are unref'd: it never keeps a process alive.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunData } from '../run.ts';
import { plotFontWoff } from '../font.ts';
import { dashboardPage } from './page.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True when a Host header names the loopback interface on `port`. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  if (!m) return false;
  return LOOPBACK_HOSTS.has(m[1]!) && (m[2] === undefined ? port === 80 : Number(m[2]) === port);
}

interface Sent {
  batches: number;
  epochs: number;
  samples: number;
  status: RunData['status'] | null;
}

/** Default milliseconds between pushes: the page redraws at most every 2 s, so more is waste. */
export const DEFAULT_PUSH_INTERVAL = 2000;

export interface DashboardServerOptions {
  /** Port on 127.0.0.1 (default 6006, TensorBoard's; 0 picks a free one). */
  port?: number;
  /** Milliseconds between pushes to open pages (default 2000). */
  interval?: number;
}

export class DashboardServer {
  readonly runs: RunData[] = [];
  private server: Server | null = null;
  private readonly clients = new Set<ServerResponse>();
  private readonly sent = new Map<RunData, Sent>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private page: string | null = null;
  port = 0;

  constructor(private readonly options: DashboardServerOptions = {}) {
    const port = options.port ?? 6006;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`dashboard: port must be an integer in 0–65535 (got ${port})`);
    const interval = options.interval ?? DEFAULT_PUSH_INTERVAL;
    if (!(interval >= 10)) throw new Error(`dashboard: interval must be ≥ 10 ms (got ${interval})`);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** Starts listening (once); resolves with the page's URL. */
  async start(): Promise<string> {
    if (this.server) return this.url;
    const server = createServer((req, res) => this.handle(req, res));
    server.on('connection', (socket) => socket.unref());
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          new Error(
            e.code === 'EADDRINUSE'
              ? `dashboard: port ${this.options.port} on 127.0.0.1 is in use (pass { port: 0 } for a free one)`
              : `dashboard: ${e.message}`,
          ),
        ),
      );
      server.listen(this.options.port ?? 6006, '127.0.0.1', () => resolve());
    });
    server.unref();
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    this.timer = setInterval(() => this.push(), this.options.interval ?? DEFAULT_PUSH_INTERVAL);
    this.timer.unref();
    return this.url;
  }

  /** Shows a run (the dashboard holds every run added, side by side). */
  addRun(run: RunData): void {
    if (!this.runs.includes(run)) this.runs.push(run);
  }

  /** Keeps the process alive for the page until close() (or the process is stopped). */
  hold(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    server.ref();
    return new Promise((resolve) => server.once('close', () => resolve()));
  }

  /** Sends the last updates, ends the streams and stops listening. */
  async close(): Promise<void> {
    if (!this.server) return;
    this.push();
    if (this.timer) clearInterval(this.timer);
    for (const c of this.clients) c.end();
    this.clients.clear();
    const server = this.server;
    this.server = null;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (!isLoopbackHost(req.headers.host, this.port)) {
      res
        .writeHead(403, { 'content-type': 'text/plain; charset=utf-8' })
        .end('sunhwan dashboard: only requests to 127.0.0.1 or localhost are served\n');
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (path === '/') {
      this.page ??= dashboardPage();
      res.writeHead(200, {
        ...headers,
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy':
          "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; font-src 'self'; img-src data:",
      });
      res.end(this.page);
    } else if (path === '/font.woff') {
      res.writeHead(200, { 'content-type': 'font/woff', 'cache-control': 'max-age=86400' });
      res.end(plotFontWoff());
    } else if (path === '/api/runs') {
      res.writeHead(200, { ...headers, 'content-type': 'application/json' });
      res.end(JSON.stringify(this.runs));
    } else if (path === '/events') {
      res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', connection: 'keep-alive' });
      // The stream starts with every run as it is; updates carry their offsets, so a page
      // applies each exactly once whatever tick it joined at.
      res.write(`retry: 1000\ndata: ${JSON.stringify([{ type: 'snapshot', runs: this.runs }])}\n\n`);
      this.clients.add(res);
      req.on('close', () => this.clients.delete(res));
    } else {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found\n');
    }
  }

  /** One tick: the new batches, epochs and samples of every run since the last tick. */
  private push(): void {
    const updates: unknown[] = [];
    for (const run of this.runs) {
      const sent = this.sent.get(run);
      if (!sent) {
        this.sent.set(run, { batches: run.batches.length, epochs: run.epochs.length, samples: run.samples.length, status: run.status });
        updates.push({ type: 'run', run });
        continue;
      }
      if (
        sent.batches === run.batches.length &&
        sent.epochs === run.epochs.length &&
        sent.samples === run.samples.length &&
        sent.status === run.status
      )
        continue;
      updates.push({
        type: 'update',
        id: run.id,
        status: run.status,
        finishedAt: run.finishedAt,
        batchFrom: sent.batches,
        batches: run.batches.slice(sent.batches),
        epochFrom: sent.epochs,
        epochs: run.epochs.slice(sent.epochs),
        sampleFrom: sent.samples,
        samples: run.samples.slice(sent.samples),
      });
      Object.assign(sent, { batches: run.batches.length, epochs: run.epochs.length, samples: run.samples.length, status: run.status });
    }
    if (!updates.length || !this.clients.size) return;
    const message = `data: ${JSON.stringify(updates)}\n\n`;
    for (const c of this.clients) c.write(message);
  }
}
