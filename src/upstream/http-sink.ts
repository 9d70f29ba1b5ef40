/**
 * The HTTP sink of docs/contracts.md §5: `POST {url}/events` with an Idempotency-Key. A 400/413/422 is
 * narrowed by bisection until the rejected events stand alone; each of those is dead-lettered
 * with the answer, the rest are delivered. 401/403 (and any answer the table does not name)
 * hold the sink; 408/429/5xx, timeouts and connection errors are retried.
 */
import type { EpcisSinkConfig, HttpSinkConfig } from '../config/schema';
import type { Logger } from '../ports';
import type { Clock } from '../ports';
import { parseRetryAfter } from './backoff';
import { eventsBody, idempotencyKey, sliceBatch } from './batch';
import { httpFailureKind, type HttpAnswer, type HttpClient } from './http-client';
import type { Batch, Delivery, RejectedEvent, Sink, SinkFailure } from './types';

/** How an answer is handled, by the contract's table. */
export type AnswerClass = 'ok' | 'reject' | 'hold' | 'retry';

/** Classifies an HTTP status per docs/contracts.md §5. */
export function classifyStatus(status: number): AnswerClass {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 400 || status === 413 || status === 422) return 'reject';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  // 401/403, and answers the table does not name (404 from a wrong URL, 3xx): holding is safe,
  // dead-lettering the whole outbox because of a configuration mistake would not be.
  return 'hold';
}

const ANSWER_KEPT = 2048;

/** `skipped` only when there were any, so plain HTTP deliveries look as they always did. */
function counted(skipped: number): { skipped?: number } {
  return skipped > 0 ? { skipped } : {};
}

/** One request to the receiver: a path below the sink URL, a body and headers. */
export interface HttpRequest {
  path: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * How a batch is put into a request. `request` resolves undefined when no event of the part has a
 * meaning for the receiver: the part is then acknowledged without a request. `skipped` counts
 * the part's events left out of the request that way.
 */
export interface HttpEncoding {
  request(part: Batch): Promise<{ request?: HttpRequest; skipped: number }>;
}

/** The body of docs/contracts.md §5: `POST {url}/events` with the events as stored. */
export function eventsEncoding(gatewayId: string): HttpEncoding {
  return {
    request: (part) =>
      Promise.resolve({
        request: {
          path: 'events',
          body: eventsBody(gatewayId, part),
          headers: { 'idempotency-key': idempotencyKey(gatewayId, part) },
        },
        skipped: 0,
      }),
  };
}

export interface HttpSinkOptions {
  config: HttpSinkConfig | EpcisSinkConfig;
  /** `http` by default; a format on top of HTTP (epcis) names itself. */
  type?: string;
  /** the events body of docs/contracts.md §5 by default. */
  encoding?: HttpEncoding;
  gatewayId: string;
  client: HttpClient;
  clock: Clock;
  log: Logger;
}

/** Delivers batches to one HTTP receiver. */
export class HttpSink implements Sink {
  readonly type: string;
  private readonly encoding: HttpEncoding;

  constructor(private readonly opts: HttpSinkOptions) {
    this.type = opts.type ?? 'http';
    this.encoding = opts.encoding ?? eventsEncoding(opts.gatewayId);
  }

  get name(): string {
    return this.opts.config.name;
  }

  /** The client belongs to whoever created it (block leases share it); nothing to release here. */
  async stop(): Promise<void> {}

  async deliver(batch: Batch, signal: AbortSignal): Promise<Delivery> {
    let through = batch.first - 1;
    let skipped = 0;
    const rejected: RejectedEvent[] = [];
    // Index ranges still to send, leftmost on top, so `through` only ever grows contiguously.
    const todo: Array<[number, number]> = [[0, batch.events.length - 1]];
    while (todo.length > 0) {
      const [a, b] = todo.pop()!;
      const part = a === 0 && b === batch.events.length - 1 ? batch : sliceBatch(batch, a, b);
      const encoded = await this.encoding.request(part);
      if (!encoded.request) {
        skipped += encoded.skipped;
        through = part.last;
        continue;
      }
      const answer = await this.post(encoded.request, signal);
      if ('failure' in answer) return { through, rejected, ...counted(skipped), failure: answer.failure };
      const kind = classifyStatus(answer.status);
      if (kind === 'ok' || (kind === 'reject' && a === b)) {
        if (kind === 'reject') rejected.push(this.rejection(part, answer));
        else skipped += encoded.skipped;
        through = part.last;
        continue;
      }
      if (kind === 'reject') {
        const mid = Math.floor((a + b) / 2);
        todo.push([mid + 1, b], [a, mid]);
        this.opts.log.debug(
          { first: part.first, last: part.last, status: answer.status },
          'batch rejected; bisecting',
        );
        continue;
      }
      return { through, rejected, ...counted(skipped), failure: this.failure(kind, answer) };
    }
    return { through, rejected, ...counted(skipped) };
  }

  private async post(req: HttpRequest, signal: AbortSignal): Promise<HttpAnswer | { failure: SinkFailure }> {
    try {
      return await this.opts.client.post(req.path, req.body, req.headers, signal);
    } catch (err) {
      const kind = httpFailureKind(err);
      if (kind === undefined) throw err;
      return { failure: { kind: 'retry', reason: `${kind}: ${(err as Error).message}` } };
    }
  }

  private rejection(part: Batch, answer: HttpAnswer): RejectedEvent {
    return {
      seq: part.first,
      event: part.events[0],
      status: answer.status,
      answer: answer.body.slice(0, ANSWER_KEPT),
    };
  }

  private failure(kind: 'hold' | 'retry', answer: HttpAnswer): SinkFailure {
    let text = answer.body.replace(/\s+/g, ' ').trim().slice(0, 200);
    // A receiver that echoes the request must not leak the token into logs and health.
    const token = this.opts.config.token;
    if (token) text = text.split(token).join('[redacted]');
    return {
      kind,
      reason: `HTTP ${answer.status}${text ? `: ${text}` : ''}`,
      retryAfterMs: parseRetryAfter(answer.headers['retry-after'], this.opts.clock.now()),
    };
  }
}
