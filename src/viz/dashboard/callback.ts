// dashboardCallback({ port }): a live view of training at http://127.0.0.1:<port>/ (Node).
// Several callbacks on the same port share one server, so runs sit side by side; the server
// never keeps the process alive, and close() stops it at once.
//   await model.fit(x, y, { epochs: 20, callbacks: [dashboardCallback()] });

import type { Logs } from '../../callbacks/callback.ts';
import { RunRecorder } from '../run.ts';
import { packageVersion } from '../version.ts';
import { DashboardServer, DEFAULT_PUSH_INTERVAL, type DashboardServerOptions } from './server.ts';

export interface DashboardOptions extends DashboardServerOptions {
  /** Run name shown on the page (default: model name and a counter). */
  name?: string;
  /** Print the URL when the server starts (default true). */
  log?: boolean;
  /** Join this server (another callback's `server`) instead of the port's. */
  server?: DashboardServer;
}

const servers = new Map<number, DashboardServer>();

export class DashboardCallback extends RunRecorder {
  readonly server: DashboardServer;
  private lastTurn = 0;

  constructor(readonly options: DashboardOptions = {}) {
    super({ name: options.name, version: packageVersion() });
    const port = options.port ?? 6006;
    this.server = options.server ?? ((port !== 0 && servers.get(port)) || new DashboardServer(options));
    if (port !== 0 && !options.server) servers.set(port, this.server);
  }

  /** Starts the server (fit() does it at train begin); resolves with the page's URL. */
  async start(): Promise<string> {
    const fresh = this.server.port === 0;
    const url = await this.server.start();
    if (fresh && this.options.log !== false) console.log(`sunhwan dashboard: ${url}`);
    return url;
  }

  get url(): string {
    return this.server.url;
  }

  override async onTrainBegin(logs: Logs): Promise<void> {
    super.onTrainBegin(logs);
    await this.start();
    this.server.addRun(this.run!);
  }

  // fit() runs its batches without returning to the event loop, so the server could neither
  // answer nor push while training; a macrotask turn twice per push `interval` lets it (a push is
  // due at most half an interval before a turn takes it), at ~µs per turn.
  override onBatchEnd(index: number, logs: Logs): void | Promise<void> {
    super.onBatchEnd(index, logs);
    const now = performance.now();
    if (now - this.lastTurn < (this.options.interval ?? DEFAULT_PUSH_INTERVAL) / 2) return;
    this.lastTurn = now;
    return new Promise((resolve) => setImmediate(resolve));
  }

  /** Keeps serving the finished runs (the process stays alive) until close() or Ctrl-C. */
  hold(): Promise<void> {
    return this.server.hold();
  }

  /** Stops the server (for every run on it). */
  async close(): Promise<void> {
    for (const [port, s] of servers) if (s === this.server) servers.delete(port);
    await this.server.close();
  }
}

export const dashboardCallback = (options: DashboardOptions = {}): DashboardCallback => new DashboardCallback(options);
