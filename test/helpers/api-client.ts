/** JSON calls to a test gateway's API, with the test token unless told otherwise. */
import { TEST_TOKEN } from './gateway-config';

type Json = Record<string, unknown>;

/** A client of the API at `url()` (read at each call, so it may be built before the gateway starts). */
export function apiClient(url: () => string) {
  const json = { 'content-type': 'application/json' };
  return {
    /** POSTs `body`; answers the status and the JSON body. */
    async post(path: string, body: unknown = {}, auth = true): Promise<{ status: number; body: Json }> {
      const headers = auth ? { ...json, authorization: `Bearer ${TEST_TOKEN}` } : json;
      const res = await fetch(url() + path, { method: 'POST', headers, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Json };
    },
    /** GETs the JSON at `path`. */
    async get(path: string): Promise<Json> {
      return (await fetch(url() + path)).json() as Promise<Json>;
    },
  };
}
