/**
 * A real EPCIS 2.0 capture endpoint on loopback for tests: `POST {base}/capture` takes an
 * EPCISDocument, keeps it with its headers, and answers 202 (or what the test says, or nothing:
 * the socket is dropped after the body was read, as a crash would).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CaptureRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** the parsed body (undefined when it was not JSON). */
  doc: { epcisBody?: { eventList?: Array<Record<string, unknown>> } } | undefined;
}

/** What to answer: a status (with optional headers), or 'drop' to close the socket unanswered. */
export type CaptureAnswer = { status: number; headers?: Record<string, string> } | 'drop';

export class CaptureReceiver {
  readonly requests: CaptureRequest[] = [];
  /** decides each answer; 202 when it returns undefined. */
  answer: (req: CaptureRequest, index: number) => CaptureAnswer | undefined = () => undefined;
  private server: http.Server | undefined;

  /** Listens on a free loopback port; resolves with the base URL (`{base}/capture` is the endpoint). */
  async start(): Promise<string> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let doc: CaptureRequest['doc'];
        try {
          doc = JSON.parse(text) as CaptureRequest['doc'];
        } catch {
          doc = undefined;
        }
        const request: CaptureRequest = { path: req.url ?? '', headers: req.headers, doc };
        this.requests.push(request);
        const a = this.answer(request, this.requests.length - 1) ?? { status: 202 };
        if (a === 'drop') {
          req.socket.destroy();
          return;
        }
        res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
        res.end(a.status < 300 ? '' : JSON.stringify({ type: 'epcisException:ValidationException' }));
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/epcis`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Every event of every document received, in arrival order (resends included). */
  events(): Array<Record<string, unknown>> {
    return this.requests.flatMap((r) => r.doc?.epcisBody?.eventList ?? []);
  }
}
