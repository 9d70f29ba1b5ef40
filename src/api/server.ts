/**
 * The local API (docs/contracts.md §6) on fastify. Loopback by default; every mutating endpoint needs
 * the bearer token. Answers are JSON; errors carry a stable `code`.
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { LinegateError, type ErrorCode } from '../errors';
import type { Logger } from '../ports';
import { bearerChecker } from './auth';
import type { OpsPort } from '../ops/ops';
import type { StationsPort } from './routes-stations';
import type { UnitsPort } from './routes-units';
import type { ReleasePort } from '../release/service';
import type { OutboxAdmin } from '../upstream/admin';
import type { SerialsPort } from '../serials/port';
import { groupStatus, registerRoutes } from './route-groups';

/** A part's health as /healthz reports it. */
export interface HealthReport {
  ok: boolean;
  parts: Record<string, { ok: boolean; state: string }>;
}

export interface ApiDeps {
  token: string;
  stations: StationsPort;
  units: UnitsPort;
  health: () => HealthReport;
  log: Logger;
  /** the dashboard, its stream and /metrics (absent: those routes are not registered). */
  ops?: OpsPort;
  /** holds and release queries (absent: those routes are not registered). */
  release?: ReleasePort;
  /** the outbox's admin (absent: /api/outbox... is not registered). */
  outbox?: OutboxAdmin;
  /** the serial lifecycle (absent: /api/serials... is not registered). */
  serials?: SerialsPort;
}

/** HTTP status of a runtime failure reaching the API. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  UNIT_UNKNOWN: 404,
  STATION_UNKNOWN: 404,
  UNIT_BAD_TRANSITION: 409,
  COMPONENT_IN_USE: 409,
  NO_UNIT_IDENTIFIED: 409,
  SCAN_INVALID: 400,
  STORE_WRITE_FAILED: 503,
  STORE_CLOSED: 503,
  HOLD_UNKNOWN: 404,
  UNIT_REFUSED: 409,
  ...groupStatus(),
};

/** Builds the API server (not yet listening). */
export function createApi(deps: ApiDeps): FastifyInstance {
  const app = Fastify({
    bodyLimit: 64 * 1024,
    return503OnClosing: true,
    // A wrong type is the client's mistake to hear about, not something to coerce silently.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
  });
  const authorized = bearerChecker(deps.token);

  // An empty body with a JSON content type is an empty object, not an error: bodies are optional.
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

  app.addHook('preValidation', async (req) => {
    if (req.body === undefined || req.body === null) req.body = {};
  });

  app.setErrorHandler((err: FastifyError | LinegateError, _req, reply) => {
    if (err instanceof LinegateError) {
      const status = STATUS[err.code] ?? 500;
      if (status >= 500) deps.log.error({ err }, 'API request failed');
      return reply.code(status).send({ error: err.message, code: err.code });
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) deps.log.error({ err }, 'API request failed');
    const error = err.validation ? `invalid request ${err.message}` : err.message;
    return reply.code(status).send({ error, code: err.code ?? 'BAD_REQUEST' });
  });

  app.get('/healthz', async (_req, reply) => {
    const report = deps.health();
    return reply.code(report.ok ? 200 : 503).send(report);
  });

  registerRoutes(app, deps);
  return app;
}
