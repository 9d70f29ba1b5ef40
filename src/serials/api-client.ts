/**
 * The serial lifecycle through a running gateway's local API: the CLI's path while the gateway
 * holds the store's lock. Answers map back to what SerialsAdmin throws: 422 with a report to
 * importRejected (SERIAL_IMPORT_INVALID), 400 to TypeError, a coded error to LinegateError.
 */
import { LinegateError, isErrorCode, type ErrorCode } from '../errors';
import { importRejected, type ImportReport } from './import';
import type { SerialFilter, SerialPage, SerialSummary } from './list';
import type { SerialsPort } from './port';

const PAGE = 1000;

/** Codes the API answers about the request itself (a wrong token, ...): reported with their status. */
const API_ANSWERS: ErrorCode[] = [
  'UNAUTHORIZED',
  'BAD_REQUEST',
  'NOT_FOUND',
  'NO_LABEL',
  'DASHBOARD_MISSING',
];

/** A SerialsPort that calls `baseUrl` (e.g. http://127.0.0.1:8080) with the API token. */
export function createSerialsApiClient(baseUrl: string, token: string): SerialsPort {
  const base = baseUrl.replace(/\/$/, '');
  const call = async <T>(path: string, init: { body?: string; type?: string } = {}): Promise<T> => {
    const post = init.body !== undefined;
    const res = await fetch(`${base}${path}`, {
      method: post ? 'POST' : 'GET',
      headers: post
        ? { authorization: `Bearer ${token}`, 'content-type': init.type ?? 'application/json' }
        : {},
      body: init.body,
    });
    const answer = (await res.json()) as T & { error?: string; code?: string; report?: ImportReport };
    if (res.ok) return answer;
    if (res.status === 422 && answer.report) throw importRejected(answer.report);
    if (res.status === 400 || res.status === 415) throw new TypeError(answer.error ?? 'bad request');
    if (isErrorCode(answer.code) && !API_ANSWERS.includes(answer.code))
      throw new LinegateError(answer.code, answer.error ?? '');
    throw new Error(`the gateway answered ${res.status}: ${answer.error ?? ''}`);
  };
  const json = (value: unknown) => ({ body: JSON.stringify(value) });
  const query = (filter: SerialFilter, page: { after?: string; limit: number }) => {
    const q = new URLSearchParams({ limit: String(page.limit) });
    if (page.after !== undefined) q.set('after', page.after);
    for (const [k, v] of Object.entries(filter))
      if (v !== undefined) q.set(k, Array.isArray(v) ? v.join(',') : v);
    return q;
  };
  const port: SerialsPort = {
    reserve: (p) => call('/api/serials/reserve', json(p)),
    print: (p) => call('/api/serials/print', json(p)),
    void: (p) => call('/api/serials/void', json(p)),
    importCsv: (p) => {
      const q = new URLSearchParams({ file: p.file, ...(p.scheme !== undefined && { scheme: p.scheme }) });
      return call(`/api/serials/import?${q}`, { body: p.text, type: 'text/csv' });
    },
    receive: (components) => call('/api/components/receive', json({ components })),
    reserialize: (p) => call('/api/serials/reserialize', json(p)),
    page: (filter, page) => call<SerialPage>(`/api/serials?${query(filter, page)}`),
    async *stream(filter): AsyncGenerator<SerialSummary> {
      let after: string | undefined;
      do {
        const page = await port.page(filter, { after, limit: PAGE });
        yield* page.serials;
        after = page.next;
      } while (after !== undefined);
    },
  };
  return port;
}
