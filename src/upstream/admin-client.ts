/**
 * OutboxAdmin over a running gateway's local API (the CLI's path while the gateway holds the
 * store's lock). Mutations send the API bearer token.
 */
import { LinegateError } from '../errors';
import type { GatewayEvent } from '../events/event';
import type { OutboxAdmin, OutboxStatus } from './admin';
import type { DeadLetterSelection } from './dead-letters';
import type { DeadLetter } from './types';

/** An admin that calls `baseUrl` (e.g. http://127.0.0.1:8080). */
export function createApiAdmin(baseUrl: string, token: string): OutboxAdmin {
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl.replace(/\/$/, '')}${path}`, {
      method,
      headers: {
        ...(method === 'POST' && { authorization: `Bearer ${token}`, 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await res.json()) as T & { error?: string; code?: string };
    if (res.status === 404 && answer.code === 'SINK_UNKNOWN')
      throw new LinegateError('SINK_UNKNOWN', answer.error ?? '');
    if (res.status === 400) throw new TypeError(answer.error ?? 'bad request');
    if (!res.ok) throw new Error(`the gateway answered ${res.status}: ${answer.error ?? ''}`);
    return answer;
  };
  const selection = (sel: DeadLetterSelection) => ({
    ...(sel.sink !== undefined && { sink: sel.sink }),
    ...(sel.seqs ? { seqs: sel.seqs } : { all: true }),
  });
  const asLetters = (rows: Array<{ sink: string; seq: number }>) => rows as DeadLetter[];
  return {
    status: () => call<OutboxStatus>('GET', '/api/outbox'),
    async events(from, limit) {
      return (await call<{ events: GatewayEvent[] }>('GET', `/api/outbox/events?from=${from}&limit=${limit}`))
        .events;
    },
    async deadLetters(filter) {
      const q = new URLSearchParams();
      if (filter.sink !== undefined) q.set('sink', filter.sink);
      if (filter.all) q.set('all', 'true');
      return (await call<{ deadLetters: DeadLetter[] }>('GET', `/api/outbox/dead-letters?${q}`)).deadLetters;
    },
    async retry(sel) {
      return asLetters(
        (await call<{ retried: DeadLetter[] }>('POST', '/api/outbox/dead-letters/retry', selection(sel)))
          .retried,
      );
    },
    async discard(sel, reason, by) {
      const body = { ...selection(sel), reason, by };
      return asLetters(
        (await call<{ discarded: DeadLetter[] }>('POST', '/api/outbox/dead-letters/discard', body)).discarded,
      );
    },
  };
}
