/**
 * Outbox routes on the local API, so `linegate outbox …` works while the gateway runs (its
 * LevelDB lock keeps other processes out of the store). GETs are open like the API's other
 * reads; the POSTs need the API bearer token like every mutating endpoint.
 */
import type { FastifyInstance } from 'fastify';
import { hasCode } from '../errors';
import type { OutboxAdmin } from './admin';

const selection = {
  type: 'object',
  additionalProperties: false,
  properties: {
    sink: { type: 'string', minLength: 1 },
    seqs: { type: 'array', items: { type: 'integer', minimum: 1 }, maxItems: 100_000 },
    all: { type: 'boolean' },
    reason: { type: 'string', minLength: 1, maxLength: 2000 },
    by: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

interface SelectionBody {
  sink?: string;
  seqs?: number[];
  all?: boolean;
  reason?: string;
  by?: string;
}

/** Adds GET /api/outbox, GET /api/outbox/events, GET /api/outbox/dead-letters and POST …/retry, …/discard. */
export function registerOutboxRoutes(app: FastifyInstance, admin: OutboxAdmin): void {
  const guard = async <T>(
    reply: { code(n: number): { send(b: unknown): unknown } },
    fn: () => Promise<T>,
  ) => {
    try {
      return await fn();
    } catch (err) {
      if (hasCode(err, 'SINK_UNKNOWN'))
        return reply.code(404).send({ error: (err as Error).message, code: 'SINK_UNKNOWN' });
      if (err instanceof TypeError) return reply.code(400).send({ error: err.message, code: 'BAD_REQUEST' });
      throw err;
    }
  };

  app.get('/api/outbox', async () => admin.status());

  // A receiver that sees a gap in a gateway's seqs (a broker that lost a subscription) reads back.
  app.get<{ Querystring: { from?: string; limit?: string } }>('/api/outbox/events', async (req, reply) =>
    guard(reply, async () => ({
      events: await admin.events(Number(req.query.from ?? 1), Number(req.query.limit ?? 1000)),
    })),
  );

  app.get<{ Querystring: { sink?: string; all?: string } }>('/api/outbox/dead-letters', async (req, reply) =>
    guard(reply, async () => ({
      deadLetters: await admin.deadLetters({
        sink: req.query.sink,
        all: req.query.all === 'true' || req.query.all === '1',
      }),
    })),
  );

  app.post<{ Body: SelectionBody }>(
    '/api/outbox/dead-letters/retry',
    { schema: { body: selection } },
    async (req, reply) =>
      guard(reply, async () => {
        const { sink, seqs, all } = req.body ?? {};
        if (!all && !seqs?.length) throw new TypeError('name the seqs to retry, or all: true');
        return {
          retried: (await admin.retry({ sink, seqs: all ? undefined : seqs })).map((d) => ({
            sink: d.sink,
            seq: d.seq,
          })),
        };
      }),
  );

  app.post<{ Body: SelectionBody }>(
    '/api/outbox/dead-letters/discard',
    { schema: { body: selection } },
    async (req, reply) =>
      guard(reply, async () => {
        const { sink, seqs, all, reason, by } = req.body ?? {};
        if (!all && !seqs?.length) throw new TypeError('name the seqs to discard, or all: true');
        if (!reason) throw new TypeError('a discard needs a reason');
        const done = await admin.discard({ sink, seqs: all ? undefined : seqs }, reason, by ?? 'api');
        return { discarded: done.map((d) => ({ sink: d.sink, seq: d.seq })) };
      }),
  );
}
