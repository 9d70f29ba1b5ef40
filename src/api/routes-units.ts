/**
 * Unit endpoints: the unit with its as-built tree and events, where-used, reprint, scrap and
 * rework (docs/contracts.md §6).
 */
import type { FastifyInstance } from 'fastify';
import { Result, type StartOutcome } from '../ports';
import type { UnitView } from '../genealogy/query';
import { passportOf } from '../genealogy/passport';
import { unitUnknown } from '../units/records';

/** What the API needs from the gateway for units. */
export interface UnitsPort {
  read(serial: string): Promise<UnitView | undefined>;
  whereUsed(query: { serial?: string; lot?: string }): Promise<string[]>;
  /** the unit a carrier holds now (the trace page's search). */
  unitOnCarrier?(epc: string): Promise<string | undefined>;
  /** undefined when no unit has that serial. */
  reprint(serial: string, request: { reason: string; operator: string }): Promise<StartOutcome | undefined>;
  scrap(serial: string, reason: string): Promise<UnitView['status']>;
  rework(serial: string, reason: string, remove: string[]): Promise<UnitView['status']>;
}

const text = { type: 'string', minLength: 1, maxLength: 500 } as const;
const body = (required: string[], properties: Record<string, unknown>) =>
  ({ type: 'object', additionalProperties: false, required, properties }) as const;

/** Registers the unit routes. */
export function unitRoutes(app: FastifyInstance, units: UnitsPort): void {
  app.get<{ Params: { serial: string } }>('/api/units/:serial', async (req) => {
    const unit = await units.read(req.params.serial);
    if (!unit) throw unitUnknown(req.params.serial);
    return unit;
  });

  app.get<{ Params: { serial: string } }>('/api/units/:serial/passport', async (req) => {
    const unit = await units.read(req.params.serial);
    if (!unit) throw unitUnknown(req.params.serial);
    return passportOf(unit);
  });

  app.get<{ Querystring: { serial?: string; lot?: string } }>(
    '/api/where-used',
    {
      schema: {
        querystring: { type: 'object', additionalProperties: false, properties: { serial: text, lot: text } },
      },
    },
    async (req, reply) => {
      const { serial, lot } = req.query;
      if ((serial === undefined) === (lot === undefined)) {
        return reply.code(400).send({ error: 'give exactly one of ?serial= or ?lot=', code: 'BAD_REQUEST' });
      }
      return { units: await units.whereUsed({ serial, lot }) };
    },
  );

  app.post<{ Params: { serial: string }; Body: { reason: string; operator: string } }>(
    '/api/units/:serial/reprint',
    { schema: { body: body(['reason', 'operator'], { reason: text, operator: text }) } },
    async (req, reply) => {
      const outcome = await units.reprint(req.params.serial, req.body);
      if (!outcome) throw unitUnknown(req.params.serial);
      if (outcome.result === Result.OK) return { serial: outcome.serial, result: outcome.result };
      return reply.code(503).send({ result: outcome.result, error: outcome.error, code: outcome.code });
    },
  );

  app.post<{ Params: { serial: string }; Body: { reason: string } }>(
    '/api/units/:serial/scrap',
    { schema: { body: body(['reason'], { reason: text }) } },
    async (req) => ({
      serial: req.params.serial,
      status: await units.scrap(req.params.serial, req.body.reason),
    }),
  );

  app.post<{ Params: { serial: string }; Body: { reason: string; remove?: string[] } }>(
    '/api/units/:serial/rework',
    {
      schema: {
        body: body(['reason'], { reason: text, remove: { type: 'array', items: text, maxItems: 100 } }),
      },
    },
    async (req) => ({
      serial: req.params.serial,
      status: await units.rework(req.params.serial, req.body.reason, req.body.remove ?? []),
    }),
  );
}
