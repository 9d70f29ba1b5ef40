/**
 * A small JSON POST client over node:http/https for the HTTP sink and block leases: one
 * keep-alive agent per sink, TLS with a CA file and a client certificate (mutual TLS),
 * certificate checks on unless the config turns them off, a whole-request timeout, and an
 * AbortSignal. Headers (and so the bearer token) are never logged or put into errors.
 */
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import type { SinkTlsConfig } from '../config/schema';
import { LinegateError, isCode, type ErrorCode } from '../errors';

/** An HTTP answer; the body is kept up to `maxBody` bytes. */
export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** How a request that got no answer failed; the kind decides the retry. */
export type HttpFailureKind = 'timeout' | 'connection' | 'aborted';

const FAILURE_CODES = {
  timeout: 'HTTP_TIMEOUT',
  connection: 'HTTP_CONNECTION_FAILED',
  aborted: 'HTTP_ABORTED',
} as const satisfies Record<HttpFailureKind, ErrorCode>;

/** A request that got no answer: a LinegateError with an HTTP_* code; `message` is safe to log. */
function httpFailure(kind: HttpFailureKind, message: string, cause?: unknown): LinegateError {
  return new LinegateError(FAILURE_CODES[kind], message, { cause });
}

/** The kind of a failed request (HTTP_* codes), or undefined for any other error. */
export function httpFailureKind(err: unknown): HttpFailureKind | undefined {
  if (!isCode(err, 'HTTP_')) return undefined;
  return (Object.keys(FAILURE_CODES) as HttpFailureKind[]).find((k) => FAILURE_CODES[k] === err.code);
}

export interface HttpClientOptions {
  /** base URL; paths are appended to it. */
  url: string;
  token?: string;
  tls?: SinkTlsConfig;
  /** whole-request timeout in ms. */
  timeoutMs: number;
  /** answer bytes kept (the rest is read and dropped). Default 64 KiB. */
  maxBody?: number;
}

/** POSTs JSON to paths below one base URL. */
export interface HttpClient {
  /** Resolves with any answer (also 4xx/5xx); rejects only with an HTTP_* LinegateError. */
  post(
    path: string,
    body: string,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<HttpAnswer>;
  /** Closes idle keep-alive sockets. */
  close(): void;
}

/** Reads the TLS files now (a missing file fails at start, not at the first send). */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const base = new URL(opts.url.endsWith('/') ? opts.url : `${opts.url}/`);
  const secure = base.protocol === 'https:';
  const tls = opts.tls;
  const agent = secure
    ? new https.Agent({
        keepAlive: true,
        maxSockets: 4,
        ca: tls?.ca ? readFileSync(tls.ca) : undefined,
        cert: tls?.cert ? readFileSync(tls.cert) : undefined,
        key: tls?.key ? readFileSync(tls.key) : undefined,
        rejectUnauthorized: tls?.rejectUnauthorized ?? true,
      })
    : new http.Agent({ keepAlive: true, maxSockets: 4 });
  const maxBody = opts.maxBody ?? 64 * 1024;

  const post: HttpClient['post'] = (path, body, headers, signal) => {
    const url = new URL(path.replace(/^\//, ''), base);
    const payload = Buffer.from(body, 'utf8');
    const allHeaders: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': payload.length,
      ...headers,
    };
    if (opts.token !== undefined) allHeaders.authorization = `Bearer ${opts.token}`;
    return new Promise<HttpAnswer>((resolve, reject) => {
      if (signal?.aborted) return reject(httpFailure('aborted', 'request aborted'));
      const req = (secure ? https : http).request(url, { method: 'POST', agent, headers: allHeaders });
      let settled = false;
      const finish = (err: LinegateError | undefined, answer?: HttpAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (err) {
          req.destroy();
          reject(err);
        } else resolve(answer!);
      };
      const timer = setTimeout(
        () => finish(httpFailure('timeout', `no answer within ${opts.timeoutMs} ms`)),
        opts.timeoutMs,
      );
      const onAbort = () => finish(httpFailure('aborted', 'request aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (err) => finish(httpFailure('connection', describe(err), err)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (chunk: Buffer) => {
          if (kept < maxBody) chunks.push(chunk.subarray(0, maxBody - kept));
          kept += chunk.length;
        });
        res.on('error', (err) => finish(httpFailure('connection', describe(err), err)));
        res.on('end', () =>
          finish(undefined, {
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      });
      req.end(payload);
    });
  };
  return { post, close: () => agent.destroy() };
}

/** An error's code and message, without anything from the request (no headers, no token). */
function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message}` : String(e.message ?? err);
}
