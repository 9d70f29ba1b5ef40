/**
 * Trace endpoints for the dashboard's trace page (and anyone with curl): one search box that
 * finds a unit serial, a carrier, a lot or a component serial, and a where-used list with each
 * unit's status and last station, as JSON or CSV. Built on the unit read side only.
 */
import type { FastifyInstance } from 'fastify';
import type { UnitsPort } from './routes-units';

/** What a search found. */
export type TraceHit =
  | { kind: 'unit'; serial: string }
  | { kind: 'carrier'; carrier: string; serial: string }
  | { kind: 'lot' | 'component'; query: string; units: number }
  | { kind: 'none'; query: string };

/** One row of a where-used list. */
export interface WhereUsedRow {
  serial: string;
  status: string;
  partNumber: string | null;
  workOrder: string | null;
  lastStation: string | null;
  lastEvent: string | null;
  lastTime: string | null;
}

/** The longest where-used list answered (a recall of more goes through the serial listing). */
export const WHERE_USED_ROWS = 5000;
const CSV_COLUMNS: Array<keyof WhereUsedRow> = [
  'serial',
  'status',
  'partNumber',
  'workOrder',
  'lastStation',
  'lastEvent',
  'lastTime',
];

/** Finds what `q` names: a unit, then a carrier, then a lot, then a component serial. */
export async function traceSearch(units: UnitsPort, q: string): Promise<TraceHit> {
  if (await units.read(q)) return { kind: 'unit', serial: q };
  const onCarrier = await units.unitOnCarrier?.(q);
  if (onCarrier) return { kind: 'carrier', carrier: q, serial: onCarrier };
  const lot = await units.whereUsed({ lot: q });
  if (lot.length > 0) return { kind: 'lot', query: q, units: lot.length };
  const component = await units.whereUsed({ serial: q });
  if (component.length > 0) return { kind: 'component', query: q, units: component.length };
  return { kind: 'none', query: q };
}

/** Every unit containing the lot or serial, with its status and where it was last seen. */
export async function whereUsedRows(
  units: UnitsPort,
  query: { serial?: string; lot?: string },
): Promise<WhereUsedRow[]> {
  const serials = (await units.whereUsed(query)).slice(0, WHERE_USED_ROWS);
  const rows: WhereUsedRow[] = [];
  for (const serial of serials) {
    const unit = await units.read(serial);
    if (!unit) continue;
    const last = unit.events.at(-1);
    rows.push({
      serial,
      status: unit.status,
      partNumber: unit.partNumber,
      workOrder: unit.workOrder,
      lastStation: last?.station ?? null,
      lastEvent: last?.type ?? null,
      lastTime: last?.time ?? null,
    });
  }
  return rows;
}

/** RFC 4180 CSV with a header; a cell starting with = + - @ is prefixed by ' (no spreadsheet formulas). */
export function whereUsedCsv(rows: WhereUsedRow[]): string {
  const cell = (v: string | null) => {
    let s = v ?? '';
    if (/^[=+\-@]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const lines = [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => cell(r[c])).join(','))];
  return lines.join('\r\n') + '\r\n';
}

const text = { type: 'string', minLength: 1, maxLength: 200 } as const;

/** Registers GET /api/trace/search and GET /api/where-used/units. */
export function traceRoutes(app: FastifyInstance, units: UnitsPort): void {
  app.get<{ Querystring: { q: string } }>(
    '/api/trace/search',
    { schema: { querystring: { type: 'object', required: ['q'], properties: { q: text } } } },
    async (req) => traceSearch(units, req.query.q.trim()),
  );

  app.get<{ Querystring: { serial?: string; lot?: string; format?: 'json' | 'csv' } }>(
    '/api/where-used/units',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { serial: text, lot: text, format: { type: 'string', enum: ['json', 'csv'] } },
        },
      },
    },
    async (req, reply) => {
      const { serial, lot, format } = req.query;
      if ((serial === undefined) === (lot === undefined))
        return reply.code(400).send({ error: 'give exactly one of ?serial= or ?lot=', code: 'BAD_REQUEST' });
      const rows = await whereUsedRows(units, { serial, lot });
      if (format !== 'csv') return { query: lot !== undefined ? { lot } : { serial }, units: rows };
      const name = `where-used-${(lot ?? serial)!.replace(/[^\w.-]/g, '_')}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${name}"`)
        .send(whereUsedCsv(rows));
    },
  );
}
