/**
 * Serial lifecycle endpoints: bulk pre-assignment, batch printing, void, CSV import, received
 * components, re-serialization, and listings (paged JSON, or NDJSON streamed from the store).
 * Every POST needs the bearer token (server.ts). Bad input answers 400, an import with bad rows
 * 422 with the report naming each by line.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ErrorCodes } from '../errors';
import { rejectedImport } from '../serials/import';
import { parseFilter } from '../serials/list';
import type { ReceivedItem, SerialsPort } from '../serials/port';
import { MAX_RESERVE } from '../serials/reserve';

/** A CSV import may be this large (100,000 rows are about 5 MiB). */
const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;
const PAGE_DEFAULT = 1000;
const PAGE_MAX = 10_000;

const text = { type: 'string', minLength: 1, maxLength: 200 } as const;
const body = (required: string[], properties: Record<string, unknown>) =>
  ({ type: 'object', additionalProperties: false, required, properties }) as const;

const reserveBody = body(['scheme', 'count', 'workOrder'], {
  scheme: text,
  count: { type: 'integer', minimum: 1, maximum: MAX_RESERVE },
  workOrder: text,
  partNumber: text,
  station: text,
  print: { type: 'boolean' },
});
const printBody = body(['workOrder', 'station'], {
  workOrder: text,
  station: text,
  count: { type: 'integer', minimum: 1, maximum: MAX_RESERVE },
});
const voidBody = body(['reason'], {
  workOrder: text,
  serials: { type: 'array', items: text, minItems: 1, maxItems: MAX_RESERVE },
  reason: { type: 'string', minLength: 1, maxLength: 2000 },
  by: text,
});
const receiveBody = body(['components'], {
  components: {
    type: 'array',
    minItems: 1,
    maxItems: 10_000,
    items: body(['partNumber'], { serial: text, lot: text, partNumber: text, gtin: text, expiry: text }),
  },
});
const reserializeBody = body(['original'], {
  original: text,
  serial: text,
  scheme: text,
  station: text,
  partNumber: text,
});

/** Answers what the lifecycle refused for the client's input; anything else goes to the server's handler. */
async function guard<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await work();
  } catch (err) {
    const report = rejectedImport(err);
    if (report)
      return reply.code(422).send({ error: (err as Error).message, code: 'SERIAL_IMPORT_INVALID', report });
    if (err instanceof TypeError) return reply.code(400).send({ error: err.message, code: 'BAD_REQUEST' });
    throw err;
  }
}

/** Registers the serial routes. */
export function serialRoutes(app: FastifyInstance, serials: SerialsPort): void {
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT },
    (_req, csv, done) => done(null, csv),
  );

  app.post<{ Body: Parameters<SerialsPort['reserve']>[0] }>(
    '/api/serials/reserve',
    { schema: { body: reserveBody } },
    async (req, reply) => guard(reply, () => serials.reserve(req.body)),
  );

  app.post<{ Body: Parameters<SerialsPort['print']>[0] }>(
    '/api/serials/print',
    { schema: { body: printBody } },
    async (req, reply) => guard(reply, () => serials.print(req.body)),
  );

  app.post<{ Body: Parameters<SerialsPort['void']>[0] }>(
    '/api/serials/void',
    { schema: { body: voidBody } },
    async (req, reply) => guard(reply, () => serials.void({ ...req.body, by: req.body.by ?? 'api' })),
  );

  app.post<{ Body: string; Querystring: { file?: string; scheme?: string } }>(
    '/api/serials/import',
    { bodyLimit: IMPORT_BODY_LIMIT },
    async (req, reply) => {
      if (typeof req.body !== 'string')
        return reply
          .code(415)
          .send({ error: 'send the CSV file as Content-Type: text/csv', code: 'BAD_REQUEST' });
      const { file = 'api.csv', scheme } = req.query;
      return guard(reply, () => serials.importCsv({ text: req.body, file, scheme }));
    },
  );

  app.post<{ Body: { components: ReceivedItem[] } }>(
    '/api/components/receive',
    { bodyLimit: 4 * 1024 * 1024, schema: { body: receiveBody } },
    async (req, reply) => guard(reply, () => serials.receive(req.body.components)),
  );

  app.post<{ Body: Parameters<SerialsPort['reserialize']>[0] }>(
    '/api/serials/reserialize',
    { schema: { body: reserializeBody } },
    async (req, reply) => guard(reply, () => serials.reserialize(req.body)),
  );

  app.get<{ Querystring: Record<string, string | undefined> }>('/api/serials', async (req, reply) =>
    guard(reply, async () => {
      const { after, limit, format, ...criteria } = req.query;
      const filter = parseFilter(criteria);
      if (format === 'ndjson') {
        const lines = Readable.from(
          (async function* () {
            for await (const s of serials.stream(filter)) yield JSON.stringify(s) + '\n';
          })(),
        );
        return reply.type('application/x-ndjson').send(lines);
      }
      const n = limit === undefined ? PAGE_DEFAULT : Number(limit);
      if (!Number.isInteger(n) || n < 1 || n > PAGE_MAX)
        throw new TypeError(`limit must be 1 to ${PAGE_MAX}`);
      return serials.page(filter, { after, limit: n });
    }),
  );
}

/** HTTP status of the lifecycle's error codes (merged into server.ts's map). */
export const SERIAL_STATUS = {
  SERIAL_EXHAUSTED: 409,
  SERIAL_NO_BLOCK: 503,
  SCHEME_UNKNOWN: 404,
  SERIAL_TAKEN: 409,
  COMPONENT_UNKNOWN: 409,
  SERIAL_IMPORT_INVALID: 422,
} as const satisfies Partial<Record<keyof typeof ErrorCodes, number>>;
