/**
 * The EPCISDocument around mapped events (EPCIS 2.0 JSON-LD), and the batch encoding of the epcis
 * sink: `POST {url}/capture`, `Content-Type: application/ld+json`, as in the EPCIS 2.0 REST
 * binding. Events without an EPCIS meaning are left out and counted; a part with none is not sent.
 */
import type { EpcisSinkConfig } from '../../config/schema';
import type { GatewayEvent } from '../../events/event';
import type { Clock } from '../../ports';
import { idempotencyKey } from '../batch';
import type { HttpEncoding } from '../http-sink';
import { mapEvent, type EpcisEvent, type MappingContext } from './mapping';

/** The EPCIS 2.0 JSON-LD context GS1 publishes. */
export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

/** An EPCISDocument of `events`, created at `now`. */
export function epcisDocument(
  events: EpcisEvent[],
  opts: { sink: Pick<EpcisSinkConfig, 'namespace'>; now: number; instanceIdentifier?: string },
): Record<string, unknown> {
  return {
    '@context': [EPCIS_CONTEXT, { lg: opts.sink.namespace }],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: new Date(opts.now).toISOString(),
    ...(opts.instanceIdentifier !== undefined && { instanceIdentifier: opts.instanceIdentifier }),
    epcisBody: { eventList: events },
  };
}

/** Maps events in order; the ones without an EPCIS meaning are counted in `skipped`. */
export async function mapEvents(
  events: GatewayEvent[],
  ctx: MappingContext,
): Promise<{ mapped: EpcisEvent[]; skipped: number }> {
  const mapped: EpcisEvent[] = [];
  let skipped = 0;
  for (const e of events) {
    const m = await mapEvent(e, ctx);
    if (m) mapped.push(m);
    else skipped++;
  }
  return { mapped, skipped };
}

/** The epcis sink's request per batch part. */
export function epcisEncoding(ctx: MappingContext & { gatewayId: string; clock: Clock }): HttpEncoding {
  return {
    async request(part) {
      const events = part.events.map((text) => JSON.parse(text) as GatewayEvent);
      const { mapped, skipped } = await mapEvents(events, ctx);
      if (mapped.length === 0) return { skipped };
      const key = idempotencyKey(ctx.gatewayId, part);
      const doc = epcisDocument(mapped, { sink: ctx.sink, now: ctx.clock.now(), instanceIdentifier: key });
      return {
        skipped,
        request: {
          path: 'capture',
          body: JSON.stringify(doc),
          headers: {
            'content-type': 'application/ld+json',
            'idempotency-key': key,
            'gs1-epcis-version': '2.0.0',
            'gs1-cbv-version': '2.0.0',
          },
        },
      };
    },
  };
}
