/**
 * The HTTP sink of docs/contracts.md §5: `POST {url}/events` with an Idempotency-Key. A 400/413/422 is
 * narrowed by bisection until the rejected events stand alone; each of those is dead-lettered
 * with the answer, the rest are delivered. 401/403 (and any answer the table does not name)
 * hold the sink; 408/429/5xx, timeouts and connection errors are retried.
 */
import type { HttpSinkConfig } from '../config/schema';
import type { Logger } from '../ports';
import type { Clock } from '../ports';
import { parseRetryAfter } from './backoff';
import { eventsBody, idempotencyKey, sliceBatch } from './batch';
import { HttpFailure, type HttpAnswer, type HttpClient } from './http-client';
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

export interface HttpSinkOptions {
  config: HttpSinkConfig;
  gatewayId: string;
  client: HttpClient;
  clock: Clock;
  log: Logger;
}

/** Delivers batches to one HTTP receiver. */
export class HttpSink implements Sink {
  readonly type = 'http';

  constructor(private readonly opts: HttpSinkOptions) {}

  get name(): string {
    return this.opts.config.name;
  }

  /** The client belongs to whoever created it (block leases share it); nothing to release here. */
  async stop(): Promise<void> {}

  async deliver(batch: Batch, signal: AbortSignal): Promise<Delivery> {
    let through = batch.first - 1;
    const rejected: RejectedEvent[] = [];
    // Index ranges still to send, leftmost on top, so `through` only ever grows contiguously.
    const todo: Array<[number, number]> = [[0, batch.events.length - 1]];
    while (todo.length > 0) {
      const [a, b] = todo.pop()!;
      const part = a === 0 && b === batch.events.length - 1 ? batch : sliceBatch(batch, a, b);
      const answer = await this.post(part, signal);
      if ('failure' in answer) return { through, rejected, failure: answer.failure };
      const kind = classifyStatus(answer.status);
      if (kind === 'ok' || (kind === 'reject' && a === b)) {
        if (kind === 'reject') rejected.push(this.rejection(part, answer));
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
      return { through, rejected, failure: this.failure(kind, answer) };
    }
    return { through, rejected };
  }

  private async post(part: Batch, signal: AbortSignal): Promise<HttpAnswer | { failure: SinkFailure }> {
    const { gatewayId, client } = this.opts;
    try {
      return await client.post(
        'events',
        eventsBody(gatewayId, part),
        {
          'idempotency-key': idempotencyKey(gatewayId, part),
        },
        signal,
      );
    } catch (err) {
      if (!(err instanceof HttpFailure)) throw err;
      return { failure: { kind: 'retry', reason: `${err.kind}: ${err.message}` } };
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
