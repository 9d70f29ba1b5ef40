/**
 * The local API (CONTRACTS §6) on fastify. Loopback by default; every mutating endpoint needs
 * the bearer token. Answers are JSON with a stable `code` on errors.
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger, StartPort } from '../ports';
import { Result } from '../ports';
import type { Store } from '../store/store';
import { readUnit } from '../units/query';
import { bearerChecker } from './auth';

/** A part's health as /healthz reports it. */
export interface HealthReport {
  ok: boolean;
  parts: Record<string, { ok: boolean; state: string }>;
}

export interface ApiDeps {
  token: string;
  stations: ReadonlyMap<string, StartPort>;
  /** ids of stations that exist but are not start stations (404 would mislead). */
  otherStations: ReadonlySet<string>;
  store: Store;
  health: () => HealthReport;
  log: Logger;
}

const startBody = {
  type: 'object',
  additionalProperties: false,
  properties: { requestId: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/** Builds the API server (not yet listening). */
export function createApi(deps: ApiDeps): FastifyInstance {
  const app = Fastify({
    bodyLimit: 64 * 1024,
    return503OnClosing: true,
    // A wrong type is the client's mistake to hear about, not something to coerce silently.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
  });
  const authorized = bearerChecker(deps.token);

  // An empty body with a JSON content type is an empty object, not an error: the body is optional.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body).trim();
    if (text === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      const e = new Error(`request body is not valid JSON: ${(err as Error).message}`) as FastifyError;
      e.statusCode = 400;
      done(e, undefined);
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD') return;
    if (!authorized(req.headers.authorization)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'missing or wrong bearer token', code: 'UNAUTHORIZED' });
    }
  });

  // The start body is optional: no body at all is an empty request.
  app.addHook('preValidation', async (req) => {
    if (req.body === undefined || req.body === null) req.body = {};
  });

  app.setErrorHandler((err: FastifyError, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) deps.log.error({ err }, 'API request failed');
    const error = err.validation ? `invalid request ${err.message}` : err.message;
    return reply.code(status).send({ error, code: err.code ?? 'BAD_REQUEST' });
  });

  app.get('/healthz', async (_req, reply) => {
    const report = deps.health();
    return reply.code(report.ok ? 200 : 503).send(report);
  });

  app.post<{ Params: { id: string }; Body: { requestId?: string } | undefined }>(
    '/api/stations/:id/start',
    { schema: { body: startBody } },
    async (req, reply) => {
      const station = deps.stations.get(req.params.id);
      if (!station) {
        const what = deps.otherStations.has(req.params.id) ? 'is not a start station' : 'does not exist';
        return reply.code(404).send({ error: `station ${req.params.id} ${what}`, code: 'STATION_UNKNOWN' });
      }
      const outcome = await station.start({ source: 'api', requestId: req.body?.requestId });
      if (outcome.result === Result.OK) return { serial: outcome.serial, result: outcome.result };
      return reply.code(503).send({ result: outcome.result, error: outcome.error, code: outcome.code });
    },
  );

  app.get<{ Params: { serial: string } }>('/api/units/:serial', async (req, reply) => {
    const unit = await readUnit(deps.store, req.params.serial);
    if (!unit)
      return reply.code(404).send({ error: `no unit has serial ${req.params.serial}`, code: 'UNIT_UNKNOWN' });
    return unit;
  });

  return app;
}
