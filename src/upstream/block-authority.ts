/**
 * The MES as the serial-block authority (docs/contracts.md §5): `POST {url}/serial-blocks` with
 * {gatewayId, scheme, key, count} answers {leaseId, first, last}. A failed request or an answer
 * that is not a block within 1..capacity is retried with the sink's backoff, honouring
 * Retry-After, until one is granted or the lease is aborted.
 */
import type { Clock, Logger } from '../ports';
import type { BlockAuthority, BlockRequest, LeasedBlock } from '../serials/blocks';
import { RetryBackoff, parseRetryAfter, type RetryTiming } from './backoff';
import type { HttpClient } from './http-client';
import { sleep, type Timers } from './timers';

export interface HttpBlockAuthorityOptions {
  gatewayId: string;
  client: HttpClient;
  clock: Clock;
  timers: Timers;
  retry: RetryTiming;
  log: Logger;
}

/** Leases blocks from the MES over the HTTP sink's client. */
export class HttpBlockAuthority implements BlockAuthority {
  constructor(private readonly opts: HttpBlockAuthorityOptions) {}

  async lease(request: BlockRequest, signal: AbortSignal): Promise<LeasedBlock> {
    const backoff = new RetryBackoff(this.opts.retry);
    for (;;) {
      signal.throwIfAborted();
      try {
        return await this.once(request, signal);
      } catch (err) {
        signal.throwIfAborted();
        const delay = backoff.next((err as { retryAfterMs?: number }).retryAfterMs);
        this.opts.log.warn(
          { key: request.key, err: (err as Error).message, delayMs: delay },
          'serial block request failed; retrying',
        );
        const nap = sleep(this.opts.timers, delay);
        const wake = () => nap.wake();
        signal.addEventListener('abort', wake, { once: true });
        await nap.done;
        signal.removeEventListener('abort', wake);
      }
    }
  }

  /** One request; throws (with retryAfterMs when the answer gave one) unless it grants a block. */
  private async once(request: BlockRequest, signal: AbortSignal): Promise<LeasedBlock> {
    const { gatewayId, client, clock } = this.opts;
    const { scheme, key, count, capacity } = request;
    const body = JSON.stringify({ gatewayId, scheme, key, count });
    const answer = await client.post('serial-blocks', body, {}, signal);
    if (answer.status < 200 || answer.status >= 300) {
      const err = new Error(`HTTP ${answer.status} from the serial-block authority`);
      Object.assign(err, { retryAfterMs: parseRetryAfter(answer.headers['retry-after'], clock.now()) });
      throw err;
    }
    const block = JSON.parse(answer.body) as Partial<LeasedBlock>;
    const { leaseId, first, last } = block;
    if (
      typeof leaseId !== 'string' ||
      leaseId === '' ||
      !Number.isSafeInteger(first) ||
      !Number.isSafeInteger(last)
    )
      throw new Error('the serial-block answer is not {leaseId, first, last}');
    if (first! < 1 || last! < first! || last! > capacity)
      throw new Error(`the serial-block answer ${first}..${last} is outside 1..${capacity}`);
    return { leaseId, first: first!, last: last!, leasedAt: new Date(clock.now()).toISOString() };
  }
}
