/**
 * `type: epcis`: GS1 EPCIS 2.0 JSON-LD to `POST {url}/capture` (docs/epcis.md). The HTTP sink's
 * answers table applies unchanged (202/2xx acknowledge, 400/413/422 isolate and dead-letter, ...).
 */
import type { Static } from '@sinclair/typebox';
import { Strict, variant } from '../../config/schema-kit';
import { SINK_COMMON, SINK_SLOT } from '../../config/upstream-slot';
import { EPCIS_SINK_PROPERTIES } from './epcis-config';
import { systemTimeZone } from '../../serials/calendar';
import type { Store } from '../../store/store';
import { epcisEncoding } from '../epcis/document';
import { Identities, type SerialLookup } from '../epcis/identity';
import type { MappingContext } from '../epcis/mapping';
import { HttpSink } from '../http-sink';
import { sinkHttpClient } from './http';
import type { SinkContext, SinkType } from './sink-type';

/** The keys of an `epcis` entry under `upstream` (its properties: epcis-config.ts). */
export const EPCIS_SINK = variant(
  SINK_SLOT,
  Strict({ ...SINK_COMMON, ...EPCIS_SINK_PROPERTIES }, 'an EPCIS 2.0 capture sink (GS1 JSON-LD)'),
);
/** An `epcis` sink's settings. */
export type EpcisSinkConfig = Static<typeof EPCIS_SINK.schema>;
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
  config: EPCIS_SINK,
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
