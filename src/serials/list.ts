/**
 * Listing serials by status, work order, part number, kind and date. The issued-serial index is
 * iterated in key order and filtered on the way, so a listing never holds more than one record
 * (streaming) or one page (paged, resumed after the last serial of the page) in memory.
 */
import type { Store } from '../store/store';
import { UNIT_STATUSES, type SerialRecord, type UnitStatus } from '../units/unit';
import { UnitRecords } from '../units/records';

/** What to list; every given criterion must hold. */
export interface SerialFilter {
  status?: UnitStatus[];
  workOrder?: string;
  partNumber?: string;
  kind?: 'unit' | 'component';
  /** issued (reserved, imported, received) at or after: ISO 8601 date or date-time. */
  from?: string;
  /** issued at or before; a date alone includes that whole (UTC) day. */
  to?: string;
}

/** One serial as listings show it. */
export interface SerialSummary {
  serial: string;
  status: UnitStatus;
  kind: 'unit' | 'component';
  partNumber?: string;
  workOrder?: string;
  lot?: string;
  scheme?: string;
  station?: string;
  issuedAt: string;
  origin: NonNullable<SerialRecord['origin']> | 'issued';
  originalSerial?: string;
  reserializedAs?: string;
}

/** One page and, when more may follow, the serial to resume after. */
export interface SerialPage {
  serials: SerialSummary[];
  next?: string;
}

/** Checks and normalizes a filter given as text (query string, CLI options); throws TypeError. */
export function parseFilter(q: Record<string, string | undefined>): SerialFilter {
  const filter: SerialFilter = {};
  if (q.status) {
    const statuses = q.status.split(',').map((s) => s.trim());
    const bad = statuses.filter((s) => !(UNIT_STATUSES as readonly string[]).includes(s));
    if (bad.length > 0)
      throw new TypeError(`unknown status ${bad.join(', ')} (one of ${UNIT_STATUSES.join(', ')})`);
    filter.status = statuses as UnitStatus[];
  }
  if (q.kind) {
    if (q.kind !== 'unit' && q.kind !== 'component') throw new TypeError('kind is unit or component');
    filter.kind = q.kind;
  }
  if (q.workOrder) filter.workOrder = q.workOrder;
  if (q.partNumber) filter.partNumber = q.partNumber;
  if (q.from) filter.from = isoBound(q.from, 'from');
  if (q.to) filter.to = isoBound(q.to, 'to');
  return filter;
}

function isoBound(text: string, which: 'from' | 'to'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text)))
    return which === 'from' ? `${text}T00:00:00.000Z` : `${text}T23:59:59.999Z`;
  const t = Date.parse(text);
  if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}T/.test(text))
    throw new TypeError(`${which} must be an ISO 8601 date (2026-11-21) or date-time, not "${text}"`);
  return new Date(t).toISOString();
}

/** true when the record passes the filter. */
export function matches(r: SerialRecord, f: SerialFilter): boolean {
  return (
    (f.status === undefined || f.status.includes(r.status)) &&
    (f.workOrder === undefined || r.workOrder === f.workOrder) &&
    (f.partNumber === undefined || r.partNumber === f.partNumber) &&
    (f.kind === undefined || (r.kind ?? 'unit') === f.kind) &&
    (f.from === undefined || r.issuedAt >= f.from) &&
    (f.to === undefined || r.issuedAt <= f.to)
  );
}

/** The summary of a record. */
export function summary(r: SerialRecord): SerialSummary {
  return {
    serial: r.serial,
    status: r.status,
    kind: r.kind ?? 'unit',
    ...(r.partNumber !== undefined && { partNumber: r.partNumber }),
    ...(r.workOrder !== undefined && { workOrder: r.workOrder }),
    ...(r.lot !== undefined && { lot: r.lot }),
    ...(r.scheme !== '' && { scheme: r.scheme }),
    ...(r.station !== '' && { station: r.station }),
    issuedAt: r.issuedAt,
    origin: r.origin ?? 'issued',
    ...(r.originalSerial !== undefined && { originalSerial: r.originalSerial }),
    ...(r.reserializedAs !== undefined && { reserializedAs: r.reserializedAs }),
  };
}

/** Every matching serial in serial order, after `after` when given. */
export async function* streamSerials(
  store: Store,
  filter: SerialFilter,
  after?: string,
): AsyncGenerator<SerialSummary> {
  const range = after !== undefined ? { gt: after } : {};
  for await (const record of UnitRecords.scan(store, range)) {
    if (matches(record, filter)) yield summary(record);
  }
}

/** Up to `limit` matching serials after `after`. */
export async function pageSerials(
  store: Store,
  filter: SerialFilter,
  page: { after?: string; limit: number },
): Promise<SerialPage> {
  const serials: SerialSummary[] = [];
  for await (const s of streamSerials(store, filter, page.after)) {
    if (serials.length === page.limit) return { serials, next: serials[serials.length - 1].serial };
    serials.push(s);
  }
  return { serials };
}
