/**
 * A MES for the soak: receives the upstream contract's `POST …/events`, keeps every event it was
 * sent (deduplicating by id, as receivers must) and injects the faults a plant network has:
 * 503 answers, dropped connections, and an outage window.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayEvent } from '../../src/events/event';

export interface MesFaults {
  /** share of requests answered 503 with Retry-After: 1. */
  error503: number;
  /** share of requests whose connection is destroyed without an answer. */
  drop: number;
  /** while true every request gets a 503 (a MES outage). */
  outage: boolean;
}

/** The receiving side of the upstream contract, with fault injection. */
export class SoakMes {
  readonly events = new Map<string, GatewayEvent>();
  duplicates = 0;
  requests = 0;
  readonly faults: MesFaults = { error503: 0, drop: 0, outage: false };
  private server: http.Server | undefined;

  /** Listens on a free loopback port; resolves with the sink URL. */
  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/linegate`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  /** The highest seq received and whether 1..max are all there. */
  seqs(): { max: number; gaps: number } {
    const seen = new Set([...this.events.values()].map((e) => e.seq));
    const max = Math.max(0, ...seen);
    let gaps = 0;
    for (let s = 1; s <= max; s++) if (!seen.has(s)) gaps++;
    return { max, gaps };
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.requests++;
      if (!req.url?.endsWith('/events')) return void res.writeHead(404).end();
      if (Math.random() < this.faults.drop) return void req.socket.destroy();
      if (this.faults.outage || Math.random() < this.faults.error503) {
        return void res.writeHead(503, { 'retry-after': '1' }).end('{"error":"unavailable"}');
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: GatewayEvent[] };
      for (const e of body.events) {
        if (this.events.has(e.id)) this.duplicates++;
        else this.events.set(e.id, e);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  }
}
