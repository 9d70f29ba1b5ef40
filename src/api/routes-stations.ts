/**
 * Station endpoints: a manual start (docs/contracts.md §6) and operation results for test stations.
 */
import type { FastifyInstance } from 'fastify';
import { Result, type StartOutcome } from '../ports';
import { MAX_JSON_DEPTH, deeperThan } from '../util/depth';

/** What the API needs from the gateway's stations. */
export interface StationsPort {
  /** runs a start cycle; 'unknown' or 'not-start' when there is no such start station. */
  startCycle(id: string, requestId?: string): Promise<StartOutcome | 'unknown' | 'not-start'>;
  /** records an operation result at a test (or assembly) station; resolves with the unit's serial. */
  recordOperation(id: string, body: OperationBody): Promise<string | 'unknown'>;
}

export interface OperationBody {
  result: 'pass' | 'fail';
  parameters?: Record<string, unknown>;
  /** the unit; default: the unit identified at the station. */
  serial?: string;
  /** who did it; default: the badge scanned at the station most recently. */
  operator?: string;
  /** the failure's reason code (the nonconformance a fail opens carries it). */
  code?: string;
}

const startBody = {
  type: 'object',
  additionalProperties: false,
  properties: { requestId: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

const operationBody = {
  type: 'object',
  additionalProperties: false,
  required: ['result'],
  properties: {
    result: { enum: ['pass', 'fail'] },
    parameters: { type: 'object' },
    serial: { type: 'string', minLength: 1, maxLength: 200 },
    operator: { type: 'string', minLength: 1, maxLength: 200 },
    code: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

/** Registers the station routes. */
export function stationRoutes(app: FastifyInstance, stations: StationsPort): void {
  app.post<{ Params: { id: string }; Body: { requestId?: string } }>(
    '/api/stations/:id/start',
    { schema: { body: startBody } },
    async (req, reply) => {
      const outcome = await stations.startCycle(req.params.id, req.body.requestId);
      if (outcome === 'unknown' || outcome === 'not-start') {
        const what = outcome === 'unknown' ? 'does not exist' : 'is not a start station';
        return reply.code(404).send({ error: `station ${req.params.id} ${what}`, code: 'STATION_UNKNOWN' });
      }
      if (outcome.result === Result.OK) return { serial: outcome.serial, result: outcome.result };
      return reply.code(503).send({ result: outcome.result, error: outcome.error, code: outcome.code });
    },
  );

  app.post<{ Params: { id: string }; Body: OperationBody }>(
    '/api/stations/:id/operations',
    { schema: { body: operationBody } },
    async (req, reply) => {
      if (deeperThan(req.body.parameters, MAX_JSON_DEPTH)) {
        return reply.code(400).send({
          error: `parameters nest deeper than ${MAX_JSON_DEPTH} levels`,
          code: 'BAD_REQUEST',
        });
      }
      const serial = await stations.recordOperation(req.params.id, req.body);
      if (serial === 'unknown') {
        return reply.code(404).send({
          error: `station ${req.params.id} does not exist or takes no operations`,
          code: 'STATION_UNKNOWN',
        });
      }
      return { serial, result: req.body.result };
    },
  );
}
