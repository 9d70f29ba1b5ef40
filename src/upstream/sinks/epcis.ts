/**
 * `type: epcis`: GS1 EPCIS 2.0 JSON-LD to `POST {url}/capture` (docs/epcis.md). The HTTP sink's
 * answers table applies unchanged (202/2xx acknowledge, 400/413/422 isolate and dead-letter, ...).
 */
import type { EpcisSinkConfig } from '../../config/schema';
import { systemTimeZone } from '../../serials/calendar';
import type { Store } from '../../store/store';
import { epcisEncoding } from '../epcis/document';
import { Identities, type SerialLookup } from '../epcis/identity';
import type { MappingContext } from '../epcis/mapping';
import { HttpSink } from '../http-sink';
import { sinkHttpClient } from './http';
import type { SinkContext, SinkType } from './sink-type';
import { UnitRecords } from '../../units/records';

/** The serial records of a store, for naming units by their scheme's GTIN. */
export function storeLookup(store: Store): SerialLookup {
  return (serial) => UnitRecords.read(store, serial);
}

/** The mapping context of one epcis sink (also used by `linegate epcis export`). */
export function epcisMapping(
  sink: EpcisSinkConfig,
  ctx: Pick<SinkContext, 'config' | 'store'>,
): MappingContext {
  return {
    sink,
    ids: new Identities(ctx.config, sink, storeLookup(ctx.store)),
    timeZone: ctx.config.gateway.timeZone ?? systemTimeZone(),
  };
}

export const epcisSinkType: SinkType<EpcisSinkConfig> = {
  create(config, ctx) {
    const client = sinkHttpClient(config);
    const gatewayId = ctx.config.gateway.id;
    const encoding = epcisEncoding({ ...epcisMapping(config, ctx), gatewayId, clock: ctx.clock });
    const sink = new HttpSink({
      config,
      type: 'epcis',
      encoding,
      gatewayId,
      client,
      clock: ctx.clock,
      log: ctx.log,
    });
    return { sink, client };
  },
};
