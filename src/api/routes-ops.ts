/**
 * Operations endpoints: the live dashboard (`GET /` and its assets), its snapshot and event
 * stream, the last label's preview image, and Prometheus metrics. All are reads (no token, like
 * the API's other GETs); none takes a path to the file system.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadDashboardFiles, type DashboardFile } from '../ops/dashboard-files';
import { SnapshotStream } from '../ops/event-stream';
import type { OpsPort } from '../ops/ops';
import type { Logger } from '../ports';

/**
 * The page loads nothing from elsewhere and runs no inline code; it cannot be framed. The
 * preview is an image from this origin.
 */
export const DASHBOARD_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

export interface OpsRouteOptions {
  /** the dashboard's files (default: read from src/dashboard at registration). */
  files?: ReadonlyMap<string, DashboardFile>;
  log?: Logger;
}

/** Registers GET /, /assets/:name, /api/dashboard, /api/stream, /api/labels/last.png, /metrics. */
export function opsRoutes(app: FastifyInstance, ops: OpsPort, opts: OpsRouteOptions = {}): void {
  const files = opts.files ?? loadDashboardFiles();
  if (!files.has('index.html')) opts.log?.warn('dashboard files not found: GET / answers 503');
  const stream = new SnapshotStream(ops, { headers: { ...DASHBOARD_HEADERS } });
  // Open event streams would keep close() waiting for ever: end them first.
  app.addHook('preClose', (done) => {
    stream.closeAll();
    done();
  });

  const sendFile = (name: string, req: FastifyRequest, reply: FastifyReply) => {
    const file = files.get(name);
    if (!file) {
      const status = name === 'index.html' ? 503 : 404;
      const error = status === 503 ? 'the dashboard files are not installed' : `no asset ${name}`;
      return reply.code(status).send({ error, code: status === 503 ? 'DASHBOARD_MISSING' : 'NOT_FOUND' });
    }
    reply.headers({ ...DASHBOARD_HEADERS, etag: file.etag, 'cache-control': 'no-cache' });
    if (req.headers['if-none-match'] === file.etag) return reply.code(304).send();
    return reply.type(file.contentType).send(file.body);
  };

  app.get('/', (req, reply) => sendFile('index.html', req, reply));
  // Looked up by exact name in memory: `..`, encoded or not, is just a name that is not there.
  app.get<{ Params: { name: string } }>('/assets/:name', (req, reply) =>
    sendFile(req.params.name, req, reply),
  );

  app.get('/api/dashboard', async () => ops.snapshot());

  app.get('/api/stream', { exposeHeadRoute: false }, (_req, reply) => {
    reply.hijack();
    stream.add(reply.raw);
  });

  app.get('/api/labels/last.png', async (_req, reply) => {
    let label: Awaited<ReturnType<OpsPort['lastLabelPng']>>;
    try {
      label = await ops.lastLabelPng();
    } catch (err) {
      opts.log?.warn({ err }, 'label preview failed');
      const code = (err as { code?: string }).code ?? 'LABEL_PREVIEW_FAILED';
      return reply.code(503).send({ error: (err as Error).message, code });
    }
    if (!label) return reply.code(404).send({ error: 'no label printed since start', code: 'NO_LABEL' });
    return reply
      .headers({
        'cache-control': 'no-cache',
        etag: `"label-${label.id}"`,
        'x-content-type-options': 'nosniff',
      })
      .type('image/png')
      .send(label.png);
  });

  app.get('/metrics', async (_req, reply) => {
    const { contentType, body } = await ops.metrics();
    return reply.type(contentType).send(body);
  });
}
