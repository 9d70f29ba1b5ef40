/**
 * Server-sent events for the dashboard: each client gets the whole snapshot when it connects and
 * again after every change, at most once per `minIntervalMs` (a burst of cycles makes one
 * message). Nothing is computed while no dashboard is open. A client that stops reading is
 * dropped rather than buffered without limit.
 */
import type { ServerResponse } from 'node:http';
import type { OpsPort } from './ops';

export interface EventStreamOptions {
  /** minimum time between two pushes (100 ms). */
  minIntervalMs?: number;
  /** a comment line this often keeps idle connections open through proxies (15000 ms). */
  heartbeatMs?: number;
  /** a client with more than this many bytes unsent is dropped (1 MiB). */
  maxBufferedBytes?: number;
  /** extra response headers (security headers of the API). */
  headers?: Record<string, string>;
}

/** Pushes dashboard snapshots to every connected client. */
export class SnapshotStream {
  private readonly clients = new Set<ServerResponse>();
  private unsubscribe: (() => void) | undefined;
  private pending: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private lastSent = 0;
  private seq = 0;

  constructor(
    private readonly ops: OpsPort,
    private readonly opts: EventStreamOptions = {},
  ) {}

  /** the number of connected clients. */
  get size(): number {
    return this.clients.size;
  }

  /** Takes over a response: headers, the current snapshot, then every change until it closes. */
  add(res: ServerResponse): void {
    res.writeHead(200, {
      ...this.opts.headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    this.clients.add(res);
    res.on('close', () => this.remove(res));
    if (!this.unsubscribe) this.subscribe();
    this.write(res, this.frame());
  }

  /** Ends every stream and releases timers and the subscription (the API is closing). */
  closeAll(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
    this.unsubscribeAll();
  }

  private subscribe(): void {
    this.unsubscribe = this.ops.onChange(() => this.schedule());
    this.heartbeat = setInterval(() => {
      for (const res of this.clients) this.write(res, ': keep-alive\n\n');
    }, this.opts.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  private remove(res: ServerResponse): void {
    this.clients.delete(res);
    if (this.clients.size === 0) this.unsubscribeAll();
  }

  private unsubscribeAll(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearInterval(this.heartbeat);
    clearTimeout(this.pending);
    this.heartbeat = undefined;
    this.pending = undefined;
  }

  private schedule(): void {
    if (this.pending || this.clients.size === 0) return;
    const wait = Math.max(0, this.lastSent + (this.opts.minIntervalMs ?? 100) - Date.now());
    this.pending = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.pending = undefined;
    this.lastSent = Date.now();
    const frame = this.frame();
    for (const res of this.clients) this.write(res, frame);
  }

  private frame(): string {
    this.seq += 1;
    // JSON.stringify never emits a raw newline, so the snapshot is one `data:` line.
    return `event: snapshot\nid: ${this.seq}\ndata: ${JSON.stringify(this.ops.snapshot())}\n\n`;
  }

  private write(res: ServerResponse, text: string): void {
    if (res.writableLength > (this.opts.maxBufferedBytes ?? 1024 * 1024)) {
      res.destroy();
      this.remove(res);
      return;
    }
    res.write(text);
  }
}
