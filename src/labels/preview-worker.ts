/**
 * Worker thread of label preview: zpl-renderer-js (zebrash compiled to WASM, inlined, no network)
 * blocks its thread for about 100 ms a label, so it never runs on the gateway's event loop.
 * Messages in: { id, zpl, widthMm, heightMm, dpmm }; out: { id, png (base64) } or { id, error }.
 */
import { parentPort } from 'node:worker_threads';
import { ready } from 'zpl-renderer-js';

interface RenderRequest {
  id: number;
  zpl: string;
  widthMm: number;
  heightMm: number;
  dpmm: number;
}

const port = parentPort;
if (port) {
  port.on('message', (req: RenderRequest) => {
    ready
      .then(({ api }) => api.zplToBase64Async(req.zpl, req.widthMm, req.heightMm, req.dpmm))
      .then((png) => port.postMessage({ id: req.id, png }))
      .catch((err: unknown) =>
        port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) }),
      );
  });
}
