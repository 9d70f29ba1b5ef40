/**
 * The embedded local MES receiver: the receiving side of docs/contracts.md §5 on node:http, for the
 * demo (no MES needed) and the tests. POST {base}/events dedupes by event id and appends new
 * events to a JSONL file, synced before it answers 200; POST {base}/serial-blocks leases blocks.
 * Tests can replace any answer (`intercept`), including never answering.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReceiverFiles } from './journal-file';

/** A request as `intercept` sees it. */
export interface ReceivedRequest {
  route: 'events' | 'serial-blocks';
  headers: http.IncomingHttpHeaders;
  /** the parsed JSON body. */
  body: unknown;
}

/** An answer chosen by `intercept`. */
export interface ReceiverAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface MesReceiverOptions {
  /** JSONL file of received events (created with its folder). */
  file: string;
  /** 0 picks a free port (default). */
  port?: number;
  host?: string;
  /** path prefix, e.g. /linegate (default none). */
  basePath?: string;
  /** require `Authorization: Bearer {token}`. */
  token?: string;
  /** sync each append before answering (default true). */
  fsync?: boolean;
  /** rotate the file past this size, keeping one old file (default: never). */
  maxFileBytes?: number;
  /** wait this long before storing each batch (a slow MES; tests). */
  delayMs?: number;
  /** returns an answer to send instead, 'hang' to never answer, or undefined to go on normally. */
  intercept?: (req: ReceivedRequest) => ReceiverAnswer | 'hang' | undefined;
}

/** One accepted batch. */
export interface BatchInfo {
  gatewayId: string;
  idempotencyKey: string | undefined;
  seqs: number[];
  fresh: number;
}

/** Counters of what arrived. */
export interface ReceiverStats {
  requests: number;
  received: number;
  stored: number;
  duplicates: number;
}

interface EventLike {
  id: string;
  seq: number;
}

/** An HTTP server that stores events once each. */
export class MesReceiver extends EventEmitter<{ batch: [BatchInfo] }> {
  private server: http.Server | undefined;
  private files: ReceiverFiles | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  readonly stats: ReceiverStats = { requests: 0, received: 0, stored: 0, duplicates: 0 };
  /** seqs of newly stored events in arrival order, per gateway. */
  readonly order = new Map<string, number[]>();

  constructor(private readonly opts: MesReceiverOptions) {
    super();
  }

  /** Listens; resolves with the base URL (what a sink's `url` should be). */
  async start(): Promise<string> {
    if (!this.server) {
      this.files = new ReceiverFiles(this.opts.file, this.opts.fsync ?? true, this.opts.maxFileBytes);
      await this.files.open();
      const server = http.createServer((req, res) => this.handle(req, res));
      this.server = server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.opts.port ?? 0, this.opts.host ?? '127.0.0.1', () => resolve());
      });
    }
    const { port } = this.server.address() as AddressInfo;
    return `http://${this.opts.host ?? '127.0.0.1'}:${port}${this.base}`;
  }

  /** Closes the server and every open connection (hanging requests included). Idempotent. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
    await this.chain;
    await this.files?.close();
    this.files = undefined;
  }

  private get base(): string {
    return (this.opts.basePath ?? '').replace(/\/+$/, '');
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 64 * 1024 * 1024) chunks.push(c);
    });
    req.on('end', () => {
      this.stats.requests += 1;
      const route = routeOf(req, this.base);
      if (!route) return send(res, { status: 404, body: { error: 'not found' } });
      if (size > 64 * 1024 * 1024) return send(res, { status: 413, body: { error: 'body too large' } });
      if (this.opts.token !== undefined && req.headers.authorization !== `Bearer ${this.opts.token}`)
        return send(res, { status: 401, body: { error: 'missing or wrong bearer token' } });
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(res, { status: 400, body: { error: 'body is not JSON' } });
      }
      const custom = this.opts.intercept?.({ route, headers: req.headers, body });
      if (custom === 'hang') return;
      if (custom) return send(res, custom);
      // One request at a time: the file keeps arrival order and dedupe stays exact.
      const work = route === 'events' ? () => this.events(req, body) : () => this.lease(body);
      this.chain = this.chain.then(work).then(
        (answer) => send(res, answer),
        (err: Error) => send(res, { status: 500, body: { error: err.message } }),
      );
    });
  }

  private async events(req: http.IncomingMessage, body: unknown): Promise<ReceiverAnswer> {
    const b = body as { gatewayId?: unknown; events?: unknown };
    if (typeof b?.gatewayId !== 'string' || !Array.isArray(b.events) || !b.events.every(isEvent))
      return { status: 400, body: { error: 'expected {gatewayId, events: [{id, seq, …}]}' } };
    const events = b.events as EventLike[];
    if (this.opts.delayMs) await new Promise((r) => setTimeout(r, this.opts.delayMs));
    let lines = '';
    const fresh: number[] = [];
    for (const e of events) {
      if (this.files!.ids.has(e.id)) continue;
      this.files!.ids.add(e.id);
      lines += JSON.stringify(e) + '\n';
      fresh.push(e.seq);
    }
    if (lines !== '') await this.files!.append(lines);
    let order = this.order.get(b.gatewayId);
    if (!order) this.order.set(b.gatewayId, (order = []));
    for (const s of fresh) order.push(s);
    this.stats.received += events.length;
    this.stats.stored += fresh.length;
    this.stats.duplicates += events.length - fresh.length;
    const key = req.headers['idempotency-key'];
    this.emit('batch', {
      gatewayId: b.gatewayId,
      idempotencyKey: Array.isArray(key) ? key[0] : key,
      seqs: events.map((e) => e.seq),
      fresh: fresh.length,
    });
    return { status: 200, body: { accepted: fresh.length, duplicates: events.length - fresh.length } };
  }

  private async lease(body: unknown): Promise<ReceiverAnswer> {
    const b = body as { gatewayId?: unknown; scheme?: unknown; key?: unknown; count?: unknown };
    const count = b?.count;
    if (
      typeof b?.scheme !== 'string' ||
      typeof b.key !== 'string' ||
      !Number.isSafeInteger(count) ||
      (count as number) < 1
    )
      return { status: 400, body: { error: 'expected {gatewayId, scheme, key, count}' } };
    return { status: 200, body: await this.files!.lease(b.scheme, b.key, count as number) };
  }
}

function routeOf(req: http.IncomingMessage, base: string): ReceivedRequest['route'] | undefined {
  if (req.method !== 'POST') return undefined;
  const path = (req.url ?? '').split('?')[0];
  if (path === `${base}/events`) return 'events';
  if (path === `${base}/serial-blocks`) return 'serial-blocks';
  return undefined;
}

function isEvent(e: unknown): boolean {
  const x = e as EventLike;
  return typeof x === 'object' && x !== null && typeof x.id === 'string' && Number.isSafeInteger(x.seq);
}

function send(res: http.ServerResponse, answer: ReceiverAnswer): void {
  if (res.destroyed) return;
  const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  res.end(text);
}
