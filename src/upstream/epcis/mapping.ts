/**
 * One linegate event to one EPCIS 2.0 event (JSON-LD, GS1 EPCIS 2.0 section 7 JSON binding), by
 * the table in table.ts with the sink's overrides. The eventID is `urn:uuid:` of the linegate
 * event id, so every resend of an event carries the same eventID and a repository drops the
 * duplicate. Events without an EPCIS meaning (no rule, skipped by config, no object to name)
 * map to undefined: the sink counts them as skipped.
 */
import type { EpcisSinkConfig } from '../../config/schema';
import type { GatewayEvent } from '../../events/event';
import type { ComponentRef, Identities } from './identity';
import { EPCIS_RULES, RESULT_DISPOSITION, type EpcisRule } from './table';

/** The JSON-LD prefix of linegate's extension fields (bound to the sink's namespace in @context). */
export const LG = 'lg:';

/** An EPCIS event as JSON (the schema is GS1's; this type names the fields linegate writes). */
export type EpcisEvent = Record<string, unknown> & { type: string; eventID: string };

/** What mapping needs besides the event. */
export interface MappingContext {
  sink: EpcisSinkConfig;
  ids: Identities;
  /** the IANA zone the events happened in (eventTimeZoneOffset). */
  timeZone: string;
}

/** The EPCIS event of `event`, or undefined when it has no EPCIS meaning. */
export async function mapEvent(event: GatewayEvent, ctx: MappingContext): Promise<EpcisEvent | undefined> {
  const rule = ruleFor(event.type, ctx.sink);
  if (!rule) return undefined;
  const what = await objects(event, rule, ctx.ids);
  if (!what) return undefined;
  const disposition =
    rule.disposition ??
    (event.type === 'operation.completed' ? RESULT_DISPOSITION[String(event.data.result)] : undefined);
  const where = { ...pick(ctx.sink), ...pick(event.station ? ctx.sink.stations[event.station] : undefined) };
  return {
    type: rule.event,
    eventID: `urn:uuid:${event.id}`,
    eventTime: event.time,
    eventTimeZoneOffset: timeZoneOffset(event.time, ctx.timeZone),
    ...what,
    action: rule.action,
    bizStep: rule.bizStep,
    ...(disposition !== undefined && { disposition }),
    ...(where.readPoint !== undefined && { readPoint: { id: where.readPoint } }),
    ...(where.bizLocation !== undefined && { bizLocation: { id: where.bizLocation } }),
    ...(event.workOrder !== undefined && {
      bizTransactionList: [{ type: 'prodorder', bizTransaction: ctx.ids.workOrder(event.workOrder) }],
    }),
    [`${LG}gatewayId`]: event.gatewayId,
    [`${LG}seq`]: event.seq,
    [`${LG}type`]: event.type,
    ...(event.station !== undefined && { [`${LG}station`]: event.station }),
    ...(event.serial !== undefined && { [`${LG}serial`]: event.serial }),
    ...(event.partNumber !== undefined && { [`${LG}partNumber`]: event.partNumber }),
    ...(typeof event.data.result === 'string' && { [`${LG}result`]: event.data.result }),
  };
}

/** The table rule of a type with the sink's overrides; undefined when unmapped or skipped. */
export function ruleFor(type: string, sink: EpcisSinkConfig): EpcisRule | undefined {
  if (!Object.hasOwn(EPCIS_RULES, type)) return undefined;
  const base: EpcisRule = EPCIS_RULES[type as keyof typeof EPCIS_RULES];
  const override = (
    sink.events as Record<string, { bizStep?: string; disposition?: string; skip?: boolean }>
  )[type];
  if (override?.skip) return undefined;
  return {
    ...base,
    ...(override?.bizStep !== undefined && { bizStep: override.bizStep }),
    ...(override?.disposition !== undefined && { disposition: override.disposition }),
  };
}

/** The objects of the event: epcList, parent and children; undefined when there are none. */
async function objects(
  event: GatewayEvent,
  rule: EpcisRule,
  ids: Identities,
): Promise<Record<string, unknown> | undefined> {
  const serials = subjects(event);
  if (serials.length === 0) return undefined;
  if (rule.event === 'ObjectEvent') return { epcList: await Promise.all(serials.map((s) => ids.serial(s))) };
  const unit = await ids.serial(serials[0]);
  if (rule.event === 'AssociationEvent') {
    const carrier = event.data.carrier;
    if (typeof carrier !== 'string' || carrier === '') return undefined;
    return { parentID: ids.carrier(carrier), childEPCs: [unit] };
  }
  const component = event.data.component as ComponentRef | undefined;
  const child = component && (await ids.component(component));
  if (!child) return undefined;
  return 'epc' in child
    ? { parentID: unit, childEPCs: [child.epc] }
    : { parentID: unit, childQuantityList: [child.quantity] };
}

/** The serials an event is about: its serial, or (holds over many units) data.serials. */
function subjects(event: GatewayEvent): string[] {
  if (event.serial !== undefined) return [event.serial];
  const list = event.data.serials;
  return Array.isArray(list) ? [...new Set(list.filter((s): s is string => typeof s === 'string'))] : [];
}

function pick(where: { readPoint?: string; bizLocation?: string } | undefined) {
  return {
    ...(where?.readPoint !== undefined && { readPoint: where.readPoint }),
    ...(where?.bizLocation !== undefined && { bizLocation: where.bizLocation }),
  };
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, string>();
// Zone offsets change only at multiples of 15 minutes UTC (IANA tz data), so one lookup per
// quarter hour is exact; formatting each event's offset anew costs more than the rest of mapping.
const QUARTER_HOUR = 15 * 60 * 1000;

/** The zone's UTC offset at `time` as EPCIS writes it: +01:00, -06:00, +00:00. */
export function timeZoneOffset(time: string, timeZone: string): string {
  const quarter = Math.floor(Date.parse(time) / QUARTER_HOUR);
  const key = `${timeZone}\x00${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size >= 10_000) offsets.clear();
    offset = formatOffset(time, timeZone);
    offsets.set(key, offset);
  }
  return offset;
}

function formatOffset(time: string, timeZone: string): string {
  let f = offsetFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, f);
  }
  const name = f.formatToParts(new Date(time)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  return m ? `${m[1]}${m[2]}:${m[3]}` : '+00:00';
}
