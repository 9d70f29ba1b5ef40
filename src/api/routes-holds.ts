/**
 * Process release endpoints: place, list and release holds, and what a station would decide about
 * a unit now. The MES places and releases holds through the same routes (docs/release.md).
 */
import type { FastifyInstance } from 'fastify';
import { HOLD_SCOPES } from '../release/holds';
import type { ReleasePort } from '../release/service';

const text = { type: 'string', minLength: 1, maxLength: 500 } as const;
const scopeProps = Object.fromEntries(
  HOLD_SCOPES.map((k) => [k, { type: 'string', minLength: 1, maxLength: 200 }]),
);

const placeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['reason', 'by'],
  properties: { ...scopeProps, reason: text, by: text },
  // exactly one scope
  oneOf: HOLD_SCOPES.map((k) => ({ required: [k] })),
} as const;

const releaseBody = {
  type: 'object',
  additionalProperties: false,
  required: ['reason', 'by'],
  properties: { reason: text, by: text },
} as const;

type PlaceBody = Parameters<ReleasePort['place']>[0];

/** Registers the hold and release routes. */
export function holdRoutes(app: FastifyInstance, release: ReleasePort): void {
  app.post<{ Body: PlaceBody }>('/api/holds', { schema: { body: placeBody } }, async (req, reply) =>
    reply.code(201).send(await release.place(req.body)),
  );

  app.get('/api/holds', async () => ({ holds: await release.list() }));

  app.get<{ Params: { id: string } }>('/api/holds/:id', async (req) => release.detail(req.params.id));

  app.post<{ Params: { id: string }; Body: { reason: string; by: string } }>(
    '/api/holds/:id/release',
    { schema: { body: releaseBody } },
    async (req) => {
      await release.release(req.params.id, req.body);
      return { id: req.params.id, released: true };
    },
  );

  app.get<{ Params: { serial: string }; Querystring: { station: string } }>(
    '/api/units/:serial/release',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['station'],
          properties: { station: text },
        },
      },
    },
    async (req) => release.query(req.params.serial, req.query.station),
  );
}
